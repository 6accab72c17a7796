using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.Receiving;

/// <summary>Purchase orders, newest first, by status, supplier, warehouse, product on a line, created date and number or supplier name.</summary>
public static class ListPurchaseOrders
{
    public sealed record Query(PurchaseOrderStatus? Status, int? SupplierId, DocumentFilter Filter);
    public sealed record Item(int Id, string Number, int SupplierId, string SupplierName, int WarehouseId, PurchaseOrderStatus Status, DateTime CreatedAt, string CreatedBy);
    public sealed record Result(IReadOnlyList<Item> Items, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> PageAsync(Query query, CancellationToken ct)
        {
            var (items, next) = await DocumentLists.PageAsync(query.Filter, after => Rows(query, after), i => i.Id, ct);
            return new Result(items, next);
        }

        /// <summary>Every order the filters match, read as it is written out.</summary>
        public IAsyncEnumerable<Item> All(Query query) => DocumentLists.All(query.Filter, after => Rows(query, after));

        private IQueryable<Item> Rows(Query query, int? after)
        {
            var f = query.Filter;
            var orders = db.PurchaseOrders.AsNoTracking().IgnoreAutoIncludes();
            if (after is { } a) orders = orders.Where(o => o.Id < a);
            if (query.Status is { } status) orders = orders.Where(o => o.Status == status);
            if (query.SupplierId is { } supplierId) orders = orders.Where(o => o.SupplierId == supplierId);
            if (f.WarehouseId is { } warehouseId) orders = orders.Where(o => o.WarehouseId == warehouseId);
            if (f.ProductId is { } productId) orders = orders.Where(o => o.Lines.Any(l => l.ProductId == productId));
            if (f.FromTime is { } from) orders = orders.Where(o => o.CreatedAt >= from);
            if (f.ToTime is { } to) orders = orders.Where(o => o.CreatedAt < to);
            var text = f.Text;
            return from o in orders
                join s in db.Suppliers.AsNoTracking() on o.SupplierId equals s.Id
                where text == null || o.Number.ToLower().Contains(text) || s.Name.ToLower().Contains(text)
                join u in db.Users on o.CreatedById equals (int?)u.Id into authors
                from u in authors.DefaultIfEmpty()
                orderby o.Id descending
                select new Item(o.Id, o.Number, o.SupplierId, s.Name, o.WarehouseId, o.Status, o.CreatedAt, u == null ? User.BeforeUsers : u.UserName!);
        }
    }
}
