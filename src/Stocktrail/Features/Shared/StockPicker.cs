using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Shared;

/// <summary>One line of a document that takes stock out of a warehouse, as the request gave it; <paramref name="Pick"/> instead of batches lets the picker choose them.</summary>
public sealed record OutLine(int Position, Product Product, decimal Quantity, IReadOnlyList<string?>? Serials, IReadOnlyList<BatchQuantity>? Batches, BatchPick? Pick = null);

/// <summary>
/// What a document taking stock out does with expired batches: using and dispatching refuse them (naming the batch and
/// its date), adjusting out, transferring, counting and returning take them like any other.
/// </summary>
public sealed record ExpiredStock(bool Refused, string Verb)
{
    public static readonly ExpiredStock Taken = new(false, "taken");
    public static readonly ExpiredStock NotUsed = new(true, "used");
    public static readonly ExpiredStock NotDispatched = new(true, "dispatched");
}

/// <summary>What leaves for one line: the exact units, the layers drawn from (per batch), and what it costs.</summary>
public sealed record PickedLine(OutLine Line, IReadOnlyList<KnownUnit> Units, IReadOnlyList<PickedBatch> Batches, IReadOnlyList<LayerTake> FifoTakes)
{
    public Product Product => Line.Product;

    /// <summary>Cost of goods: each serial's own cost, each layer part at its cost; a NonStock product at its cost price.</summary>
    public decimal Cost => Product.TrackingType == TrackingType.NonStock
        ? Amounts.Value(Line.Quantity, Product.CostPrice ?? 0)
        : Units.Sum(u => u.UnitCost) + Batches.Sum(b => b.Takes.Sum(t => t.Cost)) + FifoTakes.Sum(t => t.Cost);

    public void AddTo(Posting posting, int warehouseId, DocumentRef source, MovementKind kind, string description)
    {
        if (Units.Count > 0) posting.SerialsOut.Add(new SerialsOut(Product.Id, warehouseId, Units, source, kind, description));
        foreach (var batch in Batches)
            posting.LayersOut.Add(new LayersOut(Product.Id, warehouseId, batch.Batch, batch.Takes, source, kind, $"{description} — batch {batch.Batch}"));
        if (FifoTakes.Count > 0) posting.LayersOut.Add(new LayersOut(Product.Id, warehouseId, null, FifoTakes, source, kind, description));
    }
}

public sealed record PickedBatch(string Batch, IReadOnlyList<LayerTake> Takes);

/// <summary>
/// Checks lines that take stock out of one warehouse against what is there, and chooses what leaves: the named serials
/// (each must be a unit of that product, in stock, in that warehouse), the named batches oldest layer first, Fifo stock
/// oldest layer first. Every problem of every line is collected. Call inside the document's transaction, so that what
/// was checked is what is taken. A batch line with <see cref="BatchPick.Fefo"/> takes the earliest-expiring batches
/// (never an expired one where <see cref="ExpiredStock.Refused"/>); where expired stock is refused, a named expired
/// batch is refused too.
/// </summary>
public sealed class StockPicker(StocktrailDbContext db, LedgerWriter ledger, Web.BusinessTime businessTime, TimeProvider clock)
{
    private readonly Dictionary<long, decimal> _taken = [];

    public async Task<List<PickedLine>> PickAsync(int warehouseId, IReadOnlyList<OutLine> lines, ProblemList problems, CancellationToken ct,
        ExpiredStock? expired = null)
    {
        expired ??= ExpiredStock.Taken;
        await ledger.LockStockAsync(lines.Select(l => l.Product.Id), ct);
        var warehouses = await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Code, ct);
        var today = businessTime.Today(clock.GetUtcNow().UtcDateTime);
        var seen = new SerialsSeen();
        var entries = lines.Select(l => (Line: l, Entry: l.Pick is null
            ? LineCheck.Check(l.Product, l.Position, l.Quantity, l.Serials, l.Batches, problems, seen)
            : CheckPick(l, problems))).ToList();
        foreach (var line in lines.Where(l => l.Batches?.Any(b => b?.ExpiresOn is not null) == true))
            problems.Add(new Problem(ProblemKind.Invalid,
                $"Line {line.Position} ({line.Product.Sku}): an expiry date is given where a batch enters stock, not where it leaves; leave out expiresOn.") { Line = line.Position });
        var units = await FindUnitsAsync(warehouseId, entries.Where(e => e.Entry.Serials.Count > 0).ToList(), warehouses, problems, ct);

        var picked = new List<PickedLine>();
        foreach (var (line, entry) in entries)
        {
            var at = $"Line {line.Position} ({line.Product.Sku})";
            switch (line.Product.TrackingType)
            {
                case TrackingType.Serial:
                    picked.Add(new PickedLine(line, entry.Serials.Where(s => units.ContainsKey((line.Product.Id, s.Key))).Select(s => units[(line.Product.Id, s.Key)]).ToList(), [], []));
                    break;
                case TrackingType.Batch when line.Pick == BatchPick.Fefo:
                    if (line.Quantity > 0 && Quantity.TryCreate(line.Quantity, out _, out _))
                        picked.Add(new PickedLine(line, [], await FefoAsync(line, warehouseId, warehouses[warehouseId], today, expired, problems, ct), []));
                    break;
                case TrackingType.Batch:
                    var batches = new List<PickedBatch>();
                    var dates = expired.Refused ? await DatesAsync(line.Product.Id, entry.Batches.Select(b => TrackingCode.Key(b.Batch)).ToList(), ct) : [];
                    foreach (var (batch, quantity) in entry.Batches)
                    {
                        var takes = await TakeAsync(line.Product.Id, warehouseId, batch, quantity, ct);
                        if (takes.Takes is null)
                            problems.Add(new Problem(ProblemKind.Conflict,
                                $"{at}: batch {batch} holds only {takes.Available} in warehouse {warehouses[warehouseId]}; {quantity} cannot be taken from it.") { Line = line.Position, Batch = batch });
                        else if (dates.TryGetValue(TrackingCode.Key(batch), out var expiresOn) && ExpiryRule.IsExpired(expiresOn, today))
                            problems.Add(new Problem(ProblemKind.Conflict, ExpiryRule.Refusal(at, takes.Batch ?? batch, expiresOn, expired.Verb)) { Line = line.Position, Batch = takes.Batch ?? batch });
                        else batches.Add(new PickedBatch(takes.Batch ?? batch, takes.Takes));
                    }
                    picked.Add(new PickedLine(line, [], batches, []));
                    break;
                case TrackingType.Fifo when line.Quantity > 0:
                    var fifo = await TakeAsync(line.Product.Id, warehouseId, null, line.Quantity, ct);
                    if (fifo.Takes is null)
                        problems.Add(new Problem(ProblemKind.Conflict,
                            $"{at}: only {fifo.Available} in stock in warehouse {warehouses[warehouseId]}; {line.Quantity} cannot be taken.") { Line = line.Position });
                    picked.Add(new PickedLine(line, [], [], fifo.Takes ?? []));
                    break;
                default:
                    picked.Add(new PickedLine(line, [], [], []));
                    break;
            }
        }
        return picked;
    }

    /// <summary>A line asking the picker to choose: only batch-tracked products have batches to choose, and the line names none itself.</summary>
    private static LineUnits CheckPick(OutLine line, ProblemList problems)
    {
        var at = $"Line {line.Position} ({line.Product.Sku})";
        if (line.Product.TrackingType != TrackingType.Batch)
            problems.Add(new Problem(ProblemKind.Invalid, $"{at}: pick {line.Pick} chooses batches; {line.Product.Sku} is tracked as {line.Product.TrackingType}, not by batch.") { Line = line.Position });
        if (line.Batches is { Count: > 0 } || line.Serials is { Count: > 0 })
            problems.Add(new Problem(ProblemKind.Invalid, $"{at}: give either batches or pick {line.Pick}, not both.") { Line = line.Position });
        if (!Quantity.TryCreate(line.Quantity, out _, out var wrong))
            problems.Add(new Problem(ProblemKind.Invalid, $"{at}: {wrong}") { Line = line.Position });
        return LineUnits.None;
    }

    /// <summary>
    /// First expired, first out: the batches in the warehouse by expiry (those without a date last), then oldest, each
    /// batch's layers oldest first; expired batches are passed over where they are refused.
    /// </summary>
    private async Task<List<PickedBatch>> FefoAsync(OutLine line, int warehouseId, string warehouse, DateOnly today, ExpiredStock expired,
        ProblemList problems, CancellationToken ct)
    {
        var productId = line.Product.Id;
        var layers = await (
            from l in db.CostLayers.AsNoTracking()
            where l.ProductId == productId && l.WarehouseId == warehouseId && l.BatchKey != null && l.Remaining > 0
            join e in db.BatchExpiries.AsNoTracking() on new { l.ProductId, Key = l.BatchKey! } equals new { e.ProductId, Key = e.BatchKey } into dates
            from e in dates.DefaultIfEmpty()
            select new { Stock = new LayerStock(l.Id, l.ReceivedAt, l.Remaining, l.UnitCost), l.Batch, l.BatchKey, ExpiresOn = e == null ? (DateOnly?)null : e.ExpiresOn })
            .ToListAsync(ct);
        var left = layers.Select(l => new { l.Batch, l.BatchKey, l.ExpiresOn, Stock = l.Stock with { Remaining = l.Stock.Remaining - _taken.GetValueOrDefault(l.Stock.Id) } })
            .Where(l => l.Stock.Remaining > 0).ToList();
        var usable = left.Where(l => !expired.Refused || l.ExpiresOn is not { } d || !ExpiryRule.IsExpired(d, today)).ToList();
        var order = usable.GroupBy(l => l.BatchKey)
            .Select(g => (Layers: g.ToList(), g.First().ExpiresOn, Oldest: g.Min(l => l.Stock.ReceivedAt)))
            .OrderBy(b => b.ExpiresOn is null).ThenBy(b => b.ExpiresOn).ThenBy(b => b.Oldest).ToList();
        var available = usable.Sum(l => l.Stock.Remaining);
        if (available < line.Quantity)
        {
            var passedOver = left.Sum(l => l.Stock.Remaining) - available;
            problems.Add(new Problem(ProblemKind.Conflict,
                $"Line {line.Position} ({line.Product.Sku}): only {available} usable in warehouse {warehouse}" +
                (passedOver > 0 ? $" ({passedOver} more in expired batches, which cannot be {expired.Verb})" : "") +
                $"; {line.Quantity} cannot be picked first-expired-first-out.") { Line = line.Position });
            return [];
        }

        var picked = new List<PickedBatch>();
        var wanted = line.Quantity;
        foreach (var batch in order)
        {
            var part = Math.Min(wanted, batch.Layers.Sum(l => l.Stock.Remaining));
            var takes = Fifo.Take(batch.Layers.Select(l => l.Stock), part)!;
            foreach (var take in takes) _taken[take.LayerId] = _taken.GetValueOrDefault(take.LayerId) + take.Quantity;
            picked.Add(new PickedBatch(batch.Layers.OrderBy(l => l.Stock.ReceivedAt).ThenBy(l => l.Stock.Id).First().Batch!, takes));
            wanted -= part;
            if (wanted == 0) break;
        }
        return picked;
    }

    private Task<Dictionary<string, DateOnly>> DatesAsync(int productId, List<string> keys, CancellationToken ct) =>
        db.BatchExpiries.AsNoTracking().Where(e => e.ProductId == productId && keys.Contains(e.BatchKey)).ToDictionaryAsync(e => e.BatchKey, e => e.ExpiresOn, ct);

    /// <summary>
    /// Takes from the layers oldest first, remembering what earlier lines of the same request already took. A batch is
    /// named as it was first received, whatever letter case the request typed.
    /// </summary>
    private async Task<(IReadOnlyList<LayerTake>? Takes, decimal Available, string? Batch)> TakeAsync(int productId, int warehouseId, string? batch, decimal quantity, CancellationToken ct)
    {
        var batchKey = batch is null ? null : TrackingCode.Key(batch);
        var layers = await db.CostLayers.AsNoTracking()
            .Where(l => l.ProductId == productId && l.WarehouseId == warehouseId && l.BatchKey == batchKey && l.Remaining > 0)
            .Select(l => new { Stock = new LayerStock(l.Id, l.ReceivedAt, l.Remaining, l.UnitCost), l.Batch })
            .ToListAsync(ct);
        var left = layers.Select(l => l.Stock with { Remaining = l.Stock.Remaining - _taken.GetValueOrDefault(l.Stock.Id) }).ToList();
        var takes = Fifo.Take(left, quantity);
        foreach (var take in takes ?? []) _taken[take.LayerId] = _taken.GetValueOrDefault(take.LayerId) + take.Quantity;
        return (takes, left.Sum(l => l.Remaining), layers.OrderBy(l => l.Stock.ReceivedAt).ThenBy(l => l.Stock.Id).FirstOrDefault()?.Batch);
    }

    private async Task<Dictionary<(int ProductId, string Key), KnownUnit>> FindUnitsAsync(int warehouseId,
        List<(OutLine Line, LineUnits Entry)> serialLines, Dictionary<int, string> warehouses, ProblemList problems, CancellationToken ct)
    {
        var found = new Dictionary<(int, string), KnownUnit>();
        foreach (var group in serialLines.GroupBy(e => e.Line.Product.Id))
        {
            var keys = group.SelectMany(e => e.Entry.Serials.Select(s => s.Key)).ToList();
            var units = await db.SerialUnits.AsNoTracking()
                .Where(u => u.ProductId == group.Key && keys.Contains(u.SerialKey))
                .Select(u => new { u.Id, u.Serial, u.SerialKey, u.Status, u.WarehouseId, u.UnitCost })
                .ToDictionaryAsync(u => u.SerialKey, ct);
            var missing = keys.Where(k => !units.ContainsKey(k)).ToList();
            var elsewhere = missing.Count == 0 ? [] : await (
                    from u in db.SerialUnits.AsNoTracking()
                    join p in db.Products.AsNoTracking() on u.ProductId equals p.Id
                    where missing.Contains(u.SerialKey)
                    select new { u.SerialKey, p.Sku }).ToListAsync(ct);

            foreach (var (line, entry) in group)
            foreach (var serial in entry.Serials)
            {
                var at = $"Line {line.Position} ({line.Product.Sku})";
                if (!units.TryGetValue(serial.Key, out var unit))
                {
                    var owners = elsewhere.Where(e => e.SerialKey == serial.Key).Select(e => e.Sku).ToList();
                    problems.Add(new Problem(ProblemKind.Conflict, owners.Count > 0
                        ? $"{at}: serial {serial} belongs to {string.Join(", ", owners)}, not to {line.Product.Sku}."
                        : $"{at}: {line.Product.Sku} has no unit with serial {serial}.") { Line = line.Position, Serial = serial.Value });
                }
                else if (unit.Status != SerialStatus.InStock)
                    problems.Add(new Problem(ProblemKind.Conflict, $"{at}: serial {unit.Serial} is not in stock; it has already left.") { Line = line.Position, Serial = unit.Serial });
                else if (unit.WarehouseId != warehouseId)
                    problems.Add(new Problem(ProblemKind.Conflict,
                        $"{at}: serial {unit.Serial} is in stock in warehouse {warehouses[unit.WarehouseId!.Value]}, not {warehouses[warehouseId]}; transfer it first.") { Line = line.Position, Serial = unit.Serial });
                else found[(group.Key, serial.Key)] = new KnownUnit(unit.Id, unit.Serial, unit.UnitCost);
            }
        }
        return found;
    }
}
