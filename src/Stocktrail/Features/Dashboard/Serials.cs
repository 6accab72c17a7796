using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;
namespace Stocktrail.Features.Dashboard;

/// <summary>
/// A product's serial units in serial order, a page at a time by key (<see cref="ListPage"/>): the units after the
/// one <c>after</c> names, read by the (product, status, serial) or (product, serial) index, with no count. A unit
/// whose serial is corrected while a client pages moves to its new place in the order, as it would on a fresh read.
/// </summary>
public static class ProductSerials
{
    public const int DefaultPageSize = 1000;
    /// <summary>Larger than the document lists' 1,000, as release 0.1 had it.</summary>
    public const int MaxPageSize = 10_000;

    public sealed record Result(IReadOnlyList<Item> Items, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Prev = null);
    public sealed record Item(string Serial, SerialStatus Status, int? WarehouseId, decimal UnitCost);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(int productId, string? status, int? warehouseId, string? search, string? after, int? page, int? pageSize, CancellationToken ct,
            string? before = null)
        {
            var problems = new ProblemList();
            var at = ListPage.Check(after, page, pageSize, problems, DefaultPageSize, MaxPageSize, before);
            SerialStatus? wanted = null;
            if (status is not null)
            {
                if (Enum.TryParse<SerialStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(status, out _)) wanted = s;
                else problems.Add(Problem.Invalid($"status '{status}' is not known: use InStock or Out."));
            }
            problems.ThrowIfAny();
            if (!await db.Products.AnyAsync(p => p.Id == productId, ct))
                throw StockRuleException.NotFound($"There is no product with id {productId}.");

            var query = db.SerialUnits.AsNoTracking().Where(u => u.ProductId == productId);
            if (wanted is not null) query = query.Where(u => u.Status == wanted);
            if (warehouseId is not null) query = query.Where(u => u.WarehouseId == warehouseId);
            if (!string.IsNullOrWhiteSpace(search))
            {
                var key = TrackingCode.Key(search);
                query = query.Where(u => u.SerialKey.Contains(key));
            }
            if (at.Before is { } beforeId)
            {
                var to = await KeyOf(beforeId, productId, ct) ?? throw new StockRuleException(ListPage.NotAPageBefore(before!));
                var back = await Read(query.Where(u => string.Compare(u.SerialKey, to) < 0).OrderByDescending(u => u.SerialKey).Take(at.Size + 1), ct);
                if (at.Back(back, r => r.Id) is { } paged) return Answer(paged);
                at = at.First;
            }
            if (at.After is { } afterId)
            {
                var from = await KeyOf(afterId, productId, ct) ?? throw new StockRuleException(ListPage.NotAPage(after!));
                query = query.Where(u => string.Compare(u.SerialKey, from) > 0);
            }
            return Answer(at.Forward(await Read(query.OrderBy(u => u.SerialKey).Skip(at.Skip).Take(at.Size + 1), ct), r => r.Id));
        }

        /// <summary>The serial key of the product's unit a page key names, or null when it names none of the product's units.</summary>
        private Task<string?> KeyOf(long id, int productId, CancellationToken ct) =>
            db.SerialUnits.AsNoTracking().Where(u => u.Id == id && u.ProductId == productId).Select(u => u.SerialKey).FirstOrDefaultAsync(ct);

        private sealed record Row(long Id, Item Item);

        private static Task<List<Row>> Read(IQueryable<SerialUnit> units, CancellationToken ct) =>
            units.Select(u => new Row(u.Id, new Item(u.Serial, u.Status, u.WarehouseId, u.UnitCost))).ToListAsync(ct);

        private static Result Answer(Paged<Row> page) => new(page.Items.Select(r => r.Item).ToList(), page.Next, page.Prev);
    }
}

/// <summary>One unit: where it is now, and its whole history, oldest first, so it reads as the unit's story.</summary>
public static class SerialDetail
{
    public sealed record Result(long Id, int ProductId, string Sku, string Serial, SerialStatus Status, int? WarehouseId, decimal UnitCost, IReadOnlyList<HistoryItem> History)
    {
        /// <summary>
        /// How a unit that is out left: the kind of its latest row out (<c>ReturnedToSupplier</c>, <c>Dispatched</c>,
        /// <c>Used</c>, ...); null while it is in stock. Its status stays <c>InStock</c> or <c>Out</c>.
        /// </summary>
        public MovementKind? Disposition { get; init; }
        /// <summary>The last day of its warranty: its latest dispatch to a customer, that day in the business's time zone, plus the product's warranty months.</summary>
        public DateOnly? WarrantyUntil { get; init; }
        /// <summary>True through the end of <see cref="WarrantyUntil"/> in the business's time zone; false without a warranty.</summary>
        public bool UnderWarranty { get; init; }
    }
    public sealed record HistoryItem(long Id, DateTime OccurredAt, decimal Quantity, int WarehouseId, decimal UnitCost, SourceType SourceType, int SourceId, string SourceNumber, string Description,
        string UserName, MovementKind Kind, decimal Value, int? ReceiptId);

    public sealed class Handler(StocktrailDbContext db, Web.BusinessTime time, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(int productId, string serial, CancellationToken ct)
        {
            var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == productId, ct)
                ?? throw StockRuleException.NotFound($"There is no product with id {productId}.");
            var key = TrackingCode.Key(serial);
            var unit = await db.SerialUnits.AsNoTracking().FirstOrDefaultAsync(u => u.ProductId == productId && u.SerialKey == key, ct)
                ?? throw new StockRuleException(new Problem(ProblemKind.NotFound, $"Product {product.Sku} has no unit with serial {serial.Trim()}.") { Serial = serial.Trim() });
            var history = await (
                from m in db.StockMovements.AsNoTracking()
                where m.SerialUnitId == unit.Id
                join a in db.Users on m.UserId equals (int?)a.Id into authors
                from a in authors.DefaultIfEmpty()
                orderby m.OccurredAt, m.Id
                select new HistoryItem(m.Id, m.OccurredAt, m.Quantity, m.WarehouseId, m.UnitCost, m.SourceType, m.SourceId, m.SourceNumber, m.Description,
                    a == null ? User.BeforeUsers : a.UserName!, m.Kind, m.Value, m.ReceiptId))
                .ToListAsync(ct);
            var lastOut = history.LastOrDefault(h => h.Quantity != 0);
            var dispatched = history.LastOrDefault(h => h.Kind == MovementKind.Dispatched);
            var until = dispatched is not null && product.WarrantyMonths is { } months ? Warranty.Until(dispatched.OccurredAt, months, time.Zone) : (DateOnly?)null;
            return new Result(unit.Id, product.Id, product.Sku, unit.Serial, unit.Status, unit.WarehouseId, unit.UnitCost, history)
            {
                Disposition = unit.Status == SerialStatus.Out && lastOut is { Quantity: < 0 } ? lastOut.Kind : null,
                WarrantyUntil = until,
                UnderWarranty = until is { } last && Warranty.Covers(last, clock.GetUtcNow().UtcDateTime, time.Zone),
            };
        }
    }
}

/// <summary>Every unit with a serial, across products: two makers may both have started at 0001.</summary>
public static class SerialLookup
{
    public sealed record Result(IReadOnlyList<Item> Items);
    public sealed record Item(int ProductId, string Sku, string Serial, SerialStatus Status, int? WarehouseId);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(string serial, CancellationToken ct)
        {
            var key = TrackingCode.Key(serial);
            var items = await (
                from u in db.SerialUnits.AsNoTracking()
                join p in db.Products.AsNoTracking() on u.ProductId equals p.Id
                where u.SerialKey == key
                orderby p.SkuKey
                select new Item(p.Id, p.Sku, u.Serial, u.Status, u.WarehouseId)).ToListAsync(ct);
            return new Result(items);
        }
    }
}

/// <summary>
/// The serial search of the pages (<c>/serials?q=</c>): units whose serial starts with the text, across products, and
/// units whose serial was corrected from a text starting with it (found by its old text).
/// </summary>
/// <remarks>
/// Speed on big tables: the current serials are matched by a prefix as a range on the indexed <c>SerialKey</c>
/// (<c>key &lt;= SerialKey &lt; next key</c>), never as <c>LIKE '%…%'</c>, which would read every unit; the range is the
/// key's code point order, which both databases use for it (SQLite's binary collation, PostgreSQL's C collation).
/// Old texts are read from the correction rows of the ledger (a correction writes one row of kind
/// <see cref="MovementKind.SerialCorrected"/>, "Serial corrected from A to B on PO…"), which are few and found by the
/// (kind, time) index: the schema gains nothing for it.
/// </remarks>
public static class SerialSearch
{
    public const int Limit = 50;

    public sealed record Result(IReadOnlyList<Item> Items, bool More);

    /// <param name="FormerSerial">The text the unit had before a correction, when it was found by that.</param>
    public sealed record Item(int ProductId, string Sku, string Serial, SerialStatus Status, int? WarehouseId, string? FormerSerial, bool Exact);

    public const string CorrectionText = "Serial corrected from ";

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(string text, CancellationToken ct)
        {
            var key = TrackingCode.Key(text);
            if (key.Length == 0) return new Result([], false);
            var next = NextKey(key);
            var current = await (
                from u in db.SerialUnits.AsNoTracking()
                join p in db.Products.AsNoTracking() on u.ProductId equals p.Id
                where string.Compare(u.SerialKey, key) >= 0 && (next == null || string.Compare(u.SerialKey, next) < 0)
                orderby u.SerialKey, p.SkuKey
                select new { p.Id, p.Sku, u.Serial, u.SerialKey, u.Status, u.WarehouseId }).Take(Limit + 1).ToListAsync(ct);

            var pattern = (CorrectionText + key).ToUpper();
            var corrections = await (
                from m in db.StockMovements.AsNoTracking()
                // The kind is indexed: the correction rows are found without reading the rest of the ledger.
                where m.Kind == MovementKind.SerialCorrected && m.SerialUnitId != null && m.Description.ToUpper().StartsWith(pattern)
                join u in db.SerialUnits.AsNoTracking() on m.SerialUnitId equals u.Id
                join p in db.Products.AsNoTracking() on u.ProductId equals p.Id
                orderby m.Id descending
                select new { p.Id, p.Sku, u.Serial, u.SerialKey, u.Status, u.WarehouseId, m.Description }).Take(Limit).ToListAsync(ct);

            var items = current.Take(Limit).Select(u => new Item(u.Id, u.Sku, u.Serial, u.Status, u.WarehouseId, null, u.SerialKey == key)).ToList();
            foreach (var c in corrections)
            {
                var former = FormerText(c.Description);
                if (former is null || !TrackingCode.Key(former).StartsWith(key, StringComparison.Ordinal)) continue;
                if (items.Any(i => i.ProductId == c.Id && i.Serial == c.Serial && i.FormerSerial is not null)) continue;
                items.Add(new Item(c.Id, c.Sku, c.Serial, c.Status, c.WarehouseId, former, TrackingCode.Key(former) == key));
            }
            return new Result(items, current.Count > Limit);
        }

        /// <summary>The smallest text above every key starting with <paramref name="key"/>; null when there is none to write.</summary>
        private static string? NextKey(string key)
        {
            var last = key[^1];
            if (char.IsSurrogate(last) || last == char.MaxValue) return null;
            return key[..^1] + (char)(last + 1);
        }

        /// <summary>"Serial corrected from A to B on PO-1" → A (a serial with " to " in it is read up to the last one).</summary>
        private static string? FormerText(string description)
        {
            if (!description.StartsWith(CorrectionText, StringComparison.OrdinalIgnoreCase)) return null;
            var rest = description[CorrectionText.Length..];
            var on = rest.LastIndexOf(" on ", StringComparison.Ordinal);
            if (on > 0) rest = rest[..on];
            var to = rest.LastIndexOf(" to ", StringComparison.Ordinal);
            return to > 0 ? rest[..to] : null;
        }
    }
}

/// <summary>A product's batches in stock per warehouse, with their expiry date: earliest expiry first (no date last), then oldest.</summary>
public static class ProductBatches
{
    public sealed record Result(IReadOnlyList<Item> Items);
    public sealed record Item(string Batch, int WarehouseId, decimal OnHand, DateOnly? ExpiresOn);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(int productId, int? warehouseId, CancellationToken ct)
        {
            if (!await db.Products.AnyAsync(p => p.Id == productId, ct))
                throw StockRuleException.NotFound($"There is no product with id {productId}.");
            var layers = await db.CostLayers.AsNoTracking()
                .Where(l => l.ProductId == productId && l.Batch != null && (warehouseId == null || l.WarehouseId == warehouseId))
                .Select(l => new { l.Batch, l.BatchKey, l.WarehouseId, l.Remaining, l.ReceivedAt, l.Id }).ToListAsync(ct);
            var dates = await db.BatchExpiries.AsNoTracking().Where(e => e.ProductId == productId).ToDictionaryAsync(e => e.BatchKey, e => e.ExpiresOn, ct);
            var items = layers.GroupBy(l => (l.BatchKey, l.WarehouseId))
                .Select(g => (Item: new Item(g.OrderBy(l => l.ReceivedAt).ThenBy(l => l.Id).First().Batch!, g.Key.WarehouseId, g.Sum(l => l.Remaining),
                    dates.TryGetValue(g.Key.BatchKey!, out var d) ? d : null), Oldest: g.Min(l => l.ReceivedAt)))
                .Where(i => i.Item.OnHand > 0)
                .OrderBy(i => i.Item.ExpiresOn is null).ThenBy(i => i.Item.ExpiresOn).ThenBy(i => i.Oldest)
                .ThenBy(i => i.Item.Batch, StringComparer.OrdinalIgnoreCase).ThenBy(i => i.Item.WarehouseId)
                .Select(i => i.Item).ToList();
            return new Result(items);
        }
    }
}

/// <summary>
/// The warranty of many units of one product at once (the customer return page shows it per serial offered): the
/// same rule as a serial's detail, in two statements.
/// </summary>
public static class SerialWarranties
{
    public sealed record Item(string Serial, DateOnly Until, bool UnderWarranty);

    public sealed class Handler(StocktrailDbContext db, Web.BusinessTime time, TimeProvider clock)
    {
        /// <summary>Only the units that have a warranty: a dispatch to a customer and a product with warranty months.</summary>
        public async Task<IReadOnlyDictionary<string, Item>> HandleAsync(int productId, IReadOnlyList<string> serials, CancellationToken ct)
        {
            var months = await db.Products.Where(p => p.Id == productId).Select(p => p.WarrantyMonths).FirstOrDefaultAsync(ct);
            if (months is null || serials.Count == 0) return new Dictionary<string, Item>();
            var keys = serials.Select(TrackingCode.Key).ToList();
            var dispatched = await (
                from m in db.StockMovements.AsNoTracking()
                where m.Kind == MovementKind.Dispatched && m.ProductId == productId
                join u in db.SerialUnits.AsNoTracking() on m.SerialUnitId equals u.Id
                where keys.Contains(u.SerialKey)
                group m.OccurredAt by u.Serial into g
                select new { Serial = g.Key, Last = g.Max() }).ToListAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            return dispatched.Select(d => (d.Serial, Until: Warranty.Until(d.Last, months.Value, time.Zone)))
                .ToDictionary(d => d.Serial, d => new Item(d.Serial, d.Until, Warranty.Covers(d.Until, now, time.Zone)), StringComparer.OrdinalIgnoreCase);
        }
    }
}
