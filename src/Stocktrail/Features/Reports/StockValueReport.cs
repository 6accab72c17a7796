using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;

namespace Stocktrail.Features.Reports;

/// <summary>Stock on hand and value per product and warehouse at a moment, added up from the ledger rows up to then.</summary>
public static class StockValueReport
{
    public sealed record Result(DateTime At, IReadOnlyList<Item> Items, decimal Total);
    public sealed record Item(int ProductId, string Sku, int WarehouseId, string WarehouseCode, decimal OnHand, decimal Value);

    public sealed class Handler(StocktrailDbContext db, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(DateTime? at, int? warehouseId, CancellationToken ct)
        {
            var until = at is null ? clock.GetUtcNow().UtcDateTime : at.Value.ToUniversalTime();
            var rows = db.StockMovements.AsNoTracking().Where(m => m.OccurredAt <= until && (warehouseId == null || m.WarehouseId == warehouseId))
                .Select(m => new { m.ProductId, m.WarehouseId, m.Quantity, m.Value });
            var totals = new Dictionary<(int ProductId, int WarehouseId), (decimal OnHand, decimal Value)>();
            await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
            {
                var (onHand, value) = totals.GetValueOrDefault((row.ProductId, row.WarehouseId));
                totals[(row.ProductId, row.WarehouseId)] = (onHand + row.Quantity, value + row.Value);
            }
            var skus = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Sku, ct);
            var codes = await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Code, ct);
            var items = totals.Where(t => t.Value.OnHand != 0 || t.Value.Value != 0)
                .Select(t => new Item(t.Key.ProductId, skus[t.Key.ProductId], t.Key.WarehouseId, codes[t.Key.WarehouseId], t.Value.OnHand, t.Value.Value))
                .OrderBy(i => i.Sku, StringComparer.OrdinalIgnoreCase).ThenBy(i => i.WarehouseCode, StringComparer.OrdinalIgnoreCase).ToList();
            return new Result(until, items, items.Sum(i => i.Value));
        }
    }
}
