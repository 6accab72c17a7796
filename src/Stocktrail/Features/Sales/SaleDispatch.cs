using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.Sales;

/// <summary>
/// What dispatching picked lines does, shared by a dispatch and by Complete: the sale records each line's dispatch,
/// and the posting takes the units out of the sale's warehouse at their cost (cost of goods sold).
/// </summary>
internal static class SaleDispatch
{
    public static (Posting Posting, List<StockSaleMovedLineDto> Lines) Decide(StockSale sale, string customer,
        IReadOnlyList<(StockSaleLine SaleLine, PickedLine Picked)> lines, DateTime now)
    {
        var source = new DocumentRef(SourceType.StockSale, sale.Id, sale.Number);
        var posting = new Posting(now);
        var moved = new List<StockSaleMovedLineDto>(lines.Count);
        foreach (var (saleLine, picked) in lines)
        {
            sale.Dispatch(saleLine, picked.Line.Quantity);
            picked.AddTo(posting, sale.WarehouseId, source.ForLine(saleLine.Id), MovementKind.Dispatched, $"Dispatched on {sale.Number} to {customer}");
            moved.Add(MovedLine(saleLine, picked.Product, picked.Line.Quantity, picked.Cost,
                picked.Units.Select(u => u.Serial).ToList(),
                picked.Batches.Select(b => new BatchQuantity(b.Batch, b.Takes.Sum(t => t.Quantity))).ToList()));
        }
        return (posting, moved);
    }

    public static StockSaleMovedLineDto MovedLine(StockSaleLine line, Product product, decimal quantity, decimal cost,
        IReadOnlyList<string> serials, IReadOnlyList<BatchQuantity> batches) =>
        new(line.Id, line.LineNumber, product.Id, product.Sku, quantity, quantity == 0 ? 0 : Math.Round(cost / quantity, 6), cost, serials, batches);

    /// <summary>The audit line of a dispatch, a completion or a return: what moved on which lines, at what cost, and the status after.</summary>
    public static string AuditDetail(string what, StockSale sale, IReadOnlyList<StockSaleMovedLineDto> lines) =>
        $"{what}: " + AuditText.Lines(lines.Select(l => AuditText.Line(l.LineNumber, l.Sku, l.Quantity, l.Serials, l.Batches))) +
        $"; cost {AuditText.Money(lines.Sum(l => l.TotalCost))}. The sale is now {sale.Status}.";

    public static StockSaleMovedDto Moved(StockSale sale, IReadOnlyList<StockSaleMovedLineDto> lines) =>
        new(sale.Id, sale.Number, sale.Status, lines, lines.Sum(l => l.TotalCost));
}
