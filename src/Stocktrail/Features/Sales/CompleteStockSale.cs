using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.Sales;

/// <summary>
/// The one-step close: dispatches everything still open (Fifo stock oldest layer first, NonStock at its cost price)
/// and marks the sale Completed. It cannot choose serials or batches for anyone, so it is refused while a serialized
/// or batch-tracked line is still open, naming each such line.
/// </summary>
public static class CompleteStockSale
{
    public sealed class Handler(StocktrailDbContext db, LedgerWriter ledger, StockPicker picker, TimeProvider clock)
    {
        public async Task<StockSaleDto> HandleAsync(int saleId, CancellationToken ct)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var sale = await db.StockSales.FirstOrDefaultAsync(s => s.Id == saleId, ct)
                ?? throw StockRuleException.NotFound($"There is no stock sale with id {saleId}.");
            sale.RequireNotCompleted();

            var open = sale.Lines.Where(l => l.OpenQuantity > 0).OrderBy(l => l.LineNumber).ToList();
            var productIds = open.Select(l => l.ProductId).Distinct().ToList();
            var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);

            // Only lines still open stand in the way: a serialized line fully dispatched already had its serials chosen
            // by a person, so a sale whose serialized lines are all dispatched may be closed with the rest.
            var problems = new ProblemList();
            foreach (var line in open.Where(l => products[l.ProductId].TrackingType is TrackingType.Serial or TrackingType.Batch))
            {
                var product = products[line.ProductId];
                var what = product.IsSerialized ? "serialized and its serials" : "batch-tracked and its batches";
                problems.Add(new Problem(ProblemKind.Conflict,
                    $"Complete is not available on {sale.Number}: line {line.LineNumber} ({product.Sku}) is {what} must be chosen. " +
                    $"Dispatch its {line.OpenQuantity} open unit(s) naming them, then complete the sale.") { Line = line.LineNumber });
            }
            problems.ThrowIfAny();

            // Positions are the sale's line numbers, so that a shortage names the sale line it is on.
            var outLines = open.Select(l => new OutLine(l.LineNumber, products[l.ProductId], l.OpenQuantity, null, null)).ToList();
            var picked = await picker.PickAsync(sale.WarehouseId, outLines, problems, ct);
            problems.ThrowIfAny();

            var customer = await db.Customers.Where(c => c.Id == sale.CustomerId).Select(c => c.Name).FirstAsync(ct);
            var (posting, _) = SaleDispatch.Decide(sale, customer, open.Zip(picked).ToList(), clock.GetUtcNow().UtcDateTime);
            sale.Complete();
            await ledger.AppendAsync(posting, ct);
            await tx.CommitAsync(ct);
            return await StockSaleReader.ReadAsync(db, sale.Id, ct);
        }
    }
}
