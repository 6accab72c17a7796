using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.Receiving;

public sealed record PurchaseOrderDto(
    int Id, string Number, int SupplierId, string SupplierName, int WarehouseId, PurchaseOrderStatus Status, DateTime CreatedAt,
    IReadOnlyList<PurchaseOrderLineDto> Lines, IReadOnlyList<LandedCostDto> LandedCosts, string CreatedBy);

public sealed record LandedCostDto(int Id, string Description, decimal Amount, DateTime AddedAt);

/// <summary>A line with what has been received on it; for a serialized line, the serials received, as they are now.</summary>
public sealed record PurchaseOrderLineDto(
    int Id, int LineNumber, int ProductId, string Sku, TrackingType TrackingType, decimal Quantity, decimal UnitCost,
    decimal ReceivedQuantity, decimal OpenQuantity, IReadOnlyList<string> Serials, IReadOnlyList<BatchQuantity> Batches);

internal static class PurchaseOrderReader
{
    public static async Task<PurchaseOrderDto> ReadAsync(StocktrailDbContext db, int id, CancellationToken ct)
    {
        var order = await db.PurchaseOrders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct)
            ?? throw StockRuleException.NotFound($"There is no purchase order with id {id}.");
        var supplier = await db.Suppliers.AsNoTracking().Where(s => s.Id == order.SupplierId).Select(s => s.Name).FirstAsync(ct);
        var productIds = order.Lines.Select(l => l.ProductId).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);

        var received = await db.StockMovements.AsNoTracking()
            .Where(m => m.SourceType == SourceType.PurchaseOrder && m.SourceId == id && m.Quantity > 0)
            .Select(m => new { m.SourceLineId, m.SerialUnitId, m.Batch, m.Quantity, m.Id })
            .ToListAsync(ct);
        var unitIds = received.Where(r => r.SerialUnitId != null).Select(r => r.SerialUnitId!.Value).ToList();
        var serials = await db.SerialUnits.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Serial, ct);

        var lines = order.Lines.OrderBy(l => l.LineNumber).Select(l =>
        {
            var rows = received.Where(r => r.SourceLineId == l.Id).OrderBy(r => r.Id).ToList();
            var product = products[l.ProductId];
            return new PurchaseOrderLineDto(l.Id, l.LineNumber, l.ProductId, product.Sku, product.TrackingType, l.Quantity, l.UnitCost,
                l.ReceivedQuantity, l.OpenQuantity,
                rows.Where(r => r.SerialUnitId != null).Select(r => serials[r.SerialUnitId!.Value]).ToList(),
                rows.Where(r => r.Batch != null).GroupBy(r => r.Batch!).Select(g => new BatchQuantity(g.Key, g.Sum(r => r.Quantity))).ToList());
        }).ToList();
        var landedCosts = await db.LandedCosts.AsNoTracking().Where(c => c.PurchaseOrderId == id).OrderBy(c => c.Id)
            .Select(c => new LandedCostDto(c.Id, c.Description, c.Amount, c.AddedAt)).ToListAsync(ct);
        return new PurchaseOrderDto(order.Id, order.Number, order.SupplierId, supplier, order.WarehouseId, order.Status, order.CreatedAt, lines, landedCosts,
            await Authors.NameAsync(db, order.CreatedById, ct));
    }
}
