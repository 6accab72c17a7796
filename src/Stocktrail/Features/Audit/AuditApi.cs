using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Audit;

public static class AuditApi
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/audit", async Task<Ok<ListAudit.Result>> (DateTime? from, DateTime? to, int? userId, string? after, string? before, int? page, int? pageSize, ListAudit.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(new ListAudit.Query(from, to, userId, page, pageSize, after, before), ct))).Requires(Permission.Administration).WithTags("Administration")
            .Describe("ListAudit", "Read the audit log", "Newest first, a page at a time (100 unless asked, at most 1,000). Pass an answer's next as after " +
                "for the page that follows (or page=2, 3, …, slower deep in the log); no next (hasMore false) means the last page. Pass its prev as before " +
                "for the page just before it; no prev means the newest page.");
}

/// <summary>
/// The audit log, newest first, a page at a time (100 lines unless asked, at most 1,000), by key (<see cref="ListPage"/>):
/// the lines before the one <c>after</c> names in (time, id) order, read by the time or (user, time) index.
/// </summary>
public static class ListAudit
{
    public sealed record Query(DateTime? From, DateTime? To, int? UserId, int? Page, int? PageSize, string? After = null, string? Before = null);
    public sealed record Item(long Id, DateTime OccurredAt, int? UserId, string UserName, string Action, string? DocumentType, string? DocumentNumber, string Detail);
    /// <param name="Page">The numbered page asked for (1 when neither it nor a key was); null for a page read by after or before.</param>
    public sealed record Result(IReadOnlyList<Item> Items, int? Page, int PageSize, bool HasMore,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Prev = null);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken ct)
        {
            var problems = new ProblemList();
            var at = ListPage.Check(query.After, query.Page, query.PageSize, problems, before: query.Before);
            problems.ThrowIfAny();
            var entries = db.AuditEntries.AsNoTracking();
            if (query.From is { } from) entries = entries.Where(e => e.OccurredAt >= from.ToUniversalTime());
            if (query.To is { } to) entries = entries.Where(e => e.OccurredAt < to.ToUniversalTime());
            if (query.UserId is { } userId) entries = entries.Where(e => e.UserId == userId);
            if (at.Before is { } beforeId)
            {
                var first = await TimeOf(beforeId, ct) ?? throw new StockRuleException(ListPage.NotAPageBefore(query.Before!));
                var back = await Read(entries.Where(e => e.OccurredAt >= first && (e.OccurredAt > first || e.Id > beforeId))
                    .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).Take(at.Size + 1), ct);
                if (at.Back(back, e => e.Id) is { } paged) return new Result(paged.Items, null, at.Size, paged.Next is not null, paged.Next, paged.Prev);
                at = at.First;
            }
            if (at.After is { } afterId)
            {
                var last = await TimeOf(afterId, ct) ?? throw new StockRuleException(ListPage.NotAPage(query.After!));
                entries = entries.Where(e => e.OccurredAt <= last && (e.OccurredAt < last || e.Id < afterId));
            }
            var page = at.Forward(await Read(entries.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Skip(at.Skip).Take(at.Size + 1), ct), e => e.Id);
            return new Result(page.Items, at.After is null ? query.Page ?? 1 : null, at.Size, page.Next is not null, page.Next, page.Prev);
        }

        private Task<DateTime?> TimeOf(long id, CancellationToken ct) =>
            db.AuditEntries.AsNoTracking().Where(e => e.Id == id).Select(e => (DateTime?)e.OccurredAt).FirstOrDefaultAsync(ct);

        private static Task<List<Item>> Read(IQueryable<AuditEntry> entries, CancellationToken ct) =>
            entries.Select(e => new Item(e.Id, e.OccurredAt, e.UserId, e.UserName, e.Action, e.DocumentType, e.DocumentNumber, e.Detail)).ToListAsync(ct);
    }
}
