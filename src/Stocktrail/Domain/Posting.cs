namespace Stocktrail.Domain;

/// <summary>
/// What one document does to stock, decided in full before anything is written: which units come in or go out, which
/// cost layers are created, drawn from or revalued, which serials are corrected, each part with the kind of ledger
/// row it makes. The ledger writer appends it in the document's transaction; it is the only code that changes stock
/// levels, cost layers, unit costs and serial identity.
/// </summary>
public sealed class Posting(DateTime occurredAt)
{
    public DateTime OccurredAt { get; } = occurredAt;
    /// <summary>The receipt a receiving posting records; every row it makes names it.</summary>
    public int? ReceiptId { get; init; }
    public List<SerialsIn> SerialsIn { get; } = [];
    public List<SerialsOut> SerialsOut { get; } = [];
    public List<LayerIn> LayersIn { get; } = [];
    public List<LayersOut> LayersOut { get; } = [];
    public List<UnitsRevalued> UnitsRevalued { get; } = [];
    public List<LayerRevalued> LayersRevalued { get; } = [];
    public List<ChargedToCostOfGoods> Charged { get; } = [];
    public List<SerialCorrection> Corrections { get; } = [];

    /// <summary>The documents (and lines) the parts belong to, in the order the writer appends them.</summary>
    public IEnumerable<DocumentRef> Sources =>
        SerialsOut.Select(s => s.Source).Concat(SerialsIn.Select(s => s.Source))
            .Concat(LayersOut.Select(l => l.Source)).Concat(LayersIn.Select(l => l.Source))
            .Concat(UnitsRevalued.Select(u => u.Source)).Concat(LayersRevalued.Select(l => l.Source))
            .Concat(Charged.Select(c => c.Source)).Concat(Corrections.Select(c => c.Source));
}

/// <summary>Units entering one warehouse: new serials, and known units (out, or just moved out of another warehouse) coming back.</summary>
public sealed record SerialsIn(int ProductId, int WarehouseId, IReadOnlyList<UnitIn> Units, DocumentRef Source, MovementKind Kind, string Description);

/// <summary>One unit coming in at a cost: a new serial when <paramref name="ExistingId"/> is null, else that unit.</summary>
public sealed record UnitIn(string Serial, string SerialKey, long? ExistingId, decimal UnitCost)
{
    public static UnitIn New(SerialNumber serial, decimal unitCost) => new(serial.Value, serial.Key, null, Amounts.Round(unitCost));
    public static UnitIn Known(KnownUnit unit, decimal unitCost) => new(unit.Serial, TrackingCode.Key(unit.Serial), unit.Id, Amounts.Round(unitCost));
}

/// <summary>Units leaving one warehouse, each at its own cost.</summary>
public sealed record SerialsOut(int ProductId, int WarehouseId, IReadOnlyList<KnownUnit> Units, DocumentRef Source, MovementKind Kind, string Description);

public sealed record KnownUnit(long Id, string Serial, decimal UnitCost);

/// <summary>Fifo or batch stock leaving one warehouse, drawn from the layers named, each part at its layer's cost.</summary>
public sealed record LayersOut(int ProductId, int WarehouseId, string? Batch, IReadOnlyList<LayerTake> Takes, DocumentRef Source, MovementKind Kind, string Description);

/// <summary>A quantity of Fifo or batch stock received at one cost: a new cost layer.</summary>
public sealed record LayerIn(int ProductId, int WarehouseId, string? Batch, decimal Quantity, decimal UnitCost, DocumentRef Source, MovementKind Kind, string Description);

/// <summary>
/// Serial units in stock whose cost rises by <paramref name="PerUnit"/> each (a landed cost): one
/// <see cref="MovementKind.Revalued"/> row per unit, in the warehouse it is in. Units that left stock since they were
/// chosen make the writer refuse the whole posting.
/// </summary>
public sealed record UnitsRevalued(int ProductId, IReadOnlyList<UnitInStock> Units, decimal PerUnit, DocumentRef Source, string Description);

public sealed record UnitInStock(long Id, int WarehouseId, decimal UnitCost);

/// <summary>A cost layer whose unit cost rises by <paramref name="PerUnit"/> for what remains of it.</summary>
public sealed record LayerRevalued(long LayerId, decimal PerUnit, DocumentRef Source, string Description);

/// <summary>
/// The share of a revaluation for <paramref name="Quantity"/> units already gone (used, dispatched, moved to another
/// warehouse's layers): a <see cref="MovementKind.Revalued"/> row and a <see cref="MovementKind.ChargedToCostOfGoods"/>
/// row of opposite values, so stock value stays as it is and cost of goods carries the share.
/// </summary>
public sealed record ChargedToCostOfGoods(int ProductId, int WarehouseId, decimal Quantity, decimal PerUnit, DocumentRef Source, string Description);

/// <summary>A serial mistyped on receipt becomes <paramref name="To"/>; the unit, its cost and its history stay the same.</summary>
public sealed record SerialCorrection(int ProductId, long UnitId, int WarehouseId, string From, SerialNumber To, decimal UnitCost, DocumentRef Source, string Description);

public static class MovementText
{
    public static string WithSerial(string description, string serial) => $"{description} — serial {serial}";
}
