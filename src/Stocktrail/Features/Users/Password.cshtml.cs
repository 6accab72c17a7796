using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Web;

namespace Stocktrail.Features.Users;

/// <summary>
/// The signed-in user's own account: change the password (the current one first; the sign-in is renewed, every other
/// session of the user ends), and their own API keys, made and revoked, the secret shown once.
/// </summary>
public sealed class PasswordModel(UserManager<User> users, SignInManager<User> signIn, ManageApiKeys.Handler keys, AuditTrail audit) : StockPageModel
{
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }
    [BindProperty] public string? KeyName { get; set; }
    [BindProperty] public DateTime? KeyValidUntil { get; set; }
    [BindProperty] public int? KeyId { get; set; }

    public string? RefusedForm { get; private set; }
    public IReadOnlyList<ApiKeyDto> Keys { get; private set; } = [];

    /// <summary>The key just made: its secret is on this one answer, never again.</summary>
    public NewApiKeyDto? MadeKey { get; private set; }

    private int Me => Claims.IdOf(User) ?? throw StockRuleException.NotFound("The signed-in user is not known.");

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (string.IsNullOrEmpty(NewPassword)) AddProblem("Enter the new password.");
        else if (NewPassword != ConfirmPassword) AddProblem("The new password and its repetition differ: type the same one twice.");
        if (!HasProblems)
        {
            var result = await users.ChangePasswordAsync(user, CurrentPassword ?? "", NewPassword!);
            if (result.Succeeded)
            {
                // The password change renewed the security stamp, which ends every session; this one goes on.
                await signIn.RefreshSignInAsync(user);
                await audit.RecordNowAsync("password.changed", $"{user.UserName} changed their password.", user.Id, user.UserName!, ct);
                return Done("Your password is changed; your other sessions are signed out.", "/password");
            }
            foreach (var error in result.Errors)
                AddProblem(error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "The current password is wrong." : error.Description);
        }
        RefusedForm = "password";
        await LoadAsync(ct);
        return Refused();
    }

    public async Task<IActionResult> OnPostKeyAsync(CancellationToken ct)
    {
        try
        {
            MadeKey = await keys.CreateAsync(Me, ManageApiKeys.CreateRequest.ValidThrough(KeyName, KeyValidUntil), ct);
            Response.Headers.CacheControl = "no-store";
            KeyName = null;
            KeyValidUntil = null;
            await LoadAsync(ct);
            return Page();
        }
        catch (StockRuleException refused)
        {
            ShowRefusal(refused, _ => null);
            RefusedForm = "key";
            await LoadAsync(ct);
            return Refused();
        }
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        // Only a key of one's own: the id comes from the form, so it is looked up among the user's keys.
        var mine = await keys.ListAsync(Me, ct);
        if (mine.FirstOrDefault(k => k.Id == KeyId) is not { } key) return NotFound();
        await keys.RevokeAsync(key.Id, ct);
        return Done($"API key {key.Name} ({key.Prefix}…) revoked: it no longer works.", "/password");
    }

    private async Task LoadAsync(CancellationToken ct) => Keys = await keys.ListAsync(Me, ct);
}
