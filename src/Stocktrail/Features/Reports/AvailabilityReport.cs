using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Reports;

/// <summary>Serial and batch availability: every serial in stock and every batch with stock, and where each is.</summary>
public static class AvailabilityReport
{
    public sealed record Result(IReadOnlyList<Item> Items);
    public sealed record Item(int ProductId, string Sku, int WarehouseId, string WarehouseCode, string? Serial, string? Batch, decimal OnHand, decimal UnitCost);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(int? productId, int? warehouseId, CancellationToken ct)
        {
            var skus = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Sku, ct);
            if (productId is not null && !skus.ContainsKey(productId.Value)) throw StockRuleException.NotFound($"There is no product with id {productId}.");
            var codes = await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Code, ct);

            var serials = await db.SerialUnits.AsNoTracking()
                .Where(u => u.Status == SerialStatus.InStock && (productId == null || u.ProductId == productId) && (warehouseId == null || u.WarehouseId == warehouseId))
                .Select(u => new { u.ProductId, WarehouseId = u.WarehouseId!.Value, u.Serial, u.UnitCost }).ToListAsync(ct);
            var layers = await db.CostLayers.AsNoTracking()
                .Where(l => l.Batch != null && l.Remaining > 0 && (productId == null || l.ProductId == productId) && (warehouseId == null || l.WarehouseId == warehouseId))
                .Select(l => new { l.ProductId, l.WarehouseId, l.Batch, l.BatchKey, l.Remaining, l.UnitCost }).ToListAsync(ct);

            var items = serials.Select(u => new Item(u.ProductId, skus[u.ProductId], u.WarehouseId, codes[u.WarehouseId], u.Serial, null, 1, u.UnitCost))
                .Concat(layers.GroupBy(l => (l.ProductId, l.WarehouseId, l.BatchKey)).Select(g =>
                {
                    var onHand = g.Sum(l => l.Remaining);
                    return new Item(g.Key.ProductId, skus[g.Key.ProductId], g.Key.WarehouseId, codes[g.Key.WarehouseId], null, g.First().Batch, onHand,
                        Math.Round(g.Sum(l => l.Remaining * l.UnitCost) / onHand, 6));
                }))
                .OrderBy(i => i.Sku, StringComparer.OrdinalIgnoreCase).ThenBy(i => i.WarehouseCode, StringComparer.OrdinalIgnoreCase)
                .ThenBy(i => i.Serial ?? i.Batch, StringComparer.OrdinalIgnoreCase).ToList();
            return new Result(items);
        }
    }
}
