using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;

namespace Stocktrail.Features.Receiving;

/// <summary>
/// Fixes a serial mistyped on receipt, until the order is completed, while the unit is still in stock, and only on the
/// order that received it last. The unit
/// keeps its identity, cost and history; the correction itself is a row in that history.
/// </summary>
public static class CorrectReceivedSerial
{
    public sealed record Request(int ProductId, string? From, string? To);

    public sealed class Handler(StocktrailDbContext db, LedgerWriter ledger, AuditTrail audit, TimeProvider clock)
    {
        public async Task<PurchaseOrderDto> HandleAsync(int orderId, Request request, CancellationToken ct)
        {
            var problems = new ProblemList();
            if (!SerialNumber.TryCreate(request.From, out var from, out var fromError)) problems.Add(Problem.Invalid($"From: {fromError}"));
            if (!SerialNumber.TryCreate(request.To, out var to, out var toError)) problems.Add(Problem.Invalid($"To: {toError}"));
            problems.ThrowIfAny();

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var order = await db.PurchaseOrders.FirstOrDefaultAsync(o => o.Id == orderId, ct)
                ?? throw StockRuleException.NotFound($"There is no purchase order with id {orderId}.");
            var product = await db.Products.FindAsync([request.ProductId], ct)
                ?? throw StockRuleException.Invalid($"There is no product with id {request.ProductId}.");
            order.RecordSerialCorrection();

            var unit = await db.SerialUnits.FirstOrDefaultAsync(u => u.ProductId == product.Id && u.SerialKey == from.Key, ct);
            // Only the order that received the unit last may correct it: a unit received on one order, gone, and received
            // again on another belongs to the later receipt, and the earlier order no longer speaks for it.
            var receipts = unit is null ? [] : await db.StockMovements.AsNoTracking()
                .Where(m => m.SourceType == SourceType.PurchaseOrder && m.SerialUnitId == unit.Id && m.Quantity > 0)
                .OrderBy(m => m.Id).Select(m => new { m.SourceId, m.SourceNumber }).ToListAsync(ct);
            var lastReceipt = receipts.LastOrDefault();
            if (unit is null || lastReceipt is null || receipts.All(r => r.SourceId != order.Id))
                throw new StockRuleException(new Problem(ProblemKind.Conflict, $"Serial {from} of {product.Sku} was not received on {order.Number}.") { Serial = from.Value });
            if (lastReceipt.SourceId != order.Id)
                throw new StockRuleException(new Problem(ProblemKind.Conflict,
                    $"Serial {unit.Serial} of {product.Sku} was received again on {lastReceipt.SourceNumber} after {order.Number}; correct it on {lastReceipt.SourceNumber}.") { Serial = unit.Serial });
            if (unit.Status != SerialStatus.InStock)
                throw new StockRuleException(new Problem(ProblemKind.Conflict,
                    $"Serial {unit.Serial} of {product.Sku} has left stock since it was received; it can no longer be corrected on {order.Number}.") { Serial = unit.Serial });
            if (to.Key != from.Key && await db.SerialUnits.AnyAsync(u => u.ProductId == product.Id && u.SerialKey == to.Key, ct))
                throw new StockRuleException(new Problem(ProblemKind.Conflict, $"Serial {to} already belongs to another unit of {product.Sku}.") { Serial = to.Value });

            var was = unit.Serial;
            unit.Correct(to);
            var posting = new Posting(clock.GetUtcNow().UtcDateTime);
            posting.Events.Add(new StockMovement(product.Id, unit.WarehouseId!.Value, posting.OccurredAt, 0, unit.UnitCost,
                $"Serial corrected from {was} to {to} on {order.Number}", new DocumentRef(SourceType.PurchaseOrder, order.Id, order.Number),
                serialUnitId: unit.Id, value: 0));
            audit.Record(AuditActions.SerialCorrected, $"Serial of {product.Sku} received on {order.Number} corrected from {was} to {to}.",
                SourceType.PurchaseOrder, order.Number);
            await ledger.AppendAsync(posting, ct);
            await tx.CommitAsync(ct);
            return await PurchaseOrderReader.ReadAsync(db, order.Id, ct);
        }
    }
}
