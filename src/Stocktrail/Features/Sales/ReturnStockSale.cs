using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.Sales;

/// <summary>
/// A customer return: dispatched units come back into the sale's warehouse at the cost they left at. Only units that
/// left on this sale, on the line named, can come back on it; a returned serial is the same unit, its history goes on.
/// A completed sale still takes returns: customers bring things back after a sale is closed.
/// </summary>
public static class ReturnStockSale
{
    public sealed record Request(IReadOnlyList<SaleMoveLine>? Lines);

    public sealed class Handler(StocktrailDbContext db, LedgerWriter ledger, ReturnPicker returns, SerialLimit limit, AuditTrail audit, TimeProvider clock)
    {
        public async Task<StockSaleMovedDto> HandleAsync(int saleId, Request request, CancellationToken ct)
        {
            DocumentLines.RequireLines(request.Lines, "A customer return");

            limit.Check(request.Lines!.Select(l => (l?.Quantity ?? 0, l?.Serials)));
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // As every writer does, before the sale or its ledger rows are read: two returns of the same sale queue
            // here, so the second sees what the first took back rather than failing on a stale read.
            await ledger.LockStockAsync(await db.StockSaleLines.Where(l => l.StockSaleId == saleId).Select(l => l.ProductId).ToListAsync(ct), ct);
            var sale = await db.StockSales.FirstOrDefaultAsync(s => s.Id == saleId, ct)
                ?? throw StockRuleException.NotFound($"There is no stock sale with id {saleId}.");

            var problems = new ProblemList();
            var lines = await SaleLines.MatchAsync(db, sale, request.Lines!, problems, ct);
            SaleLines.CheckQuantities(lines, l => l.ReturnableQuantity, problems, (n, line, left, quantity) =>
                $"Line {n} ({line.Product.Sku}): sale line {line.SaleLine.LineNumber} has {left} dispatched and not yet returned; {quantity} cannot be returned.");
            var picked = await returns.PickAsync(SourceType.StockSale, sale.Id, sale.Number, lines.Select(l => l.Out).ToList(), problems, ct);
            await CheckSerialsLeftOnTheirLineAsync(sale, lines, picked, problems, ct);
            problems.ThrowIfAny();

            var customer = await db.Customers.Where(c => c.Id == sale.CustomerId).Select(c => c.Name).FirstAsync(ct);
            var source = new DocumentRef(SourceType.StockSale, sale.Id, sale.Number);
            var posting = new Posting(clock.GetUtcNow().UtcDateTime);
            var moved = new List<StockSaleMovedLineDto>();
            foreach (var (line, back) in lines.Zip(picked))
            {
                sale.Return(line.SaleLine, line.Out.Quantity);
                back.AddTo(posting, sale.WarehouseId, source.ForLine(line.SaleLine.Id), MovementKind.CustomerReturn, $"Returned by {customer} on {sale.Number}");
                moved.Add(SaleDispatch.MovedLine(line.SaleLine, line.Product, line.Out.Quantity, back.Cost,
                    back.Units.Select(u => u.Serial).ToList(),
                    back.Layers.Where(l => l.Batch != null).Select(l => new BatchQuantity(l.Batch, l.Quantity)).ToList()));
            }
            audit.Record(AuditActions.StockSaleReturned, SaleDispatch.AuditDetail($"Returned by {customer} on {sale.Number}", sale, moved),
                SourceType.StockSale, sale.Number);
            await ledger.AppendAsync(posting, ct);
            await tx.CommitAsync(ct);
            return SaleDispatch.Moved(sale, moved);
        }

        /// <summary>
        /// The return picker knows what left on the sale per product; when two lines sell the same product, a serial
        /// must come back on the line it left on, or the lines' returned quantities would no longer match their units.
        /// </summary>
        private async Task CheckSerialsLeftOnTheirLineAsync(StockSale sale, List<MatchedLine> lines, List<ReturnedLine> picked,
            ProblemList problems, CancellationToken ct)
        {
            var unitIds = picked.SelectMany(p => p.Units.Select(u => u.Id)).ToList();
            if (unitIds.Count == 0) return;
            var outOn = (await DocumentContents.ReadAsync(db, SourceType.StockSale, sale.Id, DocumentFlow.Out, ct)).PerLine()
                .SelectMany(h => h.Units.Select(u => (u.Id, h.LineId))).ToDictionary(x => x.Id, x => x.LineId);
            foreach (var (line, back) in lines.Zip(picked))
            foreach (var unit in back.Units)
            {
                if (outOn.GetValueOrDefault(unit.Id) is not { } lineId || lineId == line.SaleLine.Id) continue;
                var leftOn = sale.Lines.FirstOrDefault(l => l.Id == lineId)?.LineNumber;
                problems.Add(new Problem(ProblemKind.Conflict,
                    $"Line {line.Position} ({line.Product.Sku}): serial {unit.Serial} left on sale line {leftOn} of {sale.Number}, not on line {line.SaleLine.LineNumber}; return it on line {leftOn}.")
                    { Line = line.Position, Serial = unit.Serial });
            }
        }
    }
}
