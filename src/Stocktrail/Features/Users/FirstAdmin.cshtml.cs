using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Web;

namespace Stocktrail.Features.Users;

/// <summary>
/// The one-time setup link a first start prints (<see cref="FirstRun"/>): while no user exists, and the link is unused
/// and under an hour old, it makes the first Administrator, and signs them in. It works once.
/// </summary>
[AllowAnonymous]
public sealed class FirstAdminModel(SetupLink.Handler link, ManageUsers.Handler manage, UserManager<User> users, SignInManager<User> signIn,
    AuditTrail audit) : StockPageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }

    /// <summary>Why the link cannot be used, when it cannot.</summary>
    public string? Unusable { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await WhyNotAsync(ct) is { } why ? Refuse(why) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await WhyNotAsync(ct) is { } why) return Refuse(why);
        if (string.IsNullOrEmpty(Password)) AddProblem("Choose a password of at least 12 characters.");
        else if (Password != ConfirmPassword) AddProblem("The two passwords differ: type the same one twice.");
        if (HasProblems) return Refused();

        if (!await link.ClaimAsync(Token!, ct)) return Refuse("This setup link was used a moment ago.");
        UserDto made;
        try
        {
            made = await manage.CreateAsync(new ManageUsers.CreateRequest(UserName, string.IsNullOrWhiteSpace(DisplayName) ? null : DisplayName,
                nameof(Role.Administrator), Password), ct);
        }
        catch (StockRuleException refused)
        {
            await link.ReleaseAsync(Token!, ct);
            ShowRefusal(refused, _ => null);
            return Refused();
        }
        var user = await users.FindByIdAsync(made.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            ?? throw new InvalidOperationException($"The user {made.UserName} just made is not found.");
        await audit.RecordNowAsync("setup.first-admin", $"First Administrator {user.UserName} made with the one-time setup link.", user.Id, user.UserName!, ct);
        await signIn.SignInAsync(user, isPersistent: false);
        return Done($"Welcome, {user.DisplayName}: you are the first Administrator. Add warehouses, then users.", "/setup");
    }

    private Task<string?> WhyNotAsync(CancellationToken ct) => link.WhyNotAsync(Token, ct);

    private PageResult Refuse(string why)
    {
        Unusable = why;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
