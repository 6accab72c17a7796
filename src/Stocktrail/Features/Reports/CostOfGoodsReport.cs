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

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(DateTime? from, DateTime? to, CancellationToken ct)
        {
            if (from > to) throw StockRuleException.Invalid($"from ({from:O}) is after to ({to:O}).");
            var (start, end) = (from?.ToUniversalTime(), to?.ToUniversalTime());
            var rows = await db.StockMovements.AsNoTracking()
                .Where(m => (start == null || m.OccurredAt >= start) && (end == null || m.OccurredAt <= end))
                .Where(m => m.SourceType == SourceType.Project || m.SourceType == SourceType.StockSale
                            || ((m.SourceType == SourceType.StockAdjustment || m.SourceType == SourceType.StockTake) && m.Quantity < 0)
                            || (m.SourceType == SourceType.PurchaseOrder && m.Quantity == 0 && m.SerialUnitId == null))
                .Select(m => new { m.OccurredAt, m.SourceType, m.SourceId, m.SourceNumber, m.ProductId, m.Quantity, m.Value })
                .ToListAsync(ct);
            var skus = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Sku, ct);
            // A landed cost's pair of rows nets to nothing in stock; only its negative row is cost of goods.
            var items = rows.Where(r => r.SourceType != SourceType.PurchaseOrder || r.Value < 0)
                .GroupBy(r => (r.SourceType, r.SourceId, r.SourceNumber, r.ProductId))
                .Select(g => new Item(g.Min(r => r.OccurredAt), g.Key.SourceType, g.Key.SourceId, g.Key.SourceNumber, g.Key.ProductId, skus[g.Key.ProductId],
                    -g.Sum(r => r.Quantity), -g.Sum(r => r.Value)))
                .Where(i => i.Quantity != 0 || i.Cost != 0)
                .OrderBy(i => i.OccurredAt).ThenBy(i => i.SourceNumber, StringComparer.Ordinal).ToList();
            return new Result(from, to, items, items.Sum(i => i.Cost));
        }
    }
}
