using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Reports;

/// <summary>
/// Stock on hand and value per product and warehouse at a moment. The database adds it up from whichever start is
/// nearest: the current levels less the rows after the moment (a recent date), the nearest complete month-end stock
/// snapshot plus or less the rows between (docs/ledger.md, "Stock snapshots"), or the rows up to it (a date near the
/// first row). Either way only one total per product and warehouse comes back; the ledger index on OccurredAt finds
/// the rows between.
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
            var totals = await FromNearestAsync(until, warehouseId, ct);
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
        /// Where to start is judged by time, as if the ledger grew evenly: the ledger's first row (add up the rows up to
        /// the moment), a complete month-end snapshot before or after it (add or take off the rows between), or the
        /// current levels (take off the rows after it), whichever is nearest. Two index lookups and the list of months;
        /// never more rows than one month's, half a month's either side of the moment, once every month has its snapshot.
        /// </summary>
        private async Task<Dictionary<(int ProductId, int WarehouseId), (decimal OnHand, decimal Value)>> FromNearestAsync(DateTime until, int? warehouseId, CancellationToken ct)
        {
            var ledger = db.StockMovements.AsNoTracking().Where(m => warehouseId == null || m.WarehouseId == warehouseId);
            var first = await db.StockMovements.MinAsync(m => (DateTime?)m.OccurredAt, ct);
            var last = await db.StockMovements.MaxAsync(m => (DateTime?)m.OccurredAt, ct);
            if (first is null || until < first) return [];

            var (start, distance) = (Start.Ledger, until - first.Value);
            StockPeriod? snapshot = null;
            if (last is { } end && end - until < distance) (start, distance) = (Start.Levels, end - until);
            foreach (var period in await db.StockPeriods.AsNoTracking().Where(p => p.CompletedAt != null).ToListAsync(ct))
                if ((period.PeriodEnd - until).Duration() < distance)
                    (start, distance, snapshot) = (Start.Snapshot, (period.PeriodEnd - until).Duration(), period);

            // The snapshot holds the rows before its end; the report, the rows up to and at the moment.
            var periodEnd = snapshot?.PeriodEnd ?? default;
            var periodId = snapshot?.Id ?? 0;
            var (rows, sign) = start switch
            {
                Start.Ledger => (ledger.Where(m => m.OccurredAt <= until), 1),
                Start.Levels => (ledger.Where(m => m.OccurredAt > until), -1),
                _ when periodEnd <= until => (ledger.Where(m => m.OccurredAt >= periodEnd && m.OccurredAt <= until), 1),
                _ => (ledger.Where(m => m.OccurredAt > until && m.OccurredAt < periodEnd), -1),
            };
            var sums = await rows.GroupBy(m => new { m.ProductId, m.WarehouseId })
                .Select(g => new { g.Key.ProductId, g.Key.WarehouseId, OnHand = g.Sum(m => m.Quantity), Value = g.Sum(m => m.Value) })
                .ToDictionaryAsync(g => (g.ProductId, g.WarehouseId), g => (g.OnHand, g.Value), ct);
            if (start == Start.Ledger) return sums;

            var totals = start == Start.Levels
                ? await db.StockLevels.AsNoTracking().Where(l => warehouseId == null || l.WarehouseId == warehouseId)
                    .Select(l => new { l.ProductId, l.WarehouseId, l.OnHand, l.Value })
                    .ToDictionaryAsync(l => (l.ProductId, l.WarehouseId), l => (l.OnHand, l.Value), ct)
                : await db.StockSnapshots.AsNoTracking().Where(s => s.PeriodId == periodId && (warehouseId == null || s.WarehouseId == warehouseId))
                    .Select(s => new { s.ProductId, s.WarehouseId, s.OnHand, s.Value })
                    .ToDictionaryAsync(s => (s.ProductId, s.WarehouseId), s => (s.OnHand, s.Value), ct);
            foreach (var (key, between) in sums)
            {
                var (onHand, value) = totals.GetValueOrDefault(key);
                totals[key] = (onHand + sign * between.OnHand, value + sign * between.Value);
            }
            return totals;
        }

        private enum Start { Ledger, Levels, Snapshot }
    }
}
