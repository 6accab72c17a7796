using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.Receiving;

/// <summary>
/// Receives goods on an approved purchase order: stock rises at each line's unit cost, each serialized unit with its
/// serial, each batch line split across its batches. A serial that was in stock before and left comes back as the same
/// unit. The whole request is checked first and every problem reported; a refused receipt changes nothing.
/// </summary>
public static class ReceivePurchaseOrder
{
    public sealed record Request(IReadOnlyList<Line>? Lines);
    public sealed record Line(int LineId, decimal Quantity, IReadOnlyList<string?>? Serials, IReadOnlyList<BatchQuantity>? Batches);

    public sealed record ReceiptDto(int Id, int PurchaseOrderId, string Number, PurchaseOrderStatus Status, DateTime ReceivedAt, IReadOnlyList<ReceiptLineDto> Lines);
    public sealed record ReceiptLineDto(int Id, int LineId, int ProductId, decimal Quantity, IReadOnlyList<string> Serials, IReadOnlyList<BatchQuantity> Batches);

    private sealed record Checked(Line Request, int Position, PurchaseOrderLine OrderLine, Product Product, LineUnits Entry);

    public sealed class Handler(StocktrailDbContext db, LedgerWriter ledger, SerialLimit limit, AuditTrail audit, TimeProvider clock, BatchDates dates)
    {
        public async Task<ReceiptDto> HandleAsync(int orderId, Request request, CancellationToken ct)
        {
            var requestLines = request.Lines ?? [];
            if (requestLines.Count == 0) throw StockRuleException.Invalid("A receipt needs at least one line.");

            limit.Check(requestLines.Select(l => (l?.Quantity ?? 0, l?.Serials)));
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // As every writer does, before anything is read or written: the stock of the order's products, in one
            // order, so a receipt queues behind a dispatch of the same product (or the dispatch behind it), never
            // holding one lock while waiting for the other.
            await ledger.LockStockAsync(await db.PurchaseOrderLines.Where(l => l.PurchaseOrderId == orderId).Select(l => l.ProductId).ToListAsync(ct), ct);
            var order = await db.PurchaseOrders.FirstOrDefaultAsync(o => o.Id == orderId, ct)
                ?? throw StockRuleException.NotFound($"There is no purchase order with id {orderId}.");

            var problems = new ProblemList();
            if (order.WhyNotReceivable() is { } why) problems.Add(Problem.Conflict(why));
            var lines = await CheckLinesAsync(order, requestLines, problems, ct);
            var returning = await KnownSerials.FindAsync(db, lines.Select(l => new IncomingSerials(l.Position, l.Product, l.Entry.Serials)), "received", problems, ct);
            problems.ThrowIfAny();
            await dates.SaveAsync(ct);

            var now = clock.GetUtcNow().UtcDateTime;
            var receipt = new Receipt(order.Id, now);
            foreach (var line in lines)
            {
                receipt.AddLine(line.OrderLine.Id, line.Request.Quantity);
                order.Receive(line.OrderLine, line.Request.Quantity);
            }
            db.Receipts.Add(receipt);
            await db.SaveChangesAsync(ct);

            var supplier = await db.Suppliers.Where(s => s.Id == order.SupplierId).Select(s => s.Name).FirstAsync(ct);
            audit.Record(AuditActions.ReceiptPosted,
                $"Receipt {receipt.Id} on {order.Number} from {supplier}: {AuditText.Count(lines.Sum(l => l.Request.Quantity), "unit", "units")} on {lines.Count} line(s) — " +
                AuditText.Lines(lines.Select(l => AuditText.Line(l.OrderLine.LineNumber, l.Product.Sku, l.Request.Quantity,
                    l.Entry.Serials.Select(s => s.Value).ToList(), l.Entry.Batches.Select(b => new BatchQuantity(b.Batch, b.Quantity))))) +
                $". The order is now {order.Status}.",
                SourceType.PurchaseOrder, order.Number);
            await ledger.AppendAsync(Post(order, receipt.Id, supplier, lines, returning, now), ct);
            await tx.CommitAsync(ct);

            return new ReceiptDto(receipt.Id, order.Id, order.Number, order.Status, now, lines.Select((l, i) =>
                new ReceiptLineDto(receipt.Lines[i].Id, l.OrderLine.Id, l.Product.Id, l.Request.Quantity,
                    l.Entry.Serials.Select(s => s.Value).ToList(),
                    l.Entry.Batches.Select(b => new BatchQuantity(b.Batch, b.Quantity)).ToList())).ToList());
        }

        private async Task<List<Checked>> CheckLinesAsync(PurchaseOrder order, IReadOnlyList<Line> requestLines, ProblemList problems, CancellationToken ct)
        {
            var productIds = order.Lines.Select(l => l.ProductId).Distinct().ToList();
            var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            var open = order.Lines.ToDictionary(l => l.Id, l => l.OpenQuantity);
            var seen = new SerialsSeen();
            var lines = new List<Checked>();

            for (var i = 0; i < requestLines.Count; i++)
            {
                var (line, n) = (requestLines[i], i + 1);
                var orderLine = OrderLines.Named(order, n, line?.LineId, problems);
                if (line is null || orderLine is null) continue;
                var product = products[orderLine.ProductId];
                var entry = LineCheck.Check(product, n, line.Quantity, line.Serials, line.Batches, problems, seen);
                await dates.CheckAsync(product, n, $"Line {n} ({product.Sku})", line.Batches, problems, ct);
                if (line.Quantity > 0 && line.Quantity > open[orderLine.Id])
                    problems.Add(new Problem(ProblemKind.Conflict,
                        $"Line {n} ({product.Sku}): only {open[orderLine.Id]} of order line {orderLine.LineNumber}'s {orderLine.Quantity} are still open; {line.Quantity} cannot be received.") { Line = n });
                else if (line.Quantity > 0) open[orderLine.Id] -= line.Quantity;
                lines.Add(new Checked(line, n, orderLine, product, entry));
            }
            return lines;
        }

        private static Posting Post(PurchaseOrder order, int receiptId, string supplier, List<Checked> lines, Dictionary<(int, string), KnownUnit> returning, DateTime now)
        {
            var posting = new Posting(now) { ReceiptId = receiptId };
            var description = $"Received on {order.Number} from {supplier}";
            foreach (var line in lines)
            {
                var source = new DocumentRef(SourceType.PurchaseOrder, order.Id, order.Number, line.OrderLine.Id);
                var (product, cost) = (line.Product, line.OrderLine.UnitCost);
                switch (product.TrackingType)
                {
                    case TrackingType.Serial:
                        posting.SerialsIn.Add(new SerialsIn(product.Id, order.WarehouseId,
                            line.Entry.Serials.Select(s => returning.TryGetValue((product.Id, s.Key), out var unit)
                                ? UnitIn.Known(unit, cost) : UnitIn.New(s, cost)).ToList(),
                            source, MovementKind.Received, description));
                        break;
                    case TrackingType.Batch:
                        foreach (var (batch, quantity) in line.Entry.Batches)
                            posting.LayersIn.Add(new LayerIn(product.Id, order.WarehouseId, batch, quantity, cost, source, MovementKind.Received, $"{description} — batch {batch}"));
                        break;
                    case TrackingType.Fifo:
                        posting.LayersIn.Add(new LayerIn(product.Id, order.WarehouseId, null, line.Request.Quantity, cost, source, MovementKind.Received, description));
                        break;
                }
            }
            return posting;
        }
    }
}
