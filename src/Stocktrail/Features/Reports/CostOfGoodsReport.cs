using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Reports;

/// <summary>
/// Cost of goods in a period, per document and product: stock used on projects, dispatched on sales (less customer
/// returns), written off by adjustments and stock takes, and landed costs charged for units already gone. What a
/// production job consumes is not cost of goods: it becomes the cost of the units the job makes, counted when those
/// are sold or used. Transfers move stock without cost of goods.
/// </summary>
public static class CostOfGoodsReport
{
    public sealed record Result(DateTime? From, DateTime? To, IReadOnlyList<Item> Items, decimal Total);
    public sealed record Item(DateTime OccurredAt, SourceType SourceType, int SourceId, string SourceNumber, int ProductId, string Sku, decimal Quantity, decimal Cost);

    /// <summary>
    /// The kinds that are cost of goods wherever they come from; a material return is too when it comes back from a
    /// project (from a production job it undoes a consumption, which is not cost of goods). One list of kinds, so that
    /// the database reads the period of each kind from the ledger index on (Kind, OccurredAt) and sums it there.
    /// </summary>
    private static readonly MovementKind[] CostOfGoods =
    [
        MovementKind.Used, MovementKind.Dispatched, MovementKind.CustomerReturn, MovementKind.AdjustedOut, MovementKind.CountedOut,
        MovementKind.ChargedToCostOfGoods, MovementKind.MaterialReturned,
    ];

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(DateTime? from, DateTime? to, CancellationToken ct)
        {
            if (from > to) throw StockRuleException.Invalid($"from ({from:O}) is after to ({to:O}).");
            var (start, end) = (from?.ToUniversalTime(), to?.ToUniversalTime());
            var rows = await db.StockMovements.AsNoTracking()
                .Where(m => (start == null || m.OccurredAt >= start) && (end == null || m.OccurredAt <= end))
                .Where(m => EF.Constant(CostOfGoods).Contains(m.Kind) && (m.Kind != MovementKind.MaterialReturned || m.SourceType == SourceType.Project))
                .GroupBy(m => new { m.SourceType, m.SourceId, m.SourceNumber, m.ProductId })
                .Select(g => new { g.Key.SourceType, g.Key.SourceId, g.Key.SourceNumber, g.Key.ProductId, OccurredAt = g.Min(m => m.OccurredAt),
                    Quantity = g.Sum(m => m.Quantity), Value = g.Sum(m => m.Value) })
                .ToListAsync(ct);
            var productIds = rows.Select(r => r.ProductId).Distinct().ToList();
            var skus = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).Select(p => new { p.Id, p.Sku })
                .ToDictionaryAsync(p => p.Id, p => p.Sku, ct);
            var items = rows
                .Select(g => new Item(g.OccurredAt, g.SourceType, g.SourceId, g.SourceNumber, g.ProductId, skus[g.ProductId], -g.Quantity, -g.Value))
                .Where(i => i.Quantity != 0 || i.Cost != 0)
                .OrderBy(i => i.OccurredAt).ThenBy(i => i.SourceNumber, StringComparer.Ordinal).ToList();
            return new Result(from, to, items, items.Sum(i => i.Cost));
        }
    }
}
