using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Web;

namespace Stocktrail.Features.Users;

/// <summary>
/// The one-time setup link a first start prints (<see cref="FirstRun"/>): while no user exists, and the link is unused
/// and under an hour old, it makes the first Administrator, and signs them in. It works once.
/// </summary>
[AllowAnonymous]
public sealed class FirstAdminModel(StocktrailDbContext db, ManageUsers.Handler manage, UserManager<User> users, SignInManager<User> signIn,
    AuditTrail audit, TimeProvider clock) : StockPageModel
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

        // Claimed with one conditional update, so that two submits at the same moment cannot both make an Administrator.
        var hash = ApiKeys.Hash(Token!);
        var now = clock.GetUtcNow().UtcDateTime;
        var tokens = db.Set<SetupToken>().Where(t => t.Hash == hash);
        if (await tokens.Where(t => t.UsedAt == null && t.ExpiresAt > now).ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, (DateTime?)now), ct) == 0)
            return Refuse("This setup link was used a moment ago.");
        UserDto made;
        try
        {
            made = await manage.CreateAsync(new ManageUsers.CreateRequest(UserName, string.IsNullOrWhiteSpace(DisplayName) ? null : DisplayName,
                nameof(Role.Administrator), Password), ct);
        }
        catch (StockRuleException refused)
        {
            // Nothing was made: the link stays usable for a better try.
            await tokens.ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, (DateTime?)null), ct);
            ShowRefusal(refused, _ => null);
            return Refused();
        }
        var user = await users.FindByIdAsync(made.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            ?? throw new InvalidOperationException($"The user {made.UserName} just made is not found.");
        await audit.RecordNowAsync("setup.first-admin", $"First Administrator {user.UserName} made with the one-time setup link.", user.Id, user.UserName!, ct);
        await signIn.SignInAsync(user, isPersistent: false);
        return Done($"Welcome, {user.DisplayName}: you are the first Administrator. Add warehouses, then users.", "/setup");
    }

    private async Task<string?> WhyNotAsync(CancellationToken ct)
    {
        if (string.IsNullOrEmpty(Token) || Token.Length > ApiKeys.MaxLength)
            return "This page needs the whole setup link Stocktrail printed to its log at first start (…/setup/first-admin?token=…).";
        if (await db.Users.AnyAsync(ct)) return "Stocktrail already has users, so the setup link no longer works: sign in, or ask an Administrator.";
        var hash = ApiKeys.Hash(Token);
        var token = await db.Set<SetupToken>().AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash, ct);
        if (token is null) return "This setup link is not known: copy the whole link from the log.";
        if (token.UsedAt is not null) return "This setup link was already used: it works once.";
        if (token.ExpiresAt <= clock.GetUtcNow().UtcDateTime)
            return "This setup link has expired (it works for an hour). Restart Stocktrail: it prints a new one while no user exists.";
        return null;
    }

    private PageResult Refuse(string why)
    {
        Unusable = why;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
