using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.Receiving;

/// <summary>A unit an order line received and has not sent back, wherever it is now.</summary>
public sealed record ReceivedUnit(long Id, string Serial, string Key, decimal UnitCost, SerialStatus Status, int? WarehouseId);

/// <summary>What is left of a cost layer an order line's receipt made.</summary>
public sealed record ReceivedLayer(long Id, string? Batch, string? BatchKey, int WarehouseId, DateTime ReceivedAt, decimal Remaining, decimal UnitCost)
{
    public LayerStock Stock => new(Id, ReceivedAt, Remaining, UnitCost);
}

/// <summary>
/// What of a purchase order could go back to its supplier: per line, the units it received and has not sent back (a
/// unit that left and came back in since, by a customer return, still counts: it is the same unit from the same
/// supplier), and what is left of the cost layers its receipts made. Batch and Fifo stock moved to another warehouse
/// by a transfer is in a transfer's layer, no longer in the order's, and goes back only once moved back.
/// The return handler checks a request against it; the order page offers from it what is in stock.
/// </summary>
public sealed class ReturnableStock
{
    private readonly ILookup<int, ReceivedUnit> _units;
    private readonly ILookup<int, ReceivedLayer> _layers;
    private readonly PurchaseOrder _order;
    private readonly Dictionary<long, decimal> _taken = [];

    private ReturnableStock(PurchaseOrder order, ILookup<int, ReceivedUnit> units, ILookup<int, ReceivedLayer> layers) =>
        (_order, _units, _layers) = (order, units, layers);

    /// <summary>Three statements for the order's units (<see cref="DocumentContents"/>) and one for its layers.</summary>
    public static async Task<ReturnableStock> ReadAsync(StocktrailDbContext db, PurchaseOrder order, CancellationToken ct)
    {
        var held = (await DocumentContents.ReadAsync(db, SourceType.PurchaseOrder, order.Id, DocumentFlow.In, ct)).PerLine()
            .SelectMany(h => h.Units.Select(u => (LineId: h.LineId ?? 0, Unit: u))).ToList();
        var ids = held.Select(h => h.Unit.Id).ToList();
        var places = await db.SerialUnits.AsNoTracking()
            .Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.Status, u.WarehouseId }).ToDictionaryAsync(u => u.Id, ct);
        var units = held.Where(h => places.ContainsKey(h.Unit.Id))
            .Select(h => (h.LineId, Unit: new ReceivedUnit(h.Unit.Id, h.Unit.Serial, h.Unit.Key, h.Unit.UnitCost, places[h.Unit.Id].Status, places[h.Unit.Id].WarehouseId)))
            .ToLookup(h => h.LineId, h => h.Unit);
        var layers = await db.CostLayers.AsNoTracking()
            .Where(l => l.SourceType == SourceType.PurchaseOrder && l.SourceId == order.Id && l.SourceLineId != null && l.Remaining > 0)
            .OrderBy(l => l.ReceivedAt).ThenBy(l => l.Id)
            .Select(l => new { LineId = l.SourceLineId!.Value, Layer = new ReceivedLayer(l.Id, l.Batch, l.BatchKey, l.WarehouseId, l.ReceivedAt, l.Remaining, l.UnitCost) })
            .ToListAsync(ct);
        return new ReturnableStock(order, units, layers.ToLookup(l => l.LineId, l => l.Layer));
    }

    public IEnumerable<ReceivedUnit> Units(int lineId) => _units[lineId];
    public IEnumerable<ReceivedLayer> Layers(int lineId) => _layers[lineId];

    /// <summary>
    /// Chooses what leaves <paramref name="warehouseId"/> for each line: the named serials, each received on that line
    /// and in stock there; the named batches and Fifo quantities from the line's layers there, oldest first. Every
    /// problem of every line is collected, naming its serial or batch.
    /// </summary>
    public async Task<List<PickedLine>> PickAsync(StocktrailDbContext db, int warehouseId, IReadOnlyDictionary<int, string> warehouses,
        IReadOnlyList<(PurchaseOrderLine OrderLine, OutLine Out)> lines, ProblemList problems, CancellationToken ct)
    {
        var seen = new SerialsSeen();
        var picked = new List<PickedLine>();
        var strangers = new List<(OutLine Line, PurchaseOrderLine OrderLine, SerialNumber Serial)>();
        foreach (var (orderLine, line) in lines)
        {
            var entry = LineCheck.Check(line.Product, line.Position, line.Quantity, line.Serials, line.Batches, problems, seen);
            var at = $"Line {line.Position} ({line.Product.Sku})";
            var here = warehouses[warehouseId];
            switch (line.Product.TrackingType)
            {
                case TrackingType.Serial:
                    var units = new List<KnownUnit>();
                    foreach (var serial in entry.Serials)
                    {
                        var unit = _units[orderLine.Id].FirstOrDefault(u => u.Key == serial.Key);
                        if (unit is null)
                        {
                            strangers.Add((line, orderLine, serial));
                            continue;
                        }
                        var refusal = unit switch
                        {
                            { Status: not SerialStatus.InStock } => $"{at}: serial {unit.Serial} came in on {_order.Number} but is no longer in stock; only units still in stock can go back to the supplier.",
                            { WarehouseId: { } w } when w != warehouseId =>
                                $"{at}: serial {unit.Serial} is in stock in warehouse {warehouses[w]}, not {here}; return it from {warehouses[w]} or transfer it first.",
                            _ => null,
                        };
                        if (refusal is null) units.Add(new KnownUnit(unit.Id, unit.Serial, unit.UnitCost));
                        else problems.Add(new Problem(ProblemKind.Conflict, refusal) { Line = line.Position, Serial = unit.Serial });
                    }
                    picked.Add(new PickedLine(line, units, [], []));
                    break;
                case TrackingType.Batch:
                    var batches = new List<PickedBatch>();
                    foreach (var (batch, quantity) in entry.Batches)
                    {
                        var (takes, available, known) = Take(orderLine.Id, warehouseId, TrackingCode.Key(batch), quantity);
                        if (takes is null)
                            problems.Add(new Problem(ProblemKind.Conflict,
                                $"{at}: of batch {batch}, {available} received on {_order.Number} line {orderLine.LineNumber} is still in stock in warehouse {here}; {quantity} cannot be returned.")
                                { Line = line.Position, Batch = batch });
                        else batches.Add(new PickedBatch(known ?? batch, takes));
                    }
                    picked.Add(new PickedLine(line, [], batches, []));
                    break;
                case TrackingType.Fifo when line.Quantity > 0:
                    var fifo = Take(orderLine.Id, warehouseId, null, line.Quantity);
                    if (fifo.Takes is null)
                        problems.Add(new Problem(ProblemKind.Conflict,
                            $"{at}: of what {_order.Number} line {orderLine.LineNumber} received, {fifo.Available} is still in stock in warehouse {here}; {line.Quantity} cannot be returned.")
                            { Line = line.Position });
                    picked.Add(new PickedLine(line, [], [], fifo.Takes ?? []));
                    break;
                default:
                    picked.Add(new PickedLine(line, [], [], []));
                    break;
            }
        }
        await ExplainStrangersAsync(db, strangers, problems, ct);
        return picked;
    }

    private (IReadOnlyList<LayerTake>? Takes, decimal Available, string? Batch) Take(int lineId, int warehouseId, string? batchKey, decimal quantity)
    {
        var layers = _layers[lineId].Where(l => l.WarehouseId == warehouseId && l.BatchKey == batchKey).ToList();
        var left = layers.Select(l => l.Stock with { Remaining = l.Remaining - _taken.GetValueOrDefault(l.Id) }).ToList();
        var takes = Fifo.Take(left, quantity);
        foreach (var take in takes ?? []) _taken[take.LayerId] = _taken.GetValueOrDefault(take.LayerId) + take.Quantity;
        return (takes, left.Sum(l => l.Remaining), layers.FirstOrDefault()?.Batch);
    }

    /// <summary>
    /// Serials the line does not hold: said as precisely as the ledger allows — another line of this order, already
    /// returned, another document it came in on, or no such unit at all.
    /// </summary>
    private async Task ExplainStrangersAsync(StocktrailDbContext db, List<(OutLine Line, PurchaseOrderLine OrderLine, SerialNumber Serial)> strangers,
        ProblemList problems, CancellationToken ct)
    {
        if (strangers.Count == 0) return;
        var productIds = strangers.Select(s => s.Line.Product.Id).Distinct().ToList();
        var keys = strangers.Select(s => s.Serial.Key).Distinct().ToList();
        var units = await db.SerialUnits.AsNoTracking().Where(u => productIds.Contains(u.ProductId) && keys.Contains(u.SerialKey))
            .Select(u => new { u.Id, u.ProductId, u.SerialKey, u.Serial }).ToListAsync(ct);
        var unitIds = units.Select(u => u.Id).ToList();
        var lastIn = await db.StockMovements.AsNoTracking().Where(m => m.SerialUnitId != null && unitIds.Contains(m.SerialUnitId.Value) && m.Quantity > 0)
            .GroupBy(m => m.SerialUnitId!.Value).Select(g => g.OrderByDescending(m => m.Id).Select(m => new { Unit = m.SerialUnitId!.Value, m.SourceType, m.SourceId, m.SourceNumber }).First())
            .ToDictionaryAsync(m => m.Unit, ct);
        foreach (var (line, orderLine, serial) in strangers)
        {
            var at = $"Line {line.Position} ({line.Product.Sku})";
            var unit = units.FirstOrDefault(u => u.ProductId == line.Product.Id && u.SerialKey == serial.Key);
            var otherLine = _order.Lines.FirstOrDefault(l => l.Id != orderLine.Id && l.ProductId == orderLine.ProductId && _units[l.Id].Any(u => u.Key == serial.Key));
            var last = unit is null ? null : lastIn.GetValueOrDefault(unit.Id);
            var message = (unit, otherLine, last) switch
            {
                (null, _, _) => $"{at}: {line.Product.Sku} has no unit with serial {serial}.",
                (_, { } other, _) => $"{at}: serial {unit.Serial} came in on line {other.LineNumber} of {_order.Number}, not line {orderLine.LineNumber}; return it on line {other.LineNumber}.",
                (_, _, { SourceType: SourceType.PurchaseOrder } l) when l.SourceId == _order.Id =>
                    $"{at}: serial {unit.Serial} has already gone back to the supplier on {_order.Number}.",
                (_, _, { } l) => $"{at}: serial {unit.Serial} came in on {l.SourceNumber}, not on {_order.Number}; only units received on {_order.Number} can be returned on it.",
                _ => $"{at}: serial {unit.Serial} was not received on {_order.Number}; only units received on it can be returned on it.",
            };
            problems.Add(new Problem(ProblemKind.Conflict, message) { Line = line.Position, Serial = unit?.Serial ?? serial.Value });
        }
    }
}

/// <summary>What of an order could go back to its supplier, for the order page's return form.</summary>
public static class ReturnableOnOrder
{
    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<ReturnableStock> HandleAsync(int orderId, CancellationToken ct)
        {
            var order = await db.PurchaseOrders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, ct)
                ?? throw StockRuleException.NotFound($"There is no purchase order with id {orderId}.");
            return await ReturnableStock.ReadAsync(db, order, ct);
        }
    }
}
