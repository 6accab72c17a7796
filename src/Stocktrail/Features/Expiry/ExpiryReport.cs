using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Web;

namespace Stocktrail.Features.Expiry;

/// <summary>
/// Batches in stock that expire within <c>withinDays</c> of today (the business's day), expired ones included with a
/// negative <c>daysLeft</c>: one item per product, batch and warehouse, earliest expiry first, valued at the layers' cost.
/// </summary>
public static class ExpiryReport
{
    public const int MaxDays = 36_500;

    public sealed record Result(DateOnly Today, int WithinDays, IReadOnlyList<Item> Items);
    public sealed record Item(int ProductId, string Sku, string Batch, int WarehouseId, decimal OnHand, DateOnly ExpiresOn, int DaysLeft, decimal Value);

    public sealed class Handler(StocktrailDbContext db, BusinessTime businessTime, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(int? withinDays, int? warehouseId, CancellationToken ct)
        {
            var days = withinDays ?? 30;
            if (days is < 0 or > MaxDays)
                throw StockRuleException.Invalid($"withinDays must be between 0 and {MaxDays} (was {days}).");
            if (warehouseId is { } w && !await db.Warehouses.AnyAsync(x => x.Id == w, ct))
                throw StockRuleException.NotFound($"There is no warehouse with id {w}.");
            var today = businessTime.Today(clock.GetUtcNow().UtcDateTime);
            var until = today.AddDays(days);
            var rows = await (
                from e in db.BatchExpiries.AsNoTracking()
                where e.ExpiresOn <= until
                join l in db.CostLayers.AsNoTracking() on new { e.ProductId, Key = (string?)e.BatchKey } equals new { l.ProductId, Key = l.BatchKey }
                where l.Remaining > 0 && (warehouseId == null || l.WarehouseId == warehouseId)
                join p in db.Products.AsNoTracking() on e.ProductId equals p.Id
                select new { e.ProductId, p.Sku, e.Batch, e.BatchKey, l.WarehouseId, l.Remaining, l.UnitCost, e.ExpiresOn })
                .ToListAsync(ct);
            var items = rows.GroupBy(r => (r.ProductId, r.BatchKey, r.WarehouseId))
                .Select(g => new Item(g.Key.ProductId, g.First().Sku, g.First().Batch, g.Key.WarehouseId, g.Sum(r => r.Remaining), g.First().ExpiresOn,
                    ExpiryRule.DaysLeft(g.First().ExpiresOn, today), g.Sum(r => Amounts.Value(r.Remaining, r.UnitCost))))
                .OrderBy(i => i.ExpiresOn).ThenBy(i => i.Sku, StringComparer.OrdinalIgnoreCase).ThenBy(i => i.Batch, StringComparer.OrdinalIgnoreCase).ThenBy(i => i.WarehouseId)
                .ToList();
            return new Result(today, days, items);
        }
    }
}
