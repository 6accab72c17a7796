using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Shared;

/// <summary>Which way a document moves stock: what a sale, project or job holds went out; what an order holds came in.</summary>
public enum DocumentFlow { Out, In }

/// <summary>A serialized unit a document holds now, as it is now (a corrected serial shows corrected).</summary>
public sealed record HeldUnit(long Id, string Serial, string Key, decimal UnitCost);

/// <summary>Of one batch, how much a document holds now and what it was worth as it moved.</summary>
public sealed record HeldBatch(string Batch, decimal Quantity, decimal Value);

/// <summary>
/// What a document holds now of one product (on one of its lines, or on all of them): the units, the batches and the
/// untracked (Fifo) quantity. Value is the net value the ledger moved on it, positive for what is held: the cost of
/// a project's or job's materials.
/// </summary>
public sealed record HeldStock(int? LineId, int ProductId, IReadOnlyList<HeldUnit> Units, IReadOnlyList<HeldBatch> Batches,
    decimal FifoQuantity, decimal FifoValue, decimal Value)
{
    public decimal Quantity => Units.Count + Batches.Sum(b => b.Quantity) + FifoQuantity;

    public IReadOnlyList<BatchQuantity> BatchQuantities => Batches.Select(b => new BatchQuantity(b.Batch, b.Quantity)).ToList();
}

/// <summary>
/// The one answer to "what is on this document now", from the ledger alone: a sale's dispatched less returned, a
/// project's or job's used less returned, an order's received less returned to the supplier. Per line or per product,
/// per serial and per batch (batches compared by their key, like serials).
/// <para>
/// For a document stock went out on, a unit counts only while its latest movement anywhere is an out-row of this
/// document: a unit that left on it, came back some other way and left again is with someone else now. For a document
/// stock came in on, every unit received on it and not sent back on it counts, wherever it went since.
/// </para>
/// </summary>
public sealed class DocumentContents
{
    private sealed record Row(long Id, int? LineId, int ProductId, long? UnitId, string? Batch, decimal Quantity, decimal Value);

    private readonly List<Row> _rows;
    private readonly Dictionary<long, HeldUnit> _units;
    private readonly DocumentFlow _flow;

    private DocumentContents(List<Row> rows, Dictionary<long, HeldUnit> units, DocumentFlow flow) =>
        (_rows, _units, _flow) = (rows, units, flow);

    /// <summary>
    /// Three statements whatever the document's size: its rows, its units, and each unit's latest movement. The rows
    /// of <paramref name="summarizedLines"/> are left unread, not even walked: their lines' serials are paged
    /// (<see cref="LineSerials"/>). They are lines of a serialized product, whose every row that moves stock names a
    /// unit (a product's tracking never changes), so no batch or untracked quantity of theirs is missed.
    /// </summary>
    public static async Task<DocumentContents> ReadAsync(StocktrailDbContext db, SourceType type, int id, DocumentFlow flow, CancellationToken ct,
        IReadOnlyCollection<int>? summarizedLines = null)
    {
        var ledger = db.StockMovements.AsNoTracking().Where(m => m.SourceType == type && m.SourceId == id).OffLines(summarizedLines ?? []);
        var rows = await ledger
            .Where(m => m.Quantity != 0)
            .OrderBy(m => m.Id)
            .Select(m => new Row(m.Id, m.SourceLineId, m.ProductId, m.SerialUnitId, m.Batch, m.Quantity, m.Value))
            .ToListAsync(ct);
        // An IN list, not a correlated EXISTS: SQLite read that by probing the document's rows for every serial unit
        // there is (and, for the latest movements, for every unit's every row); the list it reads once by the index.
        var onDocument = ledger.Where(d => d.SerialUnitId != null).Select(d => d.SerialUnitId);
        var units = rows.Any(r => r.UnitId != null)
            ? await db.SerialUnits.AsNoTracking()
                .Where(u => onDocument.Contains(u.Id))
                .Select(u => new { u.Id, u.Serial, u.SerialKey, u.UnitCost, u.Status })
                .ToListAsync(ct)
            : [];
        if (flow == DocumentFlow.Out && units.Count > 0)
        {
            var outRows = rows.Where(r => r.UnitId != null && r.Quantity < 0).Select(r => r.Id).ToHashSet();
            var lastMoves = await db.StockMovements.AsNoTracking()
                .Where(m => m.SerialUnitId != null && m.Quantity != 0 && onDocument.Contains(m.SerialUnitId))
                .GroupBy(m => m.SerialUnitId!.Value)
                .Select(g => new { UnitId = g.Key, Last = g.Max(m => m.Id) })
                .ToDictionaryAsync(g => g.UnitId, g => g.Last, ct);
            units = units.Where(u => u.Status == SerialStatus.Out && lastMoves.TryGetValue(u.Id, out var last) && outRows.Contains(last)).ToList();
        }
        return new DocumentContents(rows, units.ToDictionary(u => u.Id, u => new HeldUnit(u.Id, u.Serial, u.SerialKey, u.UnitCost)), flow);
    }

    /// <summary>What each line holds of each product; rows without a line (a job's output) are a line of their own.</summary>
    public IReadOnlyList<HeldStock> PerLine() => Hold(_rows.GroupBy(r => (r.LineId, r.ProductId)), g => g.Key.LineId, g => g.Key.ProductId);

    /// <summary>
    /// What the document holds of each product, whichever line moved it (materials used and returned are lines of
    /// their own). Rows without a line, a job's output, are not part of it.
    /// </summary>
    public IReadOnlyList<HeldStock> PerProduct() => Hold(_rows.Where(r => r.LineId != null).GroupBy(r => r.ProductId), _ => null, g => g.Key);

    public HeldStock? OnLine(int lineId, int productId) => PerLine().FirstOrDefault(h => h.LineId == lineId && h.ProductId == productId);

    private List<HeldStock> Hold<TKey>(IEnumerable<IGrouping<TKey, Row>> groups, Func<IGrouping<TKey, Row>, int?> line, Func<IGrouping<TKey, Row>, int> product)
    {
        var sign = _flow == DocumentFlow.Out ? -1 : 1;
        var result = new List<HeldStock>();
        foreach (var g in groups)
        {
            var units = g.Where(r => r.UnitId != null).GroupBy(r => r.UnitId!.Value)
                .Where(u => sign * u.Sum(r => r.Quantity) > 0 && _units.ContainsKey(u.Key))
                .OrderBy(u => u.Min(r => r.Id)).Select(u => _units[u.Key]).ToList();
            var batches = g.Where(r => r.UnitId == null && r.Batch != null).GroupBy(r => TrackingCode.Key(r.Batch!))
                .Select(b => new HeldBatch(b.First().Batch!, sign * b.Sum(r => r.Quantity), sign * b.Sum(r => r.Value)))
                .ToList();
            var fifo = g.Where(r => r.UnitId == null && r.Batch == null).ToList();
            var (fifoQuantity, fifoValue) = (sign * fifo.Sum(r => r.Quantity), sign * fifo.Sum(r => r.Value));
            var held = new HeldStock(line(g), product(g), units, batches.Where(b => b.Quantity > 0).ToList(),
                Math.Max(fifoQuantity, 0), fifoQuantity > 0 ? fifoValue : 0, sign * g.Sum(r => r.Value));
            if (held.Quantity > 0 || held.Value != 0) result.Add(held);
        }
        return result;
    }
}
