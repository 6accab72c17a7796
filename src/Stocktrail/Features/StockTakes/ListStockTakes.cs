using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.StockTakes;

/// <summary>Stock takes, newest first, by status, warehouse, a product with a variance on it, created date and number.</summary>
public static class ListStockTakes
{
    public sealed record Query(StockTakeStatus? Status, DocumentFilter Filter);
    public sealed record Item(int Id, string Number, int WarehouseId, StockTakeStatus Status, DateTime CreatedAt, DateTime? ExportedAt, DateTime? ImportedAt,
        DateTime? CompletedAt, string CreatedBy);
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
            var takes = db.StockTakes.AsNoTracking();
            if (after is { } a) takes = takes.Where(t => t.Id < a);
            if (query.Status is { } status) takes = takes.Where(t => t.Status == status);
            if (f.WarehouseId is { } warehouseId) takes = takes.Where(t => t.WarehouseId == warehouseId);
            if (f.ProductId is { } productId) takes = takes.Where(t => db.StockTakeLines.Any(l => l.StockTakeId == t.Id && l.ProductId == productId));
            if (f.FromTime is { } from) takes = takes.Where(t => t.CreatedAt >= from);
            if (f.ToTime is { } to) takes = takes.Where(t => t.CreatedAt < to);
            if (f.Text is { } text) takes = takes.Where(t => t.Number.ToLower().Contains(text));
            return from t in takes
                join u in db.Users on t.CreatedById equals (int?)u.Id into authors
                from u in authors.DefaultIfEmpty()
                orderby t.Id descending
                select new Item(t.Id, t.Number, t.WarehouseId, t.Status, t.CreatedAt, t.ExportedAt, t.ImportedAt, t.CompletedAt, u == null ? User.BeforeUsers : u.UserName!);
        }
    }
}
