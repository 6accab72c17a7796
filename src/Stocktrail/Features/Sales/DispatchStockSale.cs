using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.Sales;

/// <summary>
/// Dispatches part or all of a sale: stock leaves the sale's warehouse at its cost (COGS). A serialized line names
/// exactly the serials that leave, each in stock in that warehouse; a batch line its batches; Fifo stock leaves oldest
/// layer first. Never more than a line has left to dispatch. Every problem is reported at once; a refused dispatch
/// changes nothing.
/// </summary>
public static class DispatchStockSale
{
    public sealed record Request(IReadOnlyList<SaleMoveLine>? Lines);

    public sealed class Handler(StocktrailDbContext db, LedgerWriter ledger, StockPicker picker, SerialLimit limit, AuditTrail audit, TimeProvider clock)
    {
        public async Task<StockSaleMovedDto> HandleAsync(int saleId, Request request, CancellationToken ct)
        {
            DocumentLines.RequireLines(request.Lines, "A dispatch");

            limit.Check(request.Lines!.Select(l => (l?.Quantity ?? 0, l?.Serials)));
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var sale = await db.StockSales.FirstOrDefaultAsync(s => s.Id == saleId, ct)
                ?? throw StockRuleException.NotFound($"There is no stock sale with id {saleId}.");

            var problems = new ProblemList();
            if (sale.Status == StockSaleStatus.Completed)
                problems.Add(Problem.Conflict($"{sale.Number} is Completed; nothing more can be dispatched on it."));
            var lines = await SaleLines.MatchAsync(db, sale, request.Lines!, problems, ct);
            SaleLines.CheckQuantities(lines, l => l.OpenQuantity, problems, (n, line, left, quantity) =>
                $"Line {n} ({line.Product.Sku}): sale line {line.SaleLine.LineNumber} has {left} of its {line.SaleLine.Quantity} left to dispatch; {quantity} cannot be dispatched.");

            var picked = await picker.PickAsync(sale.WarehouseId, lines.Select(l => l.Out).ToList(), problems, ct, ExpiredStock.NotDispatched);
            problems.ThrowIfAny();

            var customer = await db.Customers.Where(c => c.Id == sale.CustomerId).Select(c => c.Name).FirstAsync(ct);
            var (posting, moved) = SaleDispatch.Decide(sale, customer, lines.Zip(picked, (l, p) => (l.SaleLine, p)).ToList(),
                clock.GetUtcNow().UtcDateTime);
            audit.Record(AuditActions.StockSaleDispatched, SaleDispatch.AuditDetail($"Dispatched on {sale.Number} to {customer}", sale, moved),
                SourceType.StockSale, sale.Number);
            await ledger.AppendAsync(posting, ct);
            await tx.CommitAsync(ct);
            return SaleDispatch.Moved(sale, moved);
        }
    }
}
