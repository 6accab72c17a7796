using System.Security.Claims;
using Stocktrail.Domain;

namespace Stocktrail.Features.Users;

/// <summary>
/// Who is making the change this scope makes: the signed-in user or API key's user of the request, or the user a
/// background job or start-up task acts for. The ledger, the documents and the audit log record it.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http)
{
    /// <summary>The author of what Stocktrail does itself, with no user behind it (the first user made at start-up).</summary>
    public const string System = "(system)";

    private (int Id, string Name)? _actingAs;

    public int? Id => _actingAs?.Id ?? Claims.IdOf(http.HttpContext?.User);

    public string? Name => _actingAs?.Name ?? (Claims.IdOf(http.HttpContext?.User) is null ? null : http.HttpContext!.User.Identity?.Name);

    /// <summary>For work done outside a request on a user's behalf (a background import, demo data).</summary>
    public void ActAs(int userId, string userName) => _actingAs = (userId, userName);
}

/// <summary>What a signed-in principal carries: its user id, name and role.</summary>
public static class Claims
{
    /// <summary>The name the pages' header shows; the sign-in cookie carries it, renewed with the security stamp.</summary>
    public const string DisplayNameClaim = "stocktrail:display_name";

    public static string DisplayNameOf(ClaimsPrincipal principal) =>
        principal.FindFirstValue(DisplayNameClaim) is { Length: > 0 } name ? name : principal.Identity?.Name ?? "";

    public static int? IdOf(ClaimsPrincipal? principal) =>
        principal?.FindFirstValue(ClaimTypes.NameIdentifier) is { } text && int.TryParse(text, out var id) ? id : null;

    public static Role? RoleOf(ClaimsPrincipal? principal) =>
        principal?.FindFirstValue(ClaimTypes.Role) is { } text && Enum.TryParse<Role>(text, out var role) ? role : null;

    /// <summary>Whether the caller's role may make this kind of change (pages ask it to show only the actions allowed).</summary>
    public static bool May(this ClaimsPrincipal principal, Permission permission) =>
        RoleOf(principal) is { } role && RoleTable.May(role, permission);
}
