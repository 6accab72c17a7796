using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Audit;

public static class AuditApi
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/audit", async Task<Ok<ListAudit.Result>> (DateTime? from, DateTime? to, int? userId, int? page, int? pageSize, ListAudit.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(new ListAudit.Query(from, to, userId, page, pageSize), ct))).Requires(Permission.Administration).WithTags("Administration")
            .Describe("ListAudit", "Read the audit log", "Newest first, a page at a time (100 unless asked, at most 1,000).");
}

/// <summary>The audit log, newest first, a page at a time (100 lines unless asked, at most 1,000).</summary>
public static class ListAudit
{
    public sealed record Query(DateTime? From, DateTime? To, int? UserId, int? Page, int? PageSize);
    public sealed record Item(long Id, DateTime OccurredAt, int? UserId, string UserName, string Action, string? DocumentType, string? DocumentNumber, string Detail);
    public sealed record Result(IReadOnlyList<Item> Items, int Page, int PageSize, bool HasMore);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken ct)
        {
            var page = query.Page ?? 1;
            var size = query.PageSize ?? 100;
            if (page < 1) throw StockRuleException.Invalid("page starts at 1.");
            if (size is < 1 or > 1000) throw StockRuleException.Invalid("pageSize is 1 to 1,000.");
            var entries = db.AuditEntries.AsNoTracking();
            if (query.From is { } from) entries = entries.Where(e => e.OccurredAt >= from.ToUniversalTime());
            if (query.To is { } to) entries = entries.Where(e => e.OccurredAt < to.ToUniversalTime());
            if (query.UserId is { } userId) entries = entries.Where(e => e.UserId == userId);
            var rows = await entries.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
                .Skip((page - 1) * size).Take(size + 1)
                .Select(e => new Item(e.Id, e.OccurredAt, e.UserId, e.UserName, e.Action, e.DocumentType, e.DocumentNumber, e.Detail))
                .ToListAsync(ct);
            return new Result(rows.Take(size).ToList(), page, size, rows.Count > size);
        }
    }
}
