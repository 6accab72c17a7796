using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.Receiving;

/// <summary>
/// A supplier return: units received on this purchase order and still in stock go back to the supplier at their own
/// cost, a credit from the supplier rather than cost of goods. A serial must have come in on the line named (and not
/// gone back already) and be in stock in the warehouse the return is made from; batch and Fifo stock leaves from the
/// cost layers this order's receipts made there, oldest first, at what each layer costs now (landed costs included).
/// Never more than a line received less what already went back. Every problem is reported at once; a refused return
/// changes nothing. The order keeps its status: a return is not something left to receive.
/// </summary>
public static class ReturnToSupplier
{
    public const int MaxReasonLength = 200;

    public sealed record Request(int? WarehouseId, string? Reason, IReadOnlyList<Line?>? Lines);
    public sealed record Line(int LineId, decimal Quantity, IReadOnlyList<string?>? Serials, IReadOnlyList<BatchQuantity>? Batches);

    /// <param name="Id">
    /// The return's id, as the order's <c>returns</c> give it: its first ledger row's. None when it moved no stock
    /// (NonStock lines only), which <c>returns</c> do not list.
    /// </param>
    public sealed record SupplierReturnDto([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Id,
        int PurchaseOrderId, string Number, PurchaseOrderStatus Status, int WarehouseId, string? Reason, DateTime ReturnedAt, IReadOnlyList<SupplierReturnLineDto> Lines, decimal TotalCost);

    /// <param name="ReturnedQuantity">The order line's returned quantity after this return.</param>
    public sealed record SupplierReturnLineDto(int LineId, int LineNumber, int ProductId, string Sku, decimal Quantity, decimal UnitCost, decimal TotalCost,
        decimal ReturnedQuantity, IReadOnlyList<string> Serials, IReadOnlyList<BatchQuantity> Batches) : SerialsOnLine;

    private sealed record Matched(int Position, PurchaseOrderLine OrderLine, Product Product, OutLine Out);

    public sealed class Handler(StocktrailDbContext db, LedgerWriter ledger, SerialLimit limit, AuditTrail audit, TimeProvider clock)
    {
        public async Task<SupplierReturnDto> HandleAsync(int orderId, Request request, CancellationToken ct)
        {
            DocumentLines.RequireLines(request.Lines, "A supplier return");
            limit.Check(request.Lines!.Select(l => (l?.Quantity ?? 0, l?.Serials)));

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // As every writer does, before anything is read: the order's products' stock, so that two returns (or a
            // return and a dispatch) of the same units queue one behind the other.
            await ledger.LockStockAsync(await db.PurchaseOrderLines.Where(l => l.PurchaseOrderId == orderId).Select(l => l.ProductId).ToListAsync(ct), ct);
            var order = await db.PurchaseOrders.FirstOrDefaultAsync(o => o.Id == orderId, ct)
                ?? throw StockRuleException.NotFound($"There is no purchase order with id {orderId}.");

            var problems = new ProblemList();
            var warehouseId = request.WarehouseId ?? order.WarehouseId;
            var warehouses = await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Code, ct);
            if (!warehouses.ContainsKey(warehouseId))
                throw StockRuleException.NotFound($"There is no warehouse with id {warehouseId}.");
            var reason = CheckReason(request.Reason, problems);
            var lines = await MatchAsync(order, request.Lines!, problems, ct);
            CheckQuantities(order, lines, problems);
            var picked = await (await ReturnableStock.ReadAsync(db, order, ct))
                .PickAsync(db, warehouseId, warehouses, lines.Select(l => (l.OrderLine, l.Out)).ToList(), problems, ct);
            problems.ThrowIfAny();

            var now = clock.GetUtcNow().UtcDateTime;
            var supplier = await db.Suppliers.Where(s => s.Id == order.SupplierId).Select(s => s.Name).FirstAsync(ct);
            var description = $"Returned to {supplier} on {order.Number}" + (reason is null ? "" : $" ({reason})");
            var source = new DocumentRef(SourceType.PurchaseOrder, order.Id, order.Number);
            var posting = new Posting(now);
            var moved = new List<SupplierReturnLineDto>();
            foreach (var (line, pick) in lines.Zip(picked))
            {
                order.ReturnToSupplier(line.OrderLine, line.Out.Quantity);
                pick.AddTo(posting, warehouseId, source.ForLine(line.OrderLine.Id), MovementKind.ReturnedToSupplier, description);
                var cost = line.Product.TrackingType == TrackingType.NonStock ? 0 : pick.Cost;
                moved.Add(new SupplierReturnLineDto(line.OrderLine.Id, line.OrderLine.LineNumber, line.Product.Id, line.Product.Sku, line.Out.Quantity,
                    line.Out.Quantity == 0 ? 0 : Math.Round(cost / line.Out.Quantity, 6), cost, line.OrderLine.ReturnedQuantity,
                    pick.Units.Select(u => u.Serial).ToList(),
                    pick.Batches.Select(b => new BatchQuantity(b.Batch, b.Takes.Sum(t => t.Quantity))).ToList()));
            }
            audit.Record(AuditActions.SupplierReturnPosted,
                $"{description}, from warehouse {warehouses[warehouseId]}: " +
                AuditText.Lines(moved.Select(l => AuditText.Line(l.LineNumber, l.Sku, l.Quantity, l.Serials, l.Batches))) +
                $"; cost {AuditText.Money(moved.Sum(l => l.TotalCost))} back from the supplier.",
                SourceType.PurchaseOrder, order.Number);
            var returned = LineSerials.SupplierReturnRows(db, order.Id);
            var before = await returned.MaxAsync(m => (long?)m.Id, ct) ?? 0;
            await ledger.AppendAsync(posting, ct);
            await tx.CommitAsync(ct);

            // The return is named by its first ledger row and paged at the time the database holds (PostgreSQL keeps
            // microseconds); a large line answers its first serials as posted, and serialsNext goes on after them.
            var first = await returned.Where(m => m.Id > before).OrderBy(m => m.Id).Select(m => new { m.Id, m.OccurredAt }).FirstOrDefaultAsync(ct);
            var at = first?.OccurredAt ?? now;
            var answered = new List<SupplierReturnLineDto>();
            foreach (var (line, pick) in moved.Zip(picked))
            {
                var serials = await LineSerials.PostedAsync(db, LineSerials.ForReturnLine(order.Id, first?.Id ?? 0, at, line.LineId), pick.Units, ct);
                answered.Add((line with { Serials = serials.Serials }).Saying(serials));
            }
            return new SupplierReturnDto(first?.Id, order.Id, order.Number, order.Status, warehouseId, reason, at, answered, moved.Sum(l => l.TotalCost));
        }

        private static string? CheckReason(string? text, ProblemList problems)
        {
            var reason = text?.Trim();
            if (string.IsNullOrEmpty(reason)) return null;
            if (reason.Length > MaxReasonLength)
                problems.Add(Problem.Invalid($"The reason is {reason.Length} characters long; keep it to {MaxReasonLength}."));
            else if (PlainText.Check(reason, "The reason") is { } why) problems.Add(Problem.Invalid(why));
            return reason;
        }

        private async Task<List<Matched>> MatchAsync(PurchaseOrder order, IReadOnlyList<Line?> requestLines, ProblemList problems, CancellationToken ct)
        {
            var productIds = order.Lines.Select(l => l.ProductId).Distinct().ToList();
            var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            var matched = new List<Matched>();
            for (var i = 0; i < requestLines.Count; i++)
            {
                var (line, n) = (requestLines[i], i + 1);
                var orderLine = OrderLines.Named(order, n, line?.LineId, problems);
                if (line is null || orderLine is null) continue;
                var product = products[orderLine.ProductId];
                matched.Add(new Matched(n, orderLine, product, new OutLine(n, product, line.Quantity, line.Serials, line.Batches)));
            }
            return matched;
        }

        /// <summary>Received less already returned, counting every request line that names the same order line together.</summary>
        private static void CheckQuantities(PurchaseOrder order, IReadOnlyList<Matched> lines, ProblemList problems)
        {
            var left = new Dictionary<int, decimal>();
            foreach (var line in lines.Where(l => l.Out.Quantity > 0))
            {
                var available = left.TryGetValue(line.OrderLine.Id, out var l) ? l : line.OrderLine.ReturnableQuantity;
                if (line.Out.Quantity > available)
                    problems.Add(new Problem(ProblemKind.Conflict,
                        $"Line {line.Position} ({line.Product.Sku}): order line {line.OrderLine.LineNumber} of {order.Number} has {available} received and not yet returned " +
                        $"(received {line.OrderLine.ReceivedQuantity}, returned {line.OrderLine.ReturnedQuantity}); {line.Out.Quantity} cannot be returned.") { Line = line.Position });
                else left[line.OrderLine.Id] = available - line.Out.Quantity;
            }
        }
    }
}
