using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Features.Audit;

namespace Stocktrail.Features.Users;

/// <summary>
/// Sign-in for the pages: Identity's password check, with its lockout (5 wrong passwords in a row lock the account for
/// 5 minutes). Every attempt is in the audit log, a failed one with the user name as it was typed.
/// </summary>
[AllowAnonymous]
public sealed class LoginModel(SignInManager<User> signIn, UserManager<User> users, AuditTrail audit, TimeProvider clock) : PageModel
{
    public const string WrongPassword = "The user name or password is wrong.";

    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    /// <summary>No user yet: the way in is the setup link printed at start-up.</summary>
    public bool NoUsers { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => NoUsers = !await users.Users.AnyAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var typed = UserName?.Trim() ?? "";
        if (typed.Length == 0 || string.IsNullOrEmpty(Password)) return Refuse("Enter your user name and your password.");
        // What was typed goes into the log as typed, but never more of it than a user name can be.
        var logged = typed.Length > 64 ? typed[..64] + "…" : typed;

        var user = await users.FindByNameAsync(typed);
        if (user is null)
        {
            await audit.RecordNowAsync("signin.failed", $"Sign-in refused: there is no user named {logged}.", null, logged, ct);
            return Refuse(WrongPassword);
        }
        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.RecordNowAsync("signin", $"{user.UserName} signed in.", user.Id, user.UserName!, ct);
            return LocalRedirect(SafeReturnUrl(ReturnUrl));
        }
        if (result.IsLockedOut)
        {
            var until = await users.GetLockoutEndDateAsync(user);
            var minutes = until is { } end ? Math.Max(1, (int)Math.Ceiling((end - clock.GetUtcNow()).TotalMinutes)) : 5;
            await audit.RecordNowAsync("signin.locked", $"Sign-in refused: {user.UserName} is locked after too many wrong passwords.", user.Id, user.UserName!, ct);
            return Refuse($"This account is locked for {minutes} minute{(minutes == 1 ? "" : "s")} after 5 wrong passwords in a row. Wait, then try again, or ask an Administrator.");
        }
        // A deactivated user is told no more than a wrong password is: the page does not say which names exist.
        await audit.RecordNowAsync("signin.failed",
            result.IsNotAllowed ? $"Sign-in refused: {user.UserName} is deactivated." : $"Sign-in refused: wrong password for {user.UserName}.",
            user.Id, user.UserName!, ct);
        return Refuse(WrongPassword);
    }

    /// <summary>Only a path on this site: a link to the login page cannot send the user elsewhere once signed in.</summary>
    public string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) && !url.StartsWith("/login", StringComparison.OrdinalIgnoreCase)
            && !url.StartsWith("/logout", StringComparison.OrdinalIgnoreCase) ? url : "/";

    private PageResult Refuse(string error)
    {
        Error = error;
        Password = null;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
