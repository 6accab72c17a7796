using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Shared;

/// <summary>What comes back for one line of a return, at the cost it left at.</summary>
public sealed record ReturnedLine(OutLine Line, IReadOnlyList<KnownUnit> Units, IReadOnlyList<(string? Batch, decimal Quantity, decimal UnitCost)> Layers)
{
    public decimal Cost => Units.Sum(u => u.UnitCost) + Layers.Sum(l => Amounts.Value(l.Quantity, l.UnitCost));

    public void AddTo(Posting posting, int warehouseId, DocumentRef source, MovementKind kind, string description)
    {
        if (Units.Count > 0)
            posting.SerialsIn.Add(new SerialsIn(Line.Product.Id, warehouseId, Units.Select(u => UnitIn.Known(u, u.UnitCost)).ToList(), source, kind, description));
        foreach (var (batch, quantity, unitCost) in Layers)
            posting.LayersIn.Add(new LayerIn(Line.Product.Id, warehouseId, batch, quantity, unitCost, source, kind,
                batch is null ? description : $"{description} — batch {batch}"));
    }
}

/// <summary>
/// Checks a return against what one document took out (a project's materials, a sale's dispatches): only units that
/// left on that document and have not come back can return, each serial at its own cost; Fifo and batch stock comes
/// back at the average cost of what that document took of it (per batch), so the return undoes the use exactly.
/// </summary>
public sealed class ReturnPicker(StocktrailDbContext db)
{
    public async Task<List<ReturnedLine>> PickAsync(SourceType sourceType, int sourceId, string documentNumber, IReadOnlyList<OutLine> lines,
        ProblemList problems, CancellationToken ct)
    {
        var productIds = lines.Select(l => l.Product.Id).Distinct().ToList();
        var rows = await db.StockMovements.AsNoTracking()
            .Where(m => m.SourceType == sourceType && m.SourceId == sourceId && productIds.Contains(m.ProductId))
            .Select(m => new { m.ProductId, m.SerialUnitId, m.Batch, m.Quantity, m.Value })
            .ToListAsync(ct);
        var outUnitIds = rows.Where(r => r.SerialUnitId != null).GroupBy(r => r.SerialUnitId!.Value)
            .Where(g => g.Sum(r => r.Quantity) < 0).Select(g => g.Key).ToList();
        // A unit that left on this document, came back another way (an adjustment in) and left again is with someone
        // else now: only a unit whose last move was out on this document can come back on it.
        var lastMoveIds = await db.StockMovements.AsNoTracking()
            .Where(m => m.SerialUnitId != null && outUnitIds.Contains(m.SerialUnitId.Value) && m.Quantity != 0)
            .GroupBy(m => m.SerialUnitId).Select(g => g.Max(m => m.Id)).ToListAsync(ct);
        var lastOutHere = await db.StockMovements.AsNoTracking()
            .Where(m => lastMoveIds.Contains(m.Id) && m.SourceType == sourceType && m.SourceId == sourceId && m.Quantity < 0)
            .Select(m => m.SerialUnitId!.Value).ToListAsync(ct);
        var outUnits = await db.SerialUnits.AsNoTracking()
            .Where(u => lastOutHere.Contains(u.Id) && u.Status == SerialStatus.Out)
            .ToDictionaryAsync(u => (u.ProductId, u.SerialKey), u => new KnownUnit(u.Id, u.Serial, u.UnitCost), ct);
        // Net taken per product and batch, less what earlier lines of this request already return.
        var netOut = rows.Where(r => r.SerialUnitId == null)
            .GroupBy(r => (r.ProductId, Batch: r.Batch == null ? null : TrackingCode.Key(r.Batch)))
            .ToDictionary(g => g.Key, g => (Quantity: -g.Sum(r => r.Quantity), Value: -g.Sum(r => r.Value)));

        var seen = new SerialsSeen();
        var result = new List<ReturnedLine>();
        foreach (var line in lines)
        {
            var at = $"Line {line.Position} ({line.Product.Sku})";
            var entry = StockEntry.Check(line.Product, line.Position, line.Quantity, line.Serials, line.Batches, problems, seen);
            var units = new List<KnownUnit>();
            foreach (var serial in entry.Serials)
            {
                if (outUnits.TryGetValue((line.Product.Id, serial.Key), out var unit)) units.Add(unit);
                else problems.Add(new Problem(ProblemKind.Conflict, $"{at}: serial {serial} did not leave on {documentNumber}, or is already back; only units that left on it can be returned on it.")
                    { Line = line.Position, Serial = serial.Value });
            }

            var layers = new List<(string?, decimal, decimal)>();
            var parts = line.Product.TrackingType switch
            {
                TrackingType.Batch => entry.Batches.Select(b => ((string?)b.Batch, b.Quantity)).ToList(),
                TrackingType.Fifo when line.Quantity > 0 => [((string?)null, line.Quantity)],
                _ => [],
            };
            foreach (var (batch, quantity) in parts)
            {
                var key = (line.Product.Id, batch is null ? null : TrackingCode.Key(batch));
                var (taken, value) = netOut.GetValueOrDefault(key);
                if (quantity > taken)
                {
                    problems.Add(new Problem(ProblemKind.Conflict, batch is null
                        ? $"{at}: only {taken} left on {documentNumber} and not yet returned; {quantity} cannot be returned."
                        : $"{at}: only {taken} of batch {batch} left on {documentNumber} and not yet returned; {quantity} cannot be returned.")
                        { Line = line.Position, Batch = batch });
                    continue;
                }
                var unitCost = Math.Round(value / taken, 6);
                layers.Add((batch, quantity, unitCost));
                netOut[key] = (taken - quantity, value - Amounts.Value(quantity, unitCost));
            }
            result.Add(new ReturnedLine(line, units, layers));
        }
        return result;
    }
}
