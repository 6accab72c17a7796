using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;

namespace Stocktrail.Features.Labels;

/// <summary>The "Print labels" form a page shows: where it goes, what it fixes (product, serials, batch), and its title.</summary>
public sealed record PrintLabels(string Action, IReadOnlyDictionary<string, string> Fixed, string Title, string Id)
{
    public static PrintLabels ForReceipt(int orderId, int receiptId) =>
        new($"/api/purchase-orders/{orderId}/receipts/{receiptId}/labels", new Dictionary<string, string>(), "Print labels", $"labels-receipt-{receiptId}");

    public static PrintLabels ForSerial(int productId, string serial) => ForSerials(productId, [serial], "Print label", "labels-serial");

    public static PrintLabels ForOutputs(int productId, IEnumerable<string> serials) => ForSerials(productId, serials, "Print output labels", "labels-outputs");

    private static PrintLabels ForSerials(int productId, IEnumerable<string> serials, string title, string id) =>
        new("/api/labels", new Dictionary<string, string> { ["productId"] = productId.ToString(CultureInfo.InvariantCulture), ["serials"] = string.Join(",", serials) }, title, id);

    public static PrintLabels ForBatch(int productId, string batch, int warehouseId) =>
        new("/api/labels", new Dictionary<string, string> { ["productId"] = productId.ToString(CultureInfo.InvariantCulture), ["batch"] = batch }, "Print labels", $"labels-batch-{warehouseId}-{batch}");
}

/// <summary>A purchase order's receipts, newest last, for its "Print labels" forms.</summary>
public static class OrderReceipts
{
    public sealed record ReceiptRow(int Id, DateTime ReceivedAt, decimal Units);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<IReadOnlyList<ReceiptRow>> HandleAsync(int orderId, CancellationToken ct)
        {
            var receipts = await db.Receipts.AsNoTracking().Where(r => r.PurchaseOrderId == orderId).OrderBy(r => r.Id).ToListAsync(ct);
            return receipts.Select(r => new ReceiptRow(r.Id, r.ReceivedAt, r.Lines.Sum(l => l.Quantity))).ToList();
        }
    }
}
