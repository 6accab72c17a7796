using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.Transfers;

/// <summary>
/// Stock transfers, newest first, by warehouse (either end), product on a line, created date and number. A transfer is
/// posted when it is made, so it has no status.
/// </summary>
public static class ListStockTransfers
{
    public sealed record Query(DocumentFilter Filter);
    public sealed record Item(int Id, string Number, int FromWarehouseId, int ToWarehouseId, int LineCount, DateTime CreatedAt, string CreatedBy);
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
            var transfers = db.StockTransfers.AsNoTracking().IgnoreAutoIncludes();
            if (after is { } a) transfers = transfers.Where(t => t.Id < a);
            if (f.WarehouseId is { } warehouseId) transfers = transfers.Where(t => t.FromWarehouseId == warehouseId || t.ToWarehouseId == warehouseId);
            if (f.ProductId is { } productId) transfers = transfers.Where(t => t.Lines.Any(l => l.ProductId == productId));
            if (f.FromTime is { } from) transfers = transfers.Where(t => t.CreatedAt >= from);
            if (f.ToTime is { } to) transfers = transfers.Where(t => t.CreatedAt < to);
            if (f.Text is { } text) transfers = transfers.Where(t => t.Number.ToLower().Contains(text));
            return from t in transfers
                join u in db.Users on t.CreatedById equals (int?)u.Id into authors
                from u in authors.DefaultIfEmpty()
                orderby t.Id descending
                select new Item(t.Id, t.Number, t.FromWarehouseId, t.ToWarehouseId, t.Lines.Count, t.CreatedAt, u == null ? User.BeforeUsers : u.UserName!);
        }
    }
}
