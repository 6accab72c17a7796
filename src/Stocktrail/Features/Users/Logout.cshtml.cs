using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stocktrail.Features.Audit;

namespace Stocktrail.Features.Users;

/// <summary>Sign-out is a POST with the antiforgery token (the header's button), so that no link on another site signs anyone out.</summary>
public sealed class LogoutModel(SignInManager<User> signIn, AuditTrail audit) : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Claims.IdOf(User) is { } id)
            await audit.RecordNowAsync("signout", $"{User.Identity!.Name} signed out.", id, User.Identity.Name!, ct);
        await signIn.SignOutAsync();
        return Redirect("/login");
    }
}
