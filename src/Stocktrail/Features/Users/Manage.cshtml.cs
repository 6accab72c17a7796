using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Web;

namespace Stocktrail.Features.Users;

/// <summary>What the API keys partial shows: one user's keys, the one just made (with its secret), the refusal of the last try.</summary>
public sealed record ApiKeysView(IReadOnlyList<ApiKeyDto> Keys, NewApiKeyDto? Made, IReadOnlyList<Problem> Problems, int? UserId);

/// <summary>
/// An Administrator's users and API keys: add a user with a role (and a password, or none for a user of API keys
/// only), change a role, deactivate or reactivate, set a password; make a key for a user (the secret shown once) and
/// revoke keys. Every change goes through the same handlers as <c>/api/users</c>, which audit it and end the
/// sessions a change must end.
/// </summary>
[Needs(Permission.Administration)]
public sealed class ManageUsersModel(ManageUsers.Handler manage, ManageApiKeys.Handler keys) : StockPageModel
{
    [BindProperty] public string? NewUserName { get; set; }
    [BindProperty] public string? NewDisplayName { get; set; }
    [BindProperty] public string? NewRole { get; set; }
    [BindProperty] public string? NewPassword { get; set; }

    /// <summary>The user a row's form changes, and whose keys are shown (<c>?userId=</c>).</summary>
    [BindProperty(SupportsGet = true)] public int? UserId { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public bool Active { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? KeyName { get; set; }
    [BindProperty] public DateTime? KeyValidUntil { get; set; }
    [BindProperty] public int? KeyId { get; set; }

    /// <summary>Which form a refusal belongs to: "create", "key", or "user-{id}" for a row.</summary>
    public string? RefusedForm { get; private set; }
    public IReadOnlyList<UserDto> Users { get; private set; } = [];
    public UserDto? KeysOf { get; private set; }
    public IReadOnlyList<ApiKeyDto> Keys { get; private set; } = [];
    public NewApiKeyDto? MadeKey { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostCreateAsync(CancellationToken ct) =>
        RunAsync("create", async () =>
        {
            var user = await manage.CreateAsync(new ManageUsers.CreateRequest(NewUserName, Blank(NewDisplayName), NewRole, Blank(NewPassword)), ct);
            return $"User {user.UserName} added with the role {user.Role}{(NewPassword is null or "" ? ", without a password: make an API key for them, or set one" : "")}.";
        }, ct);

    public Task<IActionResult> OnPostRoleAsync(CancellationToken ct) =>
        RunAsync($"user-{UserId}", async () =>
        {
            var user = await manage.UpdateAsync(UserId ?? 0, new ManageUsers.UpdateRequest(null, Role, null, null), ct);
            return $"{user.UserName} is now {user.Role}.";
        }, ct);

    public Task<IActionResult> OnPostActiveAsync(CancellationToken ct) =>
        RunAsync($"user-{UserId}", async () =>
        {
            var user = await manage.UpdateAsync(UserId ?? 0, new ManageUsers.UpdateRequest(null, null, Active, null), ct);
            return user.IsActive ? $"{user.UserName} is active again." : $"{user.UserName} is deactivated: their sessions and API keys stopped working.";
        }, ct);

    public Task<IActionResult> OnPostPasswordAsync(CancellationToken ct) =>
        RunAsync($"user-{UserId}", async () =>
        {
            if (string.IsNullOrEmpty(Password)) throw StockRuleException.Invalid("Enter the new password (at least 12 characters).");
            var user = await manage.UpdateAsync(UserId ?? 0, new ManageUsers.UpdateRequest(null, null, null, Password), ct);
            return $"Password of {user.UserName} set; their sessions were signed out.";
        }, ct);

    public async Task<IActionResult> OnPostKeyAsync(CancellationToken ct)
    {
        try
        {
            MadeKey = await keys.CreateAsync(UserId ?? 0, ManageApiKeys.CreateRequest.ValidThrough(KeyName, KeyValidUntil), ct);
            Response.Headers.CacheControl = "no-store";
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
        await keys.RevokeAsync(KeyId ?? 0, ct);
        return Done("API key revoked: it no longer works.", $"/setup/users?userId={UserId}#keys");
    }

    private async Task<IActionResult> RunAsync(string form, Func<Task<string>> command, CancellationToken ct)
    {
        try
        {
            var notice = await command();
            return Done(notice, form == "create" ? "/setup/users" : $"/setup/users?userId={UserId}");
        }
        catch (StockRuleException refused)
        {
            ShowRefusal(refused, _ => null);
            RefusedForm = form;
            await LoadAsync(ct);
            return Refused();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Users = await manage.ListAsync(ct);
        KeysOf = Users.FirstOrDefault(u => u.Id == UserId);
        if (KeysOf is not null) Keys = await keys.ListAsync(KeysOf.Id, ct);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
