using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;

namespace Stocktrail.Features.Receiving;

/// <summary>
/// Spreads a landed cost (freight, duty) over what a purchase order received, by line value. Units still in stock
/// take their share into their cost (a serial's own cost, a layer's unit cost); for units already used or dispatched
/// the share is charged to cost of goods, so that stock value and cost of goods both stay right.
/// </summary>
/// <remarks>
/// Stock moved to another warehouse before the landed cost arrives keeps its new layer's cost there: the share of those
/// units is charged to cost of goods as for units that are gone. Serial units carry their cost with them, so they are
/// revalued wherever they are.
/// </remarks>
public static class AddLandedCost
{
    public sealed record Request(string? Description, decimal Amount);

    public sealed class Handler(StocktrailDbContext db, LedgerWriter ledger, AuditTrail audit, TimeProvider clock)
    {
        public async Task<PurchaseOrderDto> HandleAsync(int orderId, Request request, CancellationToken ct)
        {
            var problems = new ProblemList();
            PlainText.CheckName(request.Description, "The landed cost's description", 200,
                "A landed cost needs a description of 1 to 200 characters, such as Freight or Duty.", problems);
            if (request.Amount <= 0) problems.Add(Problem.Invalid($"A landed cost must be more than zero (was {request.Amount})."));
            else if (Amounts.Check(request.Amount, "A landed cost of") is { } tooBig) problems.Add(Problem.Invalid(tooBig));
            problems.ThrowIfAny();

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var order = await db.PurchaseOrders.FirstOrDefaultAsync(o => o.Id == orderId, ct)
                ?? throw StockRuleException.NotFound($"There is no purchase order with id {orderId}.");
            var productIds = order.Lines.Select(l => l.ProductId).ToList();
            var stocked = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id) && p.TrackingType != TrackingType.NonStock)
                .ToDictionaryAsync(p => p.Id, ct);
            var lines = order.Lines.Where(l => stocked.ContainsKey(l.ProductId) && l.ReceivedQuantity > 0 && l.UnitCost > 0).ToList();
            var totalValue = lines.Sum(l => l.ReceivedQuantity * l.UnitCost);
            if (totalValue == 0)
                throw StockRuleException.Conflict($"{order.Number} has received no stock with a cost yet; a landed cost is spread over what was received.");

            var now = clock.GetUtcNow().UtcDateTime;
            var label = request.Description!.Trim();
            db.LandedCosts.Add(new LandedCost(order.Id, label, request.Amount, now));
            // What units cost now is read after queueing behind every other writer of these products' stock.
            await ledger.LockStockAsync(lines.Select(l => l.ProductId), ct);
            var posting = new Posting(now);
            var source = new DocumentRef(SourceType.PurchaseOrder, order.Id, order.Number);
            var description = $"Landed cost '{label}' on {order.Number}";
            foreach (var line in lines)
            {
                var perUnit = Math.Round(request.Amount * line.ReceivedQuantity * line.UnitCost / totalValue / line.ReceivedQuantity, 6);
                var lineSource = source.ForLine(line.Id);
                var stillHere = stocked[line.ProductId].IsSerialized
                    ? await RevalueUnitsAsync(line, perUnit, posting, lineSource, description, ct)
                    : await RevalueLayersAsync(line, perUnit, posting, lineSource, description, ct);
                if (line.ReceivedQuantity - stillHere is var gone and > 0)
                    posting.Charged.Add(new ChargedToCostOfGoods(line.ProductId, order.WarehouseId, gone, perUnit, lineSource, description));
            }
            audit.Record(AuditActions.LandedCostAdded,
                $"Landed cost '{label}' of {AuditText.Money(request.Amount)} added to {order.Number}, spread by value over its {lines.Count} received line(s).",
                SourceType.PurchaseOrder, order.Number);
            await ledger.AppendAsync(posting, ct);
            await tx.CommitAsync(ct);
            return await PurchaseOrderReader.ReadAsync(db, order.Id, ct);
        }

        /// <summary>Revalues each unit received on the line that is still in stock, wherever it is; returns how many are.</summary>
        private async Task<decimal> RevalueUnitsAsync(PurchaseOrderLine line, decimal perUnit, Posting posting, DocumentRef source, string description, CancellationToken ct)
        {
            var received = db.StockMovements.AsNoTracking()
                .Where(m => m.Kind == MovementKind.Received && m.SourceId == line.PurchaseOrderId && m.SourceLineId == line.Id && m.SerialUnitId != null)
                .Select(m => m.SerialUnitId!.Value).Distinct();
            var units = await db.SerialUnits.AsNoTracking()
                .Where(u => received.Contains(u.Id) && u.Status == SerialStatus.InStock)
                .Select(u => new UnitInStock(u.Id, u.WarehouseId!.Value, u.UnitCost)).ToListAsync(ct);
            posting.UnitsRevalued.Add(new UnitsRevalued(line.ProductId, units, perUnit, source, description));
            return units.Count;
        }

        /// <summary>Revalues the layers the line's receipts made, for what remains of them; returns how much remains.</summary>
        private async Task<decimal> RevalueLayersAsync(PurchaseOrderLine line, decimal perUnit, Posting posting, DocumentRef source, string description, CancellationToken ct)
        {
            var layers = await db.CostLayers.AsNoTracking()
                .Where(l => l.SourceType == SourceType.PurchaseOrder && l.SourceId == line.PurchaseOrderId && l.SourceLineId == line.Id)
                .Select(l => new { l.Id, l.Remaining }).ToListAsync(ct);
            foreach (var layer in layers.Where(l => l.Remaining > 0))
                posting.LayersRevalued.Add(new LayerRevalued(layer.Id, perUnit, source, description));
            return layers.Sum(l => l.Remaining);
        }
    }
}
