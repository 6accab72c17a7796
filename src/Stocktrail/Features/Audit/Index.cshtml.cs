using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Audit;

/// <summary>The audit log for an Administrator, newest first, a page at a time, for everyone or one user.</summary>
[Needs(Permission.Administration)]
public sealed class AuditLogModel(ListAudit.Handler list, ManageUsers.Handler users) : StockPageModel
{
    public const int PageSize = 50;

    public ListAudit.Result Log { get; private set; } = null!;
    public IReadOnlyList<UserDto> Users { get; private set; } = [];
    public int? UserId { get; private set; }

    // "page" is also Razor Pages' own route value (the page's name): read from the query string only.
    public async Task OnGetAsync(int? userId, [FromQuery] int? page, CancellationToken ct)
    {
        UserId = userId;
        Users = await users.ListAsync(ct);
        Log = await list.HandleAsync(new ListAudit.Query(null, null, userId, Math.Max(1, page ?? 1), PageSize), ct);
    }

    public string PageUrl(int page) => $"/audit?page={page}{(UserId is { } u ? $"&userId={u}" : "")}";
}
