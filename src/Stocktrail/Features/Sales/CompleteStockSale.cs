using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.Sales;

/// <summary>
/// The one-step close: dispatches everything still open (Fifo stock oldest layer first, NonStock at its cost price)
/// and marks the sale Completed. It cannot choose serials or batches for anyone, so, as the product description says,
/// a sale containing serialized lines is never completed this way: it is dispatched naming its serials, and its status
/// becomes Dispatched when everything has left. A batch-tracked line stands in the way only while it is still open.
/// Every line in the way is named.
/// </summary>
public static class CompleteStockSale
{
    public sealed record LineState(int LineNumber, string Sku, TrackingType TrackingType, decimal OpenQuantity);

    /// <summary>The lines that stand in the way of Complete, each with why; the sale page shows the same reasons.</summary>
    public static IEnumerable<(int LineNumber, string Why)> Blockers(IEnumerable<LineState> lines)
    {
        foreach (var line in lines.OrderBy(l => l.LineNumber))
        {
            var at = $"line {line.LineNumber} ({line.Sku})";
            var open = $"{line.OpenQuantity} open unit{(line.OpenQuantity == 1 ? "" : "s")}";
            if (line.TrackingType == TrackingType.Serial)
                yield return (line.LineNumber, line.OpenQuantity > 0
                    ? $"{at} is serialized: its serials must be chosen. Dispatch its {open} naming them; the sale is Dispatched when everything has left."
                    : $"{at} is serialized: a sale with serialized lines is closed by dispatching them, which it has been for this line.");
            else if (line.TrackingType == TrackingType.Batch && line.OpenQuantity > 0)
                yield return (line.LineNumber, $"{at} is batch-tracked: its batches must be chosen. Dispatch its {open} naming the batches, then complete the sale.");
        }
    }

    public sealed class Handler(StocktrailDbContext db, LedgerWriter ledger, StockPicker picker, AuditTrail audit, TimeProvider clock)
    {
        public async Task<StockSaleDto> HandleAsync(int saleId, CancellationToken ct)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var sale = await db.StockSales.FirstOrDefaultAsync(s => s.Id == saleId, ct)
                ?? throw StockRuleException.NotFound($"There is no stock sale with id {saleId}.");
            sale.RequireNotCompleted();

            var open = sale.Lines.Where(l => l.OpenQuantity > 0).OrderBy(l => l.LineNumber).ToList();
            var productIds = sale.Lines.Select(l => l.ProductId).Distinct().ToList();
            var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);

            var problems = new ProblemList();
            foreach (var (lineNumber, why) in Blockers(sale.Lines.Select(l => new LineState(l.LineNumber, products[l.ProductId].Sku, products[l.ProductId].TrackingType, l.OpenQuantity))))
                problems.Add(new Problem(ProblemKind.Conflict, $"Complete is not available on {sale.Number}: {why}") { Line = lineNumber });
            problems.ThrowIfAny();

            // Positions are the sale's line numbers, so that a shortage names the sale line it is on.
            var outLines = open.Select(l => new OutLine(l.LineNumber, products[l.ProductId], l.OpenQuantity, null, null)).ToList();
            var picked = await picker.PickAsync(sale.WarehouseId, outLines, problems, ct, ExpiredStock.NotDispatched);
            problems.ThrowIfAny();

            var customer = await db.Customers.Where(c => c.Id == sale.CustomerId).Select(c => c.Name).FirstAsync(ct);
            var (posting, moved) = SaleDispatch.Decide(sale, customer, open.Zip(picked).ToList(), clock.GetUtcNow().UtcDateTime);
            sale.Complete();
            audit.Record(AuditActions.StockSaleCompleted,
                moved.Count == 0
                    ? $"Stock sale {sale.Number} to {customer} completed; nothing was left to dispatch."
                    : SaleDispatch.AuditDetail($"Stock sale {sale.Number} to {customer} completed, dispatching what was open", sale, moved),
                SourceType.StockSale, sale.Number);
            await ledger.AppendAsync(posting, ct);
            await tx.CommitAsync(ct);
            return await StockSaleReader.ReadAsync(db, sale.Id, ct);
        }
    }
}
