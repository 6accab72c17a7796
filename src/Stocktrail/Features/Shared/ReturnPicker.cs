using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Shared;

/// <summary>What comes back for one line of a return, at the cost it left at.</summary>
public sealed record ReturnedLine(OutLine Line, IReadOnlyList<KnownUnit> Units, IReadOnlyList<(string? Batch, decimal Quantity, decimal UnitCost)> Layers)
{
    public decimal Cost => Units.Sum(u => u.UnitCost) + Layers.Sum(l => Amounts.Value(l.Quantity, l.UnitCost));

    public void AddTo(Posting posting, int warehouseId, DocumentRef source, string description)
    {
        if (Units.Count > 0)
            posting.SerialsIn.Add(new SerialsIn(Line.Product.Id, warehouseId, Units.Select(u => UnitIn.Known(u, u.UnitCost)).ToList(), source, description));
        foreach (var (batch, quantity, unitCost) in Layers)
            posting.LayersIn.Add(new LayerIn(Line.Product.Id, warehouseId, batch, quantity, unitCost, source,
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
        var held = (await DocumentContents.ReadAsync(db, sourceType, sourceId, DocumentFlow.Out, ct)).PerProduct();
        var outUnits = held.SelectMany(h => h.Units.Select(u => (h.ProductId, u)))
            .ToDictionary(x => (x.ProductId, x.u.Key), x => new KnownUnit(x.u.Id, x.u.Serial, x.u.UnitCost));
        // Net taken per product and batch, less what earlier lines of this request already return.
        var netOut = new Dictionary<(int ProductId, string? BatchKey), (decimal Quantity, decimal Value)>();
        foreach (var h in held)
        {
            foreach (var b in h.Batches) netOut[(h.ProductId, TrackingCode.Key(b.Batch))] = (b.Quantity, b.Value);
            netOut[(h.ProductId, null)] = (h.FifoQuantity, h.FifoValue);
        }

        var seen = new SerialsSeen();
        var result = new List<ReturnedLine>();
        foreach (var line in lines)
        {
            var at = $"Line {line.Position} ({line.Product.Sku})";
            var entry = LineCheck.Check(line.Product, line.Position, line.Quantity, line.Serials, line.Batches, problems, seen);
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
