using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Dashboard;

/// <summary>
/// Stock on hand and value per warehouse, and what is incoming: the quantity still open on approved purchase orders
/// (a Draft order is not yet placed, a Completed one is closed).
/// </summary>
public static class ProductStock
{
    public sealed record Result(int ProductId, string Sku, TrackingType TrackingType, decimal OnHand, decimal Value, decimal Incoming, IReadOnlyList<WarehouseStock> Warehouses);
    public sealed record WarehouseStock(int WarehouseId, string WarehouseCode, decimal OnHand, decimal Value, decimal Incoming);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(int productId, CancellationToken ct)
        {
            var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == productId, ct)
                ?? throw StockRuleException.NotFound($"There is no product with id {productId}.");
            var levels = await db.StockLevels.AsNoTracking().Where(l => l.ProductId == productId).ToListAsync(ct);
            var incoming = await (
                from line in db.PurchaseOrderLines.AsNoTracking()
                join order in db.PurchaseOrders.AsNoTracking().IgnoreAutoIncludes() on line.PurchaseOrderId equals order.Id
                where line.ProductId == productId &&
                      (order.Status == PurchaseOrderStatus.Approved || order.Status == PurchaseOrderStatus.PartiallyReceived)
                select new { order.WarehouseId, line.Quantity, line.ReceivedQuantity }).ToListAsync(ct);
            var warehouses = await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Code, ct);

            var incomingByWarehouse = incoming.GroupBy(i => i.WarehouseId).ToDictionary(g => g.Key, g => g.Sum(i => i.Quantity - i.ReceivedQuantity));
            var rows = levels.Select(l => l.WarehouseId).Union(incomingByWarehouse.Keys).Order().Select(w =>
            {
                var level = levels.FirstOrDefault(l => l.WarehouseId == w);
                return new WarehouseStock(w, warehouses[w], level?.OnHand ?? 0, level?.Value ?? 0, incomingByWarehouse.GetValueOrDefault(w));
            }).ToList();
            return new Result(product.Id, product.Sku, product.TrackingType, rows.Sum(r => r.OnHand), rows.Sum(r => r.Value), rows.Sum(r => r.Incoming), rows);
        }
    }
}
