using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.Transfers;

/// <summary>
/// Moves stock from one warehouse to another. Serials keep their identity and their own cost; Fifo and batch stock is
/// taken from the source oldest layer first and arrives as layers of the same quantities, costs and batch codes, so the
/// value that leaves one warehouse is exactly the value that arrives in the other. Everything the picker refuses for a
/// use of stock is refused here too; every problem is reported at once and a refused transfer changes nothing.
/// </summary>
public static class TransferStock
{
    public sealed record Request(int FromWarehouseId, int ToWarehouseId, IReadOnlyList<Line?>? Lines);

    public sealed record Line(int ProductId, decimal Quantity, IReadOnlyList<string?>? Serials, IReadOnlyList<BatchQuantity>? Batches, BatchPick? Pick = null);

    public sealed class Handler(StocktrailDbContext db, LedgerWriter ledger, StockPicker picker, SerialLimit limit, GetStockTransfer.Handler reader, AuditTrail audit, TimeProvider clock)
    {
        public async Task<StockTransferDto> HandleAsync(Request request, CancellationToken ct)
        {
            DocumentLines.RequireLines(request.Lines, "A stock transfer");
            var requestLines = request.Lines!;

            var problems = new ProblemList();
            if (request.FromWarehouseId == request.ToWarehouseId)
                problems.Add(Problem.Invalid($"A transfer moves stock between two different warehouses; both are warehouse id {request.FromWarehouseId}."));

            limit.Check(requestLines.Select(l => (l?.Quantity ?? 0, l?.Serials)));
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var from = await DocumentLines.WarehouseCodeAsync(db, request.FromWarehouseId, problems, ct);
            var to = request.ToWarehouseId == request.FromWarehouseId ? from : await DocumentLines.WarehouseCodeAsync(db, request.ToWarehouseId, problems, ct);
            var products = await DocumentLines.LoadProductsAsync(db, requestLines.Select(l => l?.ProductId).ToList(), problems, ct);

            var outLines = new List<OutLine>();
            for (var i = 0; i < requestLines.Count; i++)
            {
                var (line, position) = (requestLines[i], i + 1);
                if (line is null)
                    problems.Add(new Problem(ProblemKind.Invalid, $"Line {position} is empty: give its productId, quantity and serials or batches.") { Line = position });
                else if (products.TryGetValue(line.ProductId, out var product))
                {
                    if (product.TrackingType == TrackingType.NonStock)
                        problems.Add(new Problem(ProblemKind.Invalid,
                            $"Line {position} ({product.Sku}): {product.Sku} is a NonStock product; its stock is not tracked, so there is nothing to transfer.") { Line = position });
                    else outLines.Add(new OutLine(position, product, line.Quantity, line.Serials, line.Batches, line.Pick));
                }
            }

            // Without the source warehouse there is no stock to check the lines against; report what is known.
            if (from.Length == 0) problems.ThrowIfAny();
            var picked = await picker.PickAsync(request.FromWarehouseId, outLines, problems, ct);
            problems.ThrowIfAny();

            var transfer = new StockTransfer(request.FromWarehouseId, request.ToWarehouseId, clock.GetUtcNow().UtcDateTime);
            var saved = picked.Select(p => transfer.AddLine(p.Product.Id, p.Line.Quantity)).ToList();
            db.StockTransfers.Add(transfer);
            await db.SaveChangesAsync(ct);
            transfer.NumberFromId();

            var document = new DocumentRef(SourceType.StockTransfer, transfer.Id, transfer.Number);
            var posting = new Posting(transfer.CreatedAt);
            foreach (var (line, row) in picked.Zip(saved))
            {
                var (product, source) = (line.Product, document.ForLine(row.Id));
                var arriving = $"Transferred in from {from} on {transfer.Number}";
                line.AddTo(posting, request.FromWarehouseId, source, MovementKind.TransferredOut, $"Transferred out to {to} on {transfer.Number}");
                if (line.Units.Count > 0)
                    posting.SerialsIn.Add(new SerialsIn(product.Id, request.ToWarehouseId,
                        line.Units.Select(u => UnitIn.Known(u, u.UnitCost)).ToList(), source, MovementKind.TransferredIn, arriving));
                foreach (var batch in line.Batches)
                foreach (var take in batch.Takes)
                    posting.LayersIn.Add(new LayerIn(product.Id, request.ToWarehouseId, batch.Batch, take.Quantity, take.UnitCost, source, MovementKind.TransferredIn, $"{arriving} — batch {batch.Batch}"));
                foreach (var take in line.FifoTakes)
                    posting.LayersIn.Add(new LayerIn(product.Id, request.ToWarehouseId, null, take.Quantity, take.UnitCost, source, MovementKind.TransferredIn, arriving));
            }

            audit.Record(AuditActions.StockTransferPosted,
                $"Stock transfer {transfer.Number} from {from} to {to}: " +
                AuditText.Lines(picked.Zip(saved).Select(p => AuditText.Line(p.Second.LineNumber, p.First.Product.Sku, p.First.Line.Quantity,
                    p.First.Units.Select(u => u.Serial).ToList(), p.First.Batches.Select(b => new BatchQuantity(b.Batch, b.Takes.Sum(t => t.Quantity)))))) +
                $"; value moved {AuditText.Money(picked.Sum(p => p.Cost))}.",
                SourceType.StockTransfer, transfer.Number);
            await ledger.AppendAsync(posting, ct);
            await tx.CommitAsync(ct);
            return await reader.HandleAsync(transfer.Id, ct);
        }
    }
}
