using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Shared;

/// <summary>One line of a document that takes stock out of a warehouse, as the request gave it.</summary>
public sealed record OutLine(int Position, Product Product, decimal Quantity, IReadOnlyList<string?>? Serials, IReadOnlyList<BatchQuantity>? Batches);

/// <summary>What leaves for one line: the exact units, the layers drawn from (per batch), and what it costs.</summary>
public sealed record PickedLine(OutLine Line, IReadOnlyList<KnownUnit> Units, IReadOnlyList<PickedBatch> Batches, IReadOnlyList<LayerTake> FifoTakes)
{
    public Product Product => Line.Product;

    /// <summary>Cost of goods: each serial's own cost, each layer part at its cost; a NonStock product at its cost price.</summary>
    public decimal Cost => Product.TrackingType == TrackingType.NonStock
        ? Amounts.Value(Line.Quantity, Product.CostPrice ?? 0)
        : Units.Sum(u => u.UnitCost) + Batches.Sum(b => b.Takes.Sum(t => t.Cost)) + FifoTakes.Sum(t => t.Cost);

    public void AddTo(Posting posting, int warehouseId, DocumentRef source, string description)
    {
        if (Units.Count > 0) posting.SerialsOut.Add(new SerialsOut(Product.Id, warehouseId, Units, source, description));
        foreach (var batch in Batches)
            posting.LayersOut.Add(new LayersOut(Product.Id, warehouseId, batch.Batch, batch.Takes, source, $"{description} — batch {batch.Batch}"));
        if (FifoTakes.Count > 0) posting.LayersOut.Add(new LayersOut(Product.Id, warehouseId, null, FifoTakes, source, description));
    }
}

public sealed record PickedBatch(string Batch, IReadOnlyList<LayerTake> Takes);

/// <summary>
/// Checks lines that take stock out of one warehouse against what is there, and chooses what leaves: the named serials
/// (each must be a unit of that product, in stock, in that warehouse), the named batches oldest layer first, Fifo stock
/// oldest layer first. Every problem of every line is collected. Call inside the document's transaction, so that what
/// was checked is what is taken.
/// </summary>
public sealed class StockPicker(StocktrailDbContext db, LedgerWriter ledger)
{
    private readonly Dictionary<long, decimal> _taken = [];

    public async Task<List<PickedLine>> PickAsync(int warehouseId, IReadOnlyList<OutLine> lines, ProblemList problems, CancellationToken ct)
    {
        await ledger.LockStockAsync(lines.Select(l => l.Product.Id), ct);
        var warehouses = await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Code, ct);
        var seen = new SerialsSeen();
        var entries = lines.Select(l => (Line: l, Entry: LineCheck.Check(l.Product, l.Position, l.Quantity, l.Serials, l.Batches, problems, seen))).ToList();
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
                case TrackingType.Batch:
                    var batches = new List<PickedBatch>();
                    foreach (var (batch, quantity) in entry.Batches)
                    {
                        var takes = await TakeAsync(line.Product.Id, warehouseId, batch, quantity, ct);
                        if (takes.Takes is null)
                            problems.Add(new Problem(ProblemKind.Conflict,
                                $"{at}: batch {batch} holds only {takes.Available} in warehouse {warehouses[warehouseId]}; {quantity} cannot be taken from it.") { Line = line.Position, Batch = batch });
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
