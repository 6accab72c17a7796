using Microsoft.AspNetCore.Mvc.RazorPages;
using Stocktrail.Domain;

namespace Stocktrail.Features.Users;

/// <summary>Where a page sends a signed-in user whose role may not do what they asked: a 403 that names the role.</summary>
public sealed class AccessDeniedModel : PageModel
{
    public string? ReturnUrl { get; private set; }
    public Role? Role { get; private set; }

    /// <summary>The changes the role may make, in the role table's words.</summary>
    public IReadOnlyList<string> Allowed { get; private set; } = [];

    public void OnGet(string? returnUrl)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        ReturnUrl = !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : null;
        Role = Claims.RoleOf(User);
        Allowed = Enum.GetValues<Permission>().Where(User.May).Select(RoleTable.Action).ToList();
    }
}
