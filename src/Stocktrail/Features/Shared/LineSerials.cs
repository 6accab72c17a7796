using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Shared;

/// <summary>
/// Which ledger rows give one document line's serials: the rows the document posted on the line, in one direction, of
/// one receipt where that narrows it; with
/// <see cref="Held"/>, only the units the document holds now (<see cref="DocumentContents"/> says what that means).
/// <see cref="Path"/> is the line's serials endpoint.
/// </summary>
public sealed record LineSerialsScope(SourceType Type, int DocumentId, int? LineId, int Direction, string Path)
{
    public int? ReceiptId { get; init; }
    public DocumentFlow? Held { get; init; }
    /// <summary>Of one product only: a job's output, or a project's or job's materials of one product (with <see cref="AnyLine"/>).</summary>
    public int? ProductId { get; init; }
    /// <summary>The rows of every line, not of <see cref="LineId"/>: a project's or job's materials, each use and return a line of its own.</summary>
    public bool AnyLine { get; init; }
    /// <summary>Of one dispatch or supplier return only: the rows posted together at this time, as the database holds it.</summary>
    public DateTime? At { get; init; }
    /// <summary>Of rows of this kind only: a supplier return's, not another posting's on the order at the same time.</summary>
    public MovementKind? Kind { get; init; }
}

/// <summary>
/// What a document line says of its serials besides the list: how many it has, and, when the list is only the first
/// <see cref="LineSerials.Listed"/> of them, where the rest are paged (<c>serialsUrl</c>, from <c>serialsNext</c> on).
/// Every line answer that carries <c>serials</c> derives from it, so that all say it the same way.
/// </summary>
public abstract record SerialsOnLine
{
    public int SerialCount { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? SerialsNext { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? SerialsUrl { get; init; }
}

public static class SerialsOnLineExtensions
{
    /// <summary>The line with what the summary says of its serials beside the list.</summary>
    public static T Saying<T>(this T line, LineSerials.Summary summary) where T : SerialsOnLine =>
        (T)(line with { SerialCount = summary.Count, SerialsNext = summary.Next, SerialsUrl = summary.Url });
}

/// <summary>
/// A document line's serials, a page at a time by key (<see cref="ListPage"/>): the line's ledger rows after the row
/// <c>after</c> names, in the order they were posted, read by the (source type, source id, source line, id) index of
/// the ledger; no count and no offset. The one reader behind every document's <c>…/lines/{lineId}/serials</c>,
/// and behind the first page a document's answer lists of a line too large to list whole.
/// </summary>
public static class LineSerials
{
    /// <summary>A line answer lists at most this many serials; past it, the first this many, its count and where the rest are.</summary>
    public const int Listed = 1_000;
    public const int DefaultPageSize = 1_000;
    public const int MaxPageSize = 10_000;

    public sealed record Result(IReadOnlyList<Item> Items, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next);
    public sealed record Item(string Serial);

    /// <summary>What a line answer carries: every serial when there are at most <see cref="Listed"/>, else the first page of them and the rest's place.</summary>
    public sealed record Summary(IReadOnlyList<string> Serials, int Count, string? Next, string? Url);

    public static string Description(string line) =>
        $"The serials {line}, in the order they were posted, {DefaultPageSize:N0} a page unless pageSize says (at most {MaxPageSize:N0}). " +
        "Pass an answer's next as after for the page that follows; no next means the last page. " +
        $"A document's answer lists a line's serials whole up to {Listed:N0}; past that it lists the first {Listed:N0} with serialCount, and serialsUrl and serialsNext say where to go on from.";

    /// <summary>
    /// Whether a line of this many serials is summarized. Readers decide it from the document's own quantities (a
    /// serialized line's units received less returned, dispatched less returned, moved) before they read the ledger,
    /// so that they leave the serial rows of a large line unread.
    /// </summary>
    public static bool IsLarge(decimal serialCount) => serialCount > Listed;

    /// <summary>How many serials a line of this product and quantity moves: its quantity when the product is serialized.</summary>
    public static decimal SerialsOf(int productId, decimal quantity, IReadOnlyDictionary<int, Product> products) =>
        products[productId].TrackingType == TrackingType.Serial ? quantity : 0;

    /// <summary>
    /// Every serial of a small line as the document's reader found them (<paramref name="all"/>); for a large line,
    /// the first <see cref="Listed"/> read by key, so that the line's <c>serialsNext</c> goes on exactly where they
    /// stop, and the count the document's quantities give.
    /// </summary>
    public static async Task<Summary> SummarizeAsync(StocktrailDbContext db, LineSerialsScope scope, decimal count, Func<IReadOnlyList<string>> all, CancellationToken ct)
    {
        if (!IsLarge(count))
        {
            var whole = all();
            return new Summary(whole, whole.Count, null, null);
        }
        var (first, next) = await PageAsync(db, scope, null, Listed, ct);
        return new Summary(first.Select(i => i.Serial).ToList(), (int)count, next, next is null ? null : scope.Path);
    }

    /// <summary>
    /// A line a request has just posted, its units in the order they were posted: every serial of a small line; of a
    /// large one the first <see cref="Listed"/>, which are the scope's first page (the ledger rows were written in this
    /// order), and as <c>serialsNext</c> the ledger row of the last of them, so that the pages go on exactly after them
    /// even when the scope holds more than this line (one order line named on two lines of a supplier return).
    /// </summary>
    public static async Task<Summary> PostedAsync(StocktrailDbContext db, LineSerialsScope scope, IReadOnlyList<KnownUnit> units, CancellationToken ct)
    {
        var serials = units.Take(IsLarge(units.Count) ? Listed : units.Count).Select(u => u.Serial).ToList();
        if (!IsLarge(units.Count)) return new Summary(serials, units.Count, null, null);
        var last = (long?)units[Listed - 1].Id;
        var row = await Rows(db, scope).Where(m => m.SerialUnitId == last).Select(m => m.Id).FirstAsync(ct);
        return new Summary(serials, units.Count, row.ToString(System.Globalization.CultureInfo.InvariantCulture), scope.Path);
    }

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> PurchaseOrderLineAsync(int orderId, int lineId, string? after, int? pageSize, CancellationToken ct)
        {
            var order = await db.PurchaseOrders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, ct)
                ?? throw StockRuleException.NotFound($"There is no purchase order with id {orderId}.");
            if (order.Lines.All(l => l.Id != lineId)) throw StockRuleException.NotFound($"Purchase order {order.Number} has no line with id {lineId}.");
            return await HandleAsync(ForOrderLine(orderId, lineId), after, pageSize, ct);
        }

        public async Task<Result> ReceiptLineAsync(int orderId, int receiptId, int lineId, string? after, int? pageSize, CancellationToken ct)
        {
            var number = await db.PurchaseOrders.AsNoTracking().Where(o => o.Id == orderId).Select(o => o.Number).FirstOrDefaultAsync(ct)
                ?? throw StockRuleException.NotFound($"There is no purchase order with id {orderId}.");
            var receipt = await db.Receipts.AsNoTracking().FirstOrDefaultAsync(r => r.Id == receiptId && r.PurchaseOrderId == orderId, ct)
                ?? throw StockRuleException.NotFound($"Purchase order {number} has no receipt with id {receiptId}.");
            var line = receipt.Lines.FirstOrDefault(l => l.Id == lineId)
                ?? throw StockRuleException.NotFound($"Receipt {receiptId} of purchase order {number} has no line with id {lineId}.");
            return await HandleAsync(ForReceiptLine(orderId, receiptId, line.Id, line.PurchaseOrderLineId), after, pageSize, ct);
        }

        public async Task<Result> SupplierReturnLineAsync(int orderId, long returnId, int lineId, string? after, int? pageSize, CancellationToken ct)
        {
            var number = await db.PurchaseOrders.AsNoTracking().Where(o => o.Id == orderId).Select(o => o.Number).FirstOrDefaultAsync(ct)
                ?? throw StockRuleException.NotFound($"There is no purchase order with id {orderId}.");
            // A return is named by its first ledger row; its rows share their time.
            var returned = SupplierReturnRows(db, orderId);
            var at = await returned.Where(m => m.Id == returnId).Select(m => (DateTime?)m.OccurredAt).FirstOrDefaultAsync(ct);
            if (at is null || await returned.AnyAsync(m => m.OccurredAt == at && m.Id < returnId, ct))
                throw StockRuleException.NotFound($"Purchase order {number} has no supplier return with id {returnId}.");
            if (!await returned.AnyAsync(m => m.OccurredAt == at && m.SourceLineId == lineId, ct))
                throw StockRuleException.NotFound($"Supplier return {returnId} of purchase order {number} has no line with id {lineId}.");
            return await HandleAsync(ForReturnLine(orderId, returnId, at.Value, lineId), after, pageSize, ct);
        }

        public async Task<Result> StockSaleLineAsync(int saleId, int lineId, string? after, int? pageSize, CancellationToken ct)
        {
            var sale = await db.StockSales.AsNoTracking().FirstOrDefaultAsync(s => s.Id == saleId, ct)
                ?? throw StockRuleException.NotFound($"There is no stock sale with id {saleId}.");
            if (sale.Lines.All(l => l.Id != lineId)) throw StockRuleException.NotFound($"Stock sale {sale.Number} has no line with id {lineId}.");
            return await HandleAsync(ForSaleLine(saleId, lineId), after, pageSize, ct);
        }

        public async Task<Result> StockTransferLineAsync(int transferId, int lineId, string? after, int? pageSize, CancellationToken ct)
        {
            var transfer = await db.StockTransfers.AsNoTracking().FirstOrDefaultAsync(t => t.Id == transferId, ct)
                ?? throw StockRuleException.NotFound($"There is no stock transfer with id {transferId}.");
            if (transfer.Lines.All(l => l.Id != lineId)) throw StockRuleException.NotFound($"Stock transfer {transfer.Number} has no line with id {lineId}.");
            return await HandleAsync(ForTransferLine(transferId, lineId), after, pageSize, ct);
        }

        public async Task<Result> StockAdjustmentLineAsync(int adjustmentId, int lineId, string? after, int? pageSize, CancellationToken ct)
        {
            var adjustment = await db.StockAdjustments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == adjustmentId, ct)
                ?? throw StockRuleException.NotFound($"There is no stock adjustment with id {adjustmentId}.");
            var line = adjustment.Lines.FirstOrDefault(l => l.Id == lineId)
                ?? throw StockRuleException.NotFound($"Stock adjustment {adjustment.Number} has no line with id {lineId}.");
            return await HandleAsync(ForAdjustmentLine(adjustmentId, lineId, line.Direction), after, pageSize, ct);
        }

        public async Task<Result> DispatchLineAsync(int saleId, int dispatchNumber, DateTime dispatchedAt, int lineId, string? after, int? pageSize, CancellationToken ct)
        {
            var sale = await db.StockSales.AsNoTracking().FirstAsync(s => s.Id == saleId, ct);
            if (sale.Lines.All(l => l.Id != lineId))
                throw StockRuleException.NotFound($"Dispatch {dispatchNumber} of stock sale {sale.Number} has no line with id {lineId}.");
            return await HandleAsync(ForDispatchLine(saleId, dispatchNumber, dispatchedAt, lineId), after, pageSize, ct);
        }

        public async Task<Result> MaterialsAsync(SourceType owner, int ownerId, int productId, string? after, int? pageSize, CancellationToken ct)
        {
            var number = await OwnerNumberAsync(owner, ownerId, ct);
            if (!await db.StockMovements.AnyAsync(m => m.SourceType == owner && m.SourceId == ownerId && m.SourceLineId != null && m.ProductId == productId, ct))
                throw StockRuleException.NotFound($"{OwnerName(owner)} {number} has no materials of product {productId}.");
            return await HandleAsync(ForMaterials(owner, ownerId, productId), after, pageSize, ct);
        }

        public async Task<Result> MaterialsLineAsync(SourceType owner, int ownerId, int lineId, string? after, int? pageSize, CancellationToken ct)
        {
            var number = await OwnerNumberAsync(owner, ownerId, ct);
            var materialOwner = owner == SourceType.Project ? MaterialOwner.Project : MaterialOwner.ProductionJob;
            var quantity = await db.MaterialMovements.AsNoTracking().Where(m => m.Id == lineId && m.OwnerType == materialOwner && m.OwnerId == ownerId)
                .Select(m => (decimal?)m.Quantity).FirstOrDefaultAsync(ct)
                ?? throw StockRuleException.NotFound($"{OwnerName(owner)} {number} has no materials line with id {lineId}.");
            return await HandleAsync(ForMaterialsLine(owner, ownerId, lineId, returned: quantity < 0), after, pageSize, ct);
        }

        public async Task<Result> JobOutputsAsync(int jobId, string? after, int? pageSize, CancellationToken ct)
        {
            var job = await db.ProductionJobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => new { j.OutputProductId }).FirstOrDefaultAsync(ct)
                ?? throw StockRuleException.NotFound($"There is no production job with id {jobId}.");
            return await HandleAsync(ForJobOutputs(jobId, job.OutputProductId), after, pageSize, ct);
        }

        private async Task<string> OwnerNumberAsync(SourceType owner, int ownerId, CancellationToken ct) =>
            (owner == SourceType.Project
                ? await db.Projects.AsNoTracking().Where(p => p.Id == ownerId).Select(p => p.Number).FirstOrDefaultAsync(ct)
                : await db.ProductionJobs.AsNoTracking().Where(j => j.Id == ownerId).Select(j => j.Number).FirstOrDefaultAsync(ct))
            ?? throw StockRuleException.NotFound($"There is no {OwnerName(owner).ToLowerInvariant()} with id {ownerId}.");

        private static string OwnerName(SourceType owner) => owner == SourceType.Project ? "Project" : "Production job";

        private async Task<Result> HandleAsync(LineSerialsScope scope, string? after, int? pageSize, CancellationToken ct)
        {
            var problems = new ProblemList();
            var page = ListPage.Check(after, null, pageSize, problems, DefaultPageSize, MaxPageSize);
            problems.ThrowIfAny();
            // The row after names must be one of the line's, held now or not: a unit returned while a client pages
            // leaves the list, and the pages after it still follow on from where it was.
            if (page.After is { } afterId && !await Rows(db, scope).AnyAsync(m => m.Id == afterId, ct))
                throw new StockRuleException(ListPage.NotAPage(after!));
            var (items, next) = await PageAsync(db, scope, page.After, page.Size, ct);
            return new Result(items, next);
        }
    }

    public static LineSerialsScope ForOrderLine(int orderId, int lineId) =>
        new(SourceType.PurchaseOrder, orderId, lineId, 1, $"/api/purchase-orders/{orderId}/lines/{lineId}/serials") { Held = DocumentFlow.In };

    public static LineSerialsScope ForReceiptLine(int orderId, int receiptId, int receiptLineId, int orderLineId) =>
        new(SourceType.PurchaseOrder, orderId, orderLineId, 1, $"/api/purchase-orders/{orderId}/receipts/{receiptId}/lines/{receiptLineId}/serials") { ReceiptId = receiptId };

    /// <summary>What one supplier return (named by its first ledger row, posted at <paramref name="returnedAt"/>) sent back on the order line.</summary>
    public static LineSerialsScope ForReturnLine(int orderId, long returnId, DateTime returnedAt, int lineId) =>
        new(SourceType.PurchaseOrder, orderId, lineId, -1, $"/api/purchase-orders/{orderId}/returns/{returnId}/lines/{lineId}/serials")
            { At = returnedAt, Kind = MovementKind.ReturnedToSupplier };

    /// <summary>The ledger rows of an order's supplier returns, every return's; one return's share their time.</summary>
    public static IQueryable<StockMovement> SupplierReturnRows(StocktrailDbContext db, int orderId) =>
        db.StockMovements.AsNoTracking().Where(m => m.SourceType == SourceType.PurchaseOrder && m.SourceId == orderId && m.Kind == MovementKind.ReturnedToSupplier);

    public static LineSerialsScope ForSaleLine(int saleId, int lineId) =>
        new(SourceType.StockSale, saleId, lineId, -1, $"/api/stock-sales/{saleId}/lines/{lineId}/serials") { Held = DocumentFlow.Out };

    public static LineSerialsScope ForTransferLine(int transferId, int lineId) =>
        new(SourceType.StockTransfer, transferId, lineId, -1, $"/api/stock-transfers/{transferId}/lines/{lineId}/serials");

    public static LineSerialsScope ForAdjustmentLine(int adjustmentId, int lineId, AdjustmentDirection direction) =>
        new(SourceType.StockAdjustment, adjustmentId, lineId, direction == AdjustmentDirection.In ? 1 : -1, $"/api/stock-adjustments/{adjustmentId}/lines/{lineId}/serials");

    public static LineSerialsScope ForDispatchLine(int saleId, int dispatchNumber, DateTime dispatchedAt, int lineId) =>
        new(SourceType.StockSale, saleId, lineId, -1, $"/api/stock-sales/{saleId}/dispatches/{dispatchNumber}/lines/{lineId}/serials") { At = dispatchedAt };

    /// <summary>A project's or job's materials of one product, held now: used on any of its lines and not returned.</summary>
    public static LineSerialsScope ForMaterials(SourceType owner, int ownerId, int productId) =>
        new(owner, ownerId, null, -1, $"{OwnerPath(owner, ownerId)}/materials/{productId}/serials") { ProductId = productId, AnyLine = true, Held = DocumentFlow.Out };

    /// <summary>What one use (out) or return (in) of materials moved; its line is the materials row the answer names.</summary>
    public static LineSerialsScope ForMaterialsLine(SourceType owner, int ownerId, int lineId, bool returned) =>
        new(owner, ownerId, lineId, returned ? 1 : -1, $"{OwnerPath(owner, ownerId)}/materials/lines/{lineId}/serials");

    /// <summary>A job's output: the rows in of its output product posted on no line.</summary>
    public static LineSerialsScope ForJobOutputs(int jobId, int outputProductId) =>
        new(SourceType.ProductionJob, jobId, null, 1, $"/api/production-jobs/{jobId}/outputs/serials") { ProductId = outputProductId };

    private static string OwnerPath(SourceType owner, int ownerId) => owner == SourceType.Project ? $"/api/projects/{ownerId}" : $"/api/production-jobs/{ownerId}";

    /// <summary>
    /// Every serial of a scope, a page of <see cref="MaxPageSize"/> at a time by key: for the paper that travels with
    /// a delivery, which cannot point at a page.
    /// </summary>
    public static async Task<IReadOnlyList<string>> EveryAsync(StocktrailDbContext db, LineSerialsScope scope, CancellationToken ct)
    {
        var serials = new List<string>();
        long? after = null;
        do
        {
            var (items, next) = await PageAsync(db, scope, after, MaxPageSize, ct);
            serials.AddRange(items.Select(i => i.Serial));
            after = next is null ? null : long.Parse(next, System.Globalization.CultureInfo.InvariantCulture);
        } while (after is not null);
        return serials;
    }

    /// <summary>The line's serial rows in its direction, held now or not.</summary>
    private static IQueryable<StockMovement> Rows(StocktrailDbContext db, LineSerialsScope scope)
    {
        var rows = db.StockMovements.AsNoTracking()
            .Where(m => m.SourceType == scope.Type && m.SourceId == scope.DocumentId && m.SerialUnitId != null);
        rows = scope.AnyLine ? rows.Where(m => m.SourceLineId != null) : rows.Where(m => m.SourceLineId == scope.LineId);
        if (scope.ProductId is { } product) rows = rows.Where(m => m.ProductId == product);
        if (scope.At is { } at) rows = rows.Where(m => m.OccurredAt == at);
        if (scope.Kind is { } kind) rows = rows.Where(m => m.Kind == kind);
        rows = scope.Direction > 0 ? rows.Where(m => m.Quantity > 0) : rows.Where(m => m.Quantity < 0);
        if (scope.ReceiptId is { } receipt) rows = rows.Where(m => m.ReceiptId == receipt);
        return rows;
    }

    /// <summary>
    /// One page after a row (or from the start): each unit once, by the row that puts it on the line now. For what came
    /// in, a unit's latest row on the document, if it came in; for what went out, a unit's latest row anywhere, if it
    /// is this line's row out and the unit is still out. The line's rows are read by key a page at a time, then the
    /// later rows of just those units by the ledger's unit index (a correlated NOT EXISTS let SQLite range over the
    /// document's index instead, every later row of the document for every row: minutes for 100,000 units); a page
    /// that loses units to it reads on until it is full.
    /// </summary>
    private static async Task<(IReadOnlyList<Item> Items, string? Next)> PageAsync(StocktrailDbContext db, LineSerialsScope scope, long? after, int size, CancellationToken ct)
    {
        var kept = new List<(long Id, string Serial)>();
        var from = after;
        while (kept.Count <= size)
        {
            var rows = Rows(db, scope);
            if (from is { } f) rows = rows.Where(m => m.Id > f);
            var batch = await (from m in rows
                               join u in db.SerialUnits.AsNoTracking() on m.SerialUnitId equals (long?)u.Id
                               orderby m.Id
                               select new { m.Id, UnitId = u.Id, u.Serial, u.Status }).Take(size + 1).ToListAsync(ct);
            if (batch.Count == 0) break;
            from = batch[^1].Id;
            if (scope.Held is null) kept.AddRange(batch.Select(r => (r.Id, r.Serial)));
            else
            {
                var unitIds = batch.Select(r => (long?)r.UnitId).ToList();
                var later = (await db.StockMovements.AsNoTracking()
                        .Where(o => unitIds.Contains(o.SerialUnitId) && o.Quantity != 0)
                        .Select(o => new { UnitId = o.SerialUnitId!.Value, o.Id, o.SourceType, o.SourceId }).ToListAsync(ct))
                    .ToLookup(o => o.UnitId);
                kept.AddRange(batch.Where(r => scope.Held == DocumentFlow.In
                        ? !later[r.UnitId].Any(o => o.Id > r.Id && o.SourceType == scope.Type && o.SourceId == scope.DocumentId)
                        : r.Status == SerialStatus.Out && !later[r.UnitId].Any(o => o.Id > r.Id))
                    .Select(r => (r.Id, r.Serial)));
            }
            if (batch.Count <= size) break;
        }
        var (shown, next) = DocumentLists.Cut(kept, size, r => r.Id);
        return (shown.Select(r => new Item(r.Serial)).ToList(), next);
    }
}

/// <summary>A page's list of serials as links (<c>_SerialLinks.cshtml</c>): the product they are of, the list, and what the line says of it.</summary>
public sealed record SerialLinks(int ProductId, IReadOnlyList<string> Serials, SerialsOnLine Line)
{
    /// <summary>Up to this many are shown as they are; more are folded under their count.</summary>
    public const int ShownOpen = 50;

    /// <summary>A list that is not a line of a document (a job's outputs) says its count and the rest's place the same way.</summary>
    public sealed record Listed : SerialsOnLine;
}
