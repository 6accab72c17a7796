using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Labels;

/// <summary>
/// A label for every unit one receipt brought in: each serial as it is now (a corrected serial prints corrected), each
/// batch line once per batch with its expiry date (<c>copies</c> for more), each untracked line once. Read from the ledger rows the receipt
/// posted, in line order.
/// </summary>
public static class GetReceiptLabels
{
    public sealed class Handler(StocktrailDbContext db, IConfiguration configuration)
    {
        public async Task<LabelFile> HandleAsync(int orderId, int receiptId, GetLabels.Options options, CancellationToken ct)
        {
            var receipt = await db.Receipts.AsNoTracking().FirstOrDefaultAsync(r => r.Id == receiptId && r.PurchaseOrderId == orderId, ct)
                ?? throw StockRuleException.NotFound($"Purchase order {orderId} has no receipt with id {receiptId}.");
            var order = await db.PurchaseOrders.AsNoTracking().FirstAsync(o => o.Id == orderId, ct);
            var lineIds = receipt.Lines.Select(l => l.PurchaseOrderLineId).ToList();
            var rows = await (from m in db.StockMovements.AsNoTracking()
                              where m.ReceiptId == receipt.Id && m.Quantity > 0 && m.SourceLineId != null
                              join u in db.SerialUnits on m.SerialUnitId equals (long?)u.Id into serial
                              from u in serial.DefaultIfEmpty()
                              orderby m.Id
                              select new { m.ProductId, m.SourceLineId, Serial = u == null ? null : u.Serial, m.Batch }).ToListAsync(ct);
            var productIds = rows.Select(r => r.ProductId).Distinct().ToList();
            var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            var dates = await GetLabels.ExpiriesAsync(db, rows.Where(r => r.Batch is not null).Select(r => (r.ProductId, r.Batch!)), ct);
            var labels = rows
                .DistinctBy(r => (r.ProductId, r.SourceLineId, r.Serial, r.Batch))
                .OrderBy(r => lineIds.IndexOf(r.SourceLineId!.Value))
                .SelectMany(r => GetLabels.LabelsFor(products[r.ProductId], [(r.Serial, r.Batch)], dates))
                .ToList();
            return GetLabels.Render(labels, options, $"labels-{order.Number}-receipt-{receipt.Id}", configuration);
        }
    }
}
