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

    /// <summary>The page's start, the <c>next</c> of the page before; none for the newest lines.</summary>
    public string? After { get; private set; }

    /// <summary>Why the log could not be read as asked (a bad page key): shown above an empty log, as the API would answer 400.</summary>
    public IReadOnlyList<Problem> ListProblems { get; private set; } = [];

    /// <summary>The page's end, for a step back: the <c>prev</c> of the page after.</summary>
    public string? Before { get; private set; }

    public async Task OnGetAsync(int? userId, [FromQuery] string? after, [FromQuery] string? before, CancellationToken ct)
    {
        UserId = userId;
        After = after;
        Before = before;
        Users = await users.ListAsync(ct);
        try
        {
            Log = await list.HandleAsync(new ListAudit.Query(null, null, userId, null, PageSize, after, before), ct);
        }
        catch (StockRuleException refused)
        {
            ListProblems = refused.Problems;
            Log = new ListAudit.Result([], null, PageSize, false, null);
        }
    }

    /// <summary>The log for the same user from <paramref name="after"/> on, or up to <paramref name="before"/> (the newest lines for neither).</summary>
    public string PageUrl(string? after, string? before = null) =>
        "/audit" + QueryString.Create(new Dictionary<string, string?> { ["userId"] = UserId?.ToString(), ["after"] = after, ["before"] = before }.Where(q => q.Value is not null));
}
