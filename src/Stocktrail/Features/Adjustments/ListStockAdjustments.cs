using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.Adjustments;

/// <summary>
/// Stock adjustments, newest first, by warehouse, product on a line, created date and number or reason. An adjustment
/// is posted when it is made, so it has no status.
/// </summary>
public static class ListStockAdjustments
{
    public sealed record Query(DocumentFilter Filter);
    public sealed record Item(int Id, string Number, int WarehouseId, string Reason, DateTime EffectiveDate, int LineCount, DateTime CreatedAt, string CreatedBy);
    public sealed record Result(IReadOnlyList<Item> Items, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> PageAsync(Query query, CancellationToken ct)
        {
            var (items, next) = await DocumentLists.PageAsync(query.Filter, after => Rows(query, after), i => i.Id, ct);
            return new Result(items, next);
        }

        public IAsyncEnumerable<Item> All(Query query) => DocumentLists.All(query.Filter, after => Rows(query, after));

        private IQueryable<Item> Rows(Query query, int? after)
        {
            var f = query.Filter;
            var adjustments = db.StockAdjustments.AsNoTracking().IgnoreAutoIncludes();
            if (after is { } a) adjustments = adjustments.Where(x => x.Id < a);
            if (f.WarehouseId is { } warehouseId) adjustments = adjustments.Where(x => x.WarehouseId == warehouseId);
            if (f.ProductId is { } productId) adjustments = adjustments.Where(x => x.Lines.Any(l => l.ProductId == productId));
            if (f.FromTime is { } from) adjustments = adjustments.Where(x => x.CreatedAt >= from);
            if (f.ToTime is { } to) adjustments = adjustments.Where(x => x.CreatedAt < to);
            if (f.Text is { } text) adjustments = adjustments.Where(x => x.Number.ToLower().Contains(text) || x.Reason.ToLower().Contains(text));
            return from x in adjustments
                join u in db.Users on x.CreatedById equals (int?)u.Id into authors
                from u in authors.DefaultIfEmpty()
                orderby x.Id descending
                select new Item(x.Id, x.Number, x.WarehouseId, x.Reason, x.EffectiveDate, x.Lines.Count, x.CreatedAt, u == null ? User.BeforeUsers : u.UserName!);
        }
    }
}
