namespace Stocktrail.Domain;

/// <summary>
/// What one document does to stock, decided in full before anything is written: which units come in or go out,
/// which cost layers are created or drawn from, and the ledger rows that say so. The ledger writer appends it in
/// the document's transaction.
/// </summary>
public sealed class Posting(DateTime occurredAt)
{
    public DateTime OccurredAt { get; } = occurredAt;
    public List<SerialsIn> SerialsIn { get; } = [];
    public List<SerialsOut> SerialsOut { get; } = [];
    public List<LayerIn> LayersIn { get; } = [];
    public List<LayersOut> LayersOut { get; } = [];
    /// <summary>Rows appended as they are: events that move no units, such as a serial correction or a landed cost's revaluation.</summary>
    public List<StockMovement> Events { get; } = [];
}

/// <summary>Units entering one warehouse: new serials, and known units (out, or just moved out of another warehouse) coming back.</summary>
public sealed record SerialsIn(int ProductId, int WarehouseId, IReadOnlyList<UnitIn> Units, DocumentRef Source, string Description);

/// <summary>One unit coming in at a cost: a new serial when <paramref name="ExistingId"/> is null, else that unit.</summary>
public sealed record UnitIn(string Serial, string SerialKey, long? ExistingId, decimal UnitCost)
{
    public static UnitIn New(SerialNumber serial, decimal unitCost) => new(serial.Value, serial.Key, null, Amounts.Round(unitCost));
    public static UnitIn Known(KnownUnit unit, decimal unitCost) => new(unit.Serial, TrackingCode.Key(unit.Serial), unit.Id, Amounts.Round(unitCost));
}

/// <summary>Units leaving one warehouse, each at its own cost.</summary>
public sealed record SerialsOut(int ProductId, int WarehouseId, IReadOnlyList<KnownUnit> Units, DocumentRef Source, string Description);

public sealed record KnownUnit(long Id, string Serial, decimal UnitCost);

/// <summary>Fifo or batch stock leaving one warehouse, drawn from the layers named, each part at its layer's cost.</summary>
public sealed record LayersOut(int ProductId, int WarehouseId, string? Batch, IReadOnlyList<LayerTake> Takes, DocumentRef Source, string Description);

/// <summary>A quantity of Fifo or batch stock received at one cost: a new cost layer.</summary>
public sealed record LayerIn(int ProductId, int WarehouseId, string? Batch, decimal Quantity, decimal UnitCost, DocumentRef Source, string Description);

public static class MovementText
{
    public static string WithSerial(string description, string serial) => $"{description} — serial {serial}";
}
