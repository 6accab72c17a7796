using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.Receiving;

public sealed record PurchaseOrderDto(
    int Id, string Number, int SupplierId, string SupplierName, int WarehouseId, PurchaseOrderStatus Status, DateTime CreatedAt,
    IReadOnlyList<PurchaseOrderLineDto> Lines, IReadOnlyList<LandedCostDto> LandedCosts, string CreatedBy,
    IReadOnlyList<PurchaseOrderReceiptDto> Receipts)
{
    /// <summary>The order's supplier returns, oldest first.</summary>
    public IReadOnlyList<PurchaseOrderReturnDto> Returns { get; init; } = [];
}

/// <summary>
/// One supplier return on the order: when, by whom, from which warehouse, and per line what went back at what cost.
/// Read from its ledger rows (one return is one posting: its rows share their time); <see cref="Id"/> is the id of its
/// first ledger row, which names it in its lines' serials endpoint.
/// </summary>
public sealed record PurchaseOrderReturnDto(long Id, DateTime ReturnedAt, string ReturnedBy, int WarehouseId, string Description, decimal TotalCost,
    IReadOnlyList<PurchaseOrderReturnLineDto> Lines);

/// <summary>What one return sent back on one order line (<see cref="LineId"/>); a large line's serials are paged on the return's own line endpoint.</summary>
public sealed record PurchaseOrderReturnLineDto(int LineId, int LineNumber, int ProductId, string Sku, decimal Quantity, decimal Cost,
    IReadOnlyList<string> Serials, IReadOnlyList<BatchQuantity> Batches) : SerialsOnLine;

/// <summary>One receiving of goods on the order, oldest first: when, by whom, and per line what came in on it.</summary>
public sealed record PurchaseOrderReceiptDto(int Id, DateTime ReceivedAt, string ReceivedBy, IReadOnlyList<PurchaseOrderReceiptLineDto> Lines);

/// <summary>What one receipt brought in on one order line; serials as they are now (a corrected serial shows corrected).</summary>
public sealed record PurchaseOrderReceiptLineDto(int Id, int LineId, int LineNumber, int ProductId, string Sku, decimal Quantity,
    IReadOnlyList<string> Serials, IReadOnlyList<BatchQuantity> Batches) : SerialsOnLine;

public sealed record LandedCostDto(int Id, string Description, decimal Amount, DateTime AddedAt);

/// <summary>A line with what has been received on it; for a serialized line, the serials received, as they are now.</summary>
public sealed record PurchaseOrderLineDto(
    int Id, int LineNumber, int ProductId, string Sku, TrackingType TrackingType, decimal Quantity, decimal UnitCost,
    decimal ReceivedQuantity, decimal OpenQuantity, IReadOnlyList<string> Serials, IReadOnlyList<BatchQuantity> Batches) : SerialsOnLine
{
    /// <summary>Sent back to the supplier; <see cref="Serials"/> and <see cref="Batches"/> are what was received less that.</summary>
    public decimal ReturnedQuantity { get; init; }
}

internal static class PurchaseOrderReader
{
    public static async Task<PurchaseOrderDto> ReadAsync(StocktrailDbContext db, int id, CancellationToken ct)
    {
        var order = await db.PurchaseOrders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct)
            ?? throw StockRuleException.NotFound($"There is no purchase order with id {id}.");
        var supplier = await db.Suppliers.AsNoTracking().Where(s => s.Id == order.SupplierId).Select(s => s.Name).FirstAsync(ct);
        var productIds = order.Lines.Select(l => l.ProductId).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);

        var large = order.Lines.Where(l => LineSerials.IsLarge(HeldSerials(l, products))).Select(l => l.Id).ToList();
        var contents = await DocumentContents.ReadAsync(db, SourceType.PurchaseOrder, id, DocumentFlow.In, ct, large);

        var lines = new List<PurchaseOrderLineDto>();
        foreach (var l in order.Lines.OrderBy(l => l.LineNumber))
        {
            var held = contents.OnLine(l.Id, l.ProductId);
            var product = products[l.ProductId];
            var serials = await LineSerials.SummarizeAsync(db, LineSerials.ForOrderLine(id, l.Id), HeldSerials(l, products),
                () => held?.Units.Select(u => u.Serial).ToList() ?? [], ct);
            lines.Add(new PurchaseOrderLineDto(l.Id, l.LineNumber, l.ProductId, product.Sku, product.TrackingType, l.Quantity, l.UnitCost,
                l.ReceivedQuantity, l.OpenQuantity, serials.Serials, held?.BatchQuantities ?? [])
                { ReturnedQuantity = l.ReturnedQuantity }.Saying(serials));
        }
        var landedCosts = await db.LandedCosts.AsNoTracking().Where(c => c.PurchaseOrderId == id).OrderBy(c => c.Id)
            .Select(c => new LandedCostDto(c.Id, c.Description, c.Amount, c.AddedAt)).ToListAsync(ct);
        return new PurchaseOrderDto(order.Id, order.Number, order.SupplierId, supplier, order.WarehouseId, order.Status, order.CreatedAt, lines, landedCosts,
            await Authors.NameAsync(db, order.CreatedById, ct), await ReceiptsAsync(db, order, products, ct))
            { Returns = await ReturnsAsync(db, order, products, ct) };
    }

    /// <summary>How many serials a line holds, from its quantities: received less sent back, for a serialized product.</summary>
    private static decimal HeldSerials(PurchaseOrderLine line, Dictionary<int, Product> products) =>
        products[line.ProductId].TrackingType == TrackingType.Serial ? line.ReceivedQuantity - line.ReturnedQuantity : 0;

    /// <summary>How many serials a receipt line brought in: its quantity, for a serialized product.</summary>
    private static decimal ReceivedSerials(ReceiptLine line, Dictionary<int, PurchaseOrderLine> orderLines, Dictionary<int, Product> products) =>
        products[orderLines[line.PurchaseOrderLineId].ProductId].TrackingType == TrackingType.Serial ? line.Quantity : 0;

    /// <summary>
    /// Each supplier return with its lines: per return (its rows share their time) and line, one grouped statement
    /// gives the first row, the serial rows' count, the quantity and the cost; the return's first rows give who, from
    /// where and why; then the rows of the lines, less the serial rows of a large line, which are paged. Three
    /// statements for the whole order, and a page for each large line.
    /// </summary>
    private static async Task<List<PurchaseOrderReturnDto>> ReturnsAsync(StocktrailDbContext db, PurchaseOrder order,
        Dictionary<int, Product> products, CancellationToken ct)
    {
        var returned = LineSerials.SupplierReturnRows(db, order.Id);
        var returnLines = await returned.GroupBy(m => new { m.OccurredAt, m.SourceLineId })
            .Select(g => new { g.Key.OccurredAt, g.Key.SourceLineId, FirstId = g.Min(m => m.Id), Serials = g.Count(m => m.SerialUnitId != null),
                Quantity = g.Sum(m => m.Quantity), Value = g.Sum(m => m.Value) })
            .ToListAsync(ct);
        if (returnLines.Count == 0) return [];
        var firstIds = returnLines.GroupBy(l => l.OccurredAt).Select(g => g.Min(l => l.FirstId)).ToList();
        var heads = await (
            from m in returned
            where firstIds.Contains(m.Id)
            join a in db.Users.AsNoTracking() on m.UserId equals (int?)a.Id into authors
            from a in authors.DefaultIfEmpty()
            orderby m.Id
            select new { m.Id, m.OccurredAt, m.WarehouseId, m.Description, m.SerialUnitId, m.Batch,
                UserName = a == null ? User.BeforeUsers : a.UserName! }).ToListAsync(ct);
        var listed = returned;
        foreach (var large in returnLines.Where(l => LineSerials.IsLarge(l.Serials)))
            listed = listed.Where(m => m.SerialUnitId == null || m.OccurredAt != large.OccurredAt || m.SourceLineId != large.SourceLineId);
        var rows = (await (
            from m in listed
            join u in db.SerialUnits.AsNoTracking() on m.SerialUnitId equals u.Id into units
            from u in units.DefaultIfEmpty()
            orderby m.Id
            select new { m.OccurredAt, m.SourceLineId, m.Batch, m.Quantity, Serial = u == null ? null : u.Serial }).ToListAsync(ct))
            .ToLookup(r => (r.OccurredAt, r.SourceLineId));
        var orderLines = order.Lines.ToDictionary(l => l.Id);

        var answers = new List<PurchaseOrderReturnDto>();
        foreach (var head in heads)
        {
            var lines = new List<PurchaseOrderReturnLineDto>();
            var ofReturn = returnLines.Where(l => l.OccurredAt == head.OccurredAt).OrderBy(l => l.FirstId).ToList();
            foreach (var l in ofReturn)
            {
                var own = rows[(l.OccurredAt, l.SourceLineId)].ToList();
                var lineId = l.SourceLineId ?? 0;
                var orderLine = orderLines.GetValueOrDefault(lineId);
                var serials = await LineSerials.SummarizeAsync(db, LineSerials.ForReturnLine(order.Id, head.Id, head.OccurredAt, lineId), l.Serials,
                    () => own.Where(r => r.Serial != null).Select(r => r.Serial!).ToList(), ct);
                lines.Add(new PurchaseOrderReturnLineDto(lineId, orderLine?.LineNumber ?? 0, orderLine?.ProductId ?? 0,
                    orderLine is null ? "" : products[orderLine.ProductId].Sku, -l.Quantity, -l.Value, serials.Serials,
                    own.Where(r => r.Batch != null && r.Serial == null).GroupBy(r => TrackingCode.Key(r.Batch!))
                        .Select(b => new BatchQuantity(b.First().Batch, -b.Sum(r => r.Quantity))).ToList()).Saying(serials));
            }
            answers.Add(new PurchaseOrderReturnDto(head.Id, head.OccurredAt, head.UserName, head.WarehouseId,
                Words(head.Description, head.SerialUnitId is not null, head.Batch), -ofReturn.Sum(l => l.Value), lines));
        }
        return answers;
    }

    /// <summary>The return's own words, without what a row adds to them: its serial or its batch.</summary>
    private static string Words(string description, bool serial, string? batch)
    {
        var suffix = serial ? MovementText.WithSerial("", "") : batch is null ? null : $" — batch {batch}";
        var at = suffix is null ? -1 : description.LastIndexOf(suffix, StringComparison.Ordinal);
        return at < 0 ? description : description[..at];
    }

    /// <summary>
    /// Each receipt with its lines, and the units and batches of each line: the ledger rows the receipt posted (each
    /// names its receipt; rows of release 0.1 were given theirs by the upgrade), with who posted them. Three
    /// statements for the whole order.
    /// </summary>
    private static async Task<List<PurchaseOrderReceiptDto>> ReceiptsAsync(StocktrailDbContext db, PurchaseOrder order,
        Dictionary<int, Product> products, CancellationToken ct)
    {
        var receipts = await db.Receipts.AsNoTracking().Where(r => r.PurchaseOrderId == order.Id).OrderBy(r => r.Id).ToListAsync(ct);
        if (receipts.Count == 0) return [];
        var orderLines = order.Lines.ToDictionary(l => l.Id);
        var receiptRows = db.StockMovements.AsNoTracking()
            .Where(m => m.SourceType == SourceType.PurchaseOrder && m.SourceId == order.Id && m.ReceiptId != null && m.Quantity > 0);
        // The rows of a large receipt line are paged, not read here: an order line large on any receipt is left out of
        // the read by index (a serialized line, whose every row names a unit), and read back only for the receipts it is
        // small on, which walks that line's rows (a line received both in bulk and in a few is rare).
        var large = receipts.SelectMany(r => r.Lines.Where(l => LineSerials.IsLarge(ReceivedSerials(l, orderLines, products)))
            .Select(l => (Receipt: r.Id, Line: l.PurchaseOrderLineId))).ToHashSet();
        var largeLines = large.Select(p => p.Line).Distinct().ToList();
        var posted = receiptRows.OffLines(largeLines);
        foreach (var (receiptId, lineId) in receipts.SelectMany(r => r.Lines.Select(l => (r.Id, l.PurchaseOrderLineId)))
                     .Where(p => largeLines.Contains(p.PurchaseOrderLineId) && !large.Contains(p)))
            posted = posted.Concat(receiptRows.Where(m => m.SourceLineId == lineId && m.ReceiptId == receiptId));
        var rows = await (
            from m in posted
            join u in db.SerialUnits.AsNoTracking() on m.SerialUnitId equals u.Id into units
            from u in units.DefaultIfEmpty()
            orderby m.Id
            select new { m.SourceLineId, m.ReceiptId, m.UserId, m.Batch, m.Quantity, Serial = u == null ? null : u.Serial }).ToListAsync(ct);
        var userIds = rows.Where(r => r.UserId != null).Select(r => r.UserId!.Value).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName ?? "", ct);
        var byReceipt = rows.ToLookup(r => (r.ReceiptId, r.SourceLineId));

        var answers = new List<PurchaseOrderReceiptDto>();
        foreach (var receipt in receipts)
        {
            var lines = new List<PurchaseOrderReceiptLineDto>();
            int? userId = null;
            foreach (var l in receipt.Lines.OrderBy(l => l.Id))
            {
                var rowsOfLine = byReceipt[((int?)receipt.Id, l.PurchaseOrderLineId)].ToList();
                userId ??= rowsOfLine.Select(r => r.UserId).FirstOrDefault(id => id != null);
                var orderLine = orderLines[l.PurchaseOrderLineId];
                var serials = await LineSerials.SummarizeAsync(db, LineSerials.ForReceiptLine(order.Id, receipt.Id, l.Id, orderLine.Id),
                    ReceivedSerials(l, orderLines, products), () => rowsOfLine.Where(r => r.Serial != null).Select(r => r.Serial!).ToList(), ct);
                lines.Add(new PurchaseOrderReceiptLineDto(l.Id, orderLine.Id, orderLine.LineNumber, orderLine.ProductId,
                    products[orderLine.ProductId].Sku, l.Quantity, serials.Serials,
                    rowsOfLine.Where(r => r.Batch != null && r.Serial == null).GroupBy(r => TrackingCode.Key(r.Batch!))
                        .Select(g => new BatchQuantity(g.First().Batch, g.Sum(r => r.Quantity))).ToList()).Saying(serials));
            }
            // A receipt of only large serial lines has no row read above: who posted it is the user of its first line's
            // first row (a receipt is one posting), read by the line's index.
            var firstLine = receipt.Lines[0].PurchaseOrderLineId;
            var receivedBy = userId is { } id ? users.GetValueOrDefault(id, User.BeforeUsers)
                : rows.Any(r => r.ReceiptId == receipt.Id) ? User.BeforeUsers
                : await Authors.NameAsync(db, await receiptRows.Where(m => m.SourceLineId == firstLine && m.ReceiptId == receipt.Id)
                    .OrderBy(m => m.Id).Select(m => m.UserId).FirstOrDefaultAsync(ct), ct);
            answers.Add(new PurchaseOrderReceiptDto(receipt.Id, receipt.ReceivedAt, receivedBy, lines));
        }
        return answers;
    }
}
