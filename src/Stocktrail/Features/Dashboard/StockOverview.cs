using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Dashboard;

/// <summary>
/// The stock dashboard's table: per product, on hand in each warehouse, incoming on approved purchase orders, and value.
/// Products with nothing on hand or incoming are left out unless asked for. At most <see cref="MaxProducts"/> products
/// are read, in SKU order (a search narrows them); the total value is summed in the database over every product the
/// search matches, so it is right however many there are.
/// </summary>
public static class StockOverview
{
    public const int MaxProducts = 1000;

    /// <param name="More">True when more products match than were read, and only the first by SKU are listed.</param>
    public sealed record Result(IReadOnlyList<Warehouse> Warehouses, IReadOnlyList<Row> Rows, decimal TotalValue, bool More = false);
    public sealed record Warehouse(int Id, string Code);
    public sealed record Row(int ProductId, string Sku, string Name, TrackingType TrackingType, bool IsActive,
        IReadOnlyDictionary<int, decimal> OnHand, decimal TotalOnHand, decimal Incoming, decimal Value);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(string? search, bool showEmpty, CancellationToken ct, int maxProducts = MaxProducts)
        {
            var products = db.Products.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(search))
            {
                var key = search.Trim().ToUpperInvariant();
                products = products.Where(p => p.SkuKey.Contains(key) || p.Name.ToUpper().Contains(key));
            }
            var list = await products.OrderBy(p => p.SkuKey).Take(maxProducts + 1).ToListAsync(ct);
            var more = list.Count > maxProducts;
            if (more) list.RemoveAt(maxProducts);
            var totalValue = await db.StockLevels.AsNoTracking().Where(l => products.Any(p => p.Id == l.ProductId)).SumAsync(l => l.Value, ct);
            var ids = list.Select(p => p.Id).ToList();
            var levels = await db.StockLevels.AsNoTracking().Where(l => ids.Contains(l.ProductId)).ToListAsync(ct);
            var incoming = await (
                from line in db.PurchaseOrderLines.AsNoTracking()
                join order in db.PurchaseOrders.AsNoTracking().IgnoreAutoIncludes() on line.PurchaseOrderId equals order.Id
                where ids.Contains(line.ProductId) &&
                      (order.Status == PurchaseOrderStatus.Approved || order.Status == PurchaseOrderStatus.PartiallyReceived)
                select new { line.ProductId, Open = line.Quantity - line.ReceivedQuantity }).ToListAsync(ct);
            var warehouses = await db.Warehouses.AsNoTracking().OrderBy(w => w.CodeKey).Select(w => new Warehouse(w.Id, w.Code)).ToListAsync(ct);

            // Grouped once: a thousand products, each looking through every level, would be a million comparisons.
            var levelsOf = levels.ToLookup(l => l.ProductId);
            var incomingOf = incoming.GroupBy(i => i.ProductId).ToDictionary(g => g.Key, g => g.Sum(i => i.Open));
            var rows = list.Select(p =>
            {
                var own = levelsOf[p.Id].ToList();
                return new Row(p.Id, p.Sku, p.Name, p.TrackingType, p.IsActive,
                    own.ToDictionary(l => l.WarehouseId, l => l.OnHand), own.Sum(l => l.OnHand),
                    incomingOf.GetValueOrDefault(p.Id), own.Sum(l => l.Value));
            }).Where(r => showEmpty || r.TotalOnHand != 0 || r.Incoming != 0).ToList();
            return new Result(warehouses, rows, totalValue, more);
        }
    }
}
