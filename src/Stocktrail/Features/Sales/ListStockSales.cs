using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.Sales;

/// <summary>Stock sales, newest first, by status, customer, warehouse, product on a line, created date and number or customer name.</summary>
public static class ListStockSales
{
    public sealed record Query(StockSaleStatus? Status, int? CustomerId, DocumentFilter Filter);
    public sealed record Item(int Id, string Number, int CustomerId, string CustomerName, int WarehouseId, StockSaleStatus Status, DateTime CreatedAt, string CreatedBy);
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
            var sales = db.StockSales.AsNoTracking().IgnoreAutoIncludes();
            if (after is { } a) sales = sales.Where(s => s.Id < a);
            if (query.Status is { } status) sales = sales.Where(s => s.Status == status);
            if (query.CustomerId is { } customerId) sales = sales.Where(s => s.CustomerId == customerId);
            if (f.WarehouseId is { } warehouseId) sales = sales.Where(s => s.WarehouseId == warehouseId);
            if (f.ProductId is { } productId) sales = sales.Where(s => s.Lines.Any(l => l.ProductId == productId));
            if (f.FromTime is { } from) sales = sales.Where(s => s.CreatedAt >= from);
            if (f.ToTime is { } to) sales = sales.Where(s => s.CreatedAt < to);
            var text = f.Text;
            return from s in sales
                join c in db.Customers.AsNoTracking() on s.CustomerId equals c.Id
                where text == null || s.Number.ToLower().Contains(text) || c.Name.ToLower().Contains(text)
                join u in db.Users on s.CreatedById equals (int?)u.Id into authors
                from u in authors.DefaultIfEmpty()
                orderby s.Id descending
                select new Item(s.Id, s.Number, s.CustomerId, c.Name, s.WarehouseId, s.Status, s.CreatedAt, u == null ? User.BeforeUsers : u.UserName!);
        }
    }
}
