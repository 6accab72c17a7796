using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.Sales;

/// <summary>The newest sales first, with their customer, for a list to pick one from.</summary>
public static class ListStockSales
{
    public sealed record Item(int Id, string Number, int CustomerId, string CustomerName, int WarehouseId, StockSaleStatus Status, DateTime CreatedAt, string CreatedBy);
    public sealed record Result(IReadOnlyList<Item> Items);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(CancellationToken ct) =>
            new(await (
                from s in db.StockSales.AsNoTracking().IgnoreAutoIncludes()
                join c in db.Customers.AsNoTracking() on s.CustomerId equals c.Id
                join u in db.Users on s.CreatedById equals (int?)u.Id into authors
                from u in authors.DefaultIfEmpty()
                orderby s.Id descending
                select new Item(s.Id, s.Number, s.CustomerId, c.Name, s.WarehouseId, s.Status, s.CreatedAt, u == null ? User.BeforeUsers : u.UserName!))
                .Take(500).ToListAsync(ct));
    }
}
