using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;

namespace Stocktrail.Features.Reports;

/// <summary>
/// Stock on hand and value per product and warehouse at a moment. The database adds it up from whichever end of the
/// ledger is nearer: the current levels less the rows after the moment (a recent date reads few rows), or the rows up
/// to it (an early date). Either way only one total per product and warehouse comes back; the ledger index on
/// OccurredAt finds the rows on either side.
/// </summary>
public static class StockValueReport
{
    public sealed record Result(DateTime At, IReadOnlyList<Item> Items, decimal Total);
    public sealed record Item(int ProductId, string Sku, int WarehouseId, string WarehouseCode, decimal OnHand, decimal Value);

    public sealed class Handler(StocktrailDbContext db, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(DateTime? at, int? warehouseId, CancellationToken ct)
        {
            var until = at is null ? clock.GetUtcNow().UtcDateTime : at.Value.ToUniversalTime();
            // The levels and the rows after the moment are read in one state of the database, or a document posted
            // between the two would be counted in one and not taken off by the other.
            await using var snapshot = await ReadSnapshot.BeginAsync(db, ct);
            var totals = await FromNearerEndAsync(until, warehouseId, ct);
            var productIds = totals.Keys.Select(k => k.ProductId).Distinct().ToList();
            var skus = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).Select(p => new { p.Id, p.Sku })
                .ToDictionaryAsync(p => p.Id, p => p.Sku, ct);
            var codes = await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Code, ct);
            var items = totals.Where(t => t.Value.OnHand != 0 || t.Value.Value != 0)
                .Select(t => new Item(t.Key.ProductId, skus[t.Key.ProductId], t.Key.WarehouseId, codes[t.Key.WarehouseId], t.Value.OnHand, t.Value.Value))
                .OrderBy(i => i.Sku, StringComparer.OrdinalIgnoreCase).ThenBy(i => i.WarehouseCode, StringComparer.OrdinalIgnoreCase).ToList();
            return new Result(until, items, items.Sum(i => i.Value));
        }

        /// <summary>
        /// Which end is nearer is judged by time between the first and the last row, as if the ledger grew evenly: two
        /// index lookups, and never worse than reading the whole ledger once.
        /// </summary>
        private async Task<Dictionary<(int ProductId, int WarehouseId), (decimal OnHand, decimal Value)>> FromNearerEndAsync(DateTime until, int? warehouseId, CancellationToken ct)
        {
            var ledger = db.StockMovements.AsNoTracking().Where(m => warehouseId == null || m.WarehouseId == warehouseId);
            var first = await db.StockMovements.MinAsync(m => (DateTime?)m.OccurredAt, ct);
            var last = await db.StockMovements.MaxAsync(m => (DateTime?)m.OccurredAt, ct);
            if (first is null || until < first) return [];
            var countForward = last is { } end && until - first.Value < end - until;

            var sums = await (countForward ? ledger.Where(m => m.OccurredAt <= until) : ledger.Where(m => m.OccurredAt > until))
                .GroupBy(m => new { m.ProductId, m.WarehouseId })
                .Select(g => new { g.Key.ProductId, g.Key.WarehouseId, OnHand = g.Sum(m => m.Quantity), Value = g.Sum(m => m.Value) })
                .ToDictionaryAsync(g => (g.ProductId, g.WarehouseId), g => (g.OnHand, g.Value), ct);
            if (countForward) return sums;

            var totals = await db.StockLevels.AsNoTracking().Where(l => warehouseId == null || l.WarehouseId == warehouseId)
                .Select(l => new { l.ProductId, l.WarehouseId, l.OnHand, l.Value })
                .ToDictionaryAsync(l => (l.ProductId, l.WarehouseId), l => (l.OnHand, l.Value), ct);
            foreach (var (key, later) in sums)
            {
                var (onHand, value) = totals.GetValueOrDefault(key);
                totals[key] = (onHand - later.OnHand, value - later.Value);
            }
            return totals;
        }
    }
}
