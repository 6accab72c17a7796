namespace Stocktrail.Domain;

/// <summary>The kind of document a ledger row came from; the movement history links each row to it.</summary>
public enum SourceType { PurchaseOrder, Project, ProductionJob, StockSale, StockAdjustment, StockTransfer, StockTake }

public enum SerialStatus { InStock, Out }

/// <summary>
/// One row of the stock ledger. Rows are only ever appended: stock on hand and value are what the rows add up to.
/// A serialized unit moves as a row of its own, quantity +1 or -1.
/// </summary>
public sealed class StockMovement
{
    private StockMovement() { }

    public StockMovement(int productId, int warehouseId, DateTime occurredAt, decimal quantity, decimal unitCost,
        string description, DocumentRef source, long? serialUnitId = null, string? batch = null, decimal? value = null)
    {
        ProductId = productId;
        WarehouseId = warehouseId;
        OccurredAt = occurredAt;
        Quantity = quantity;
        UnitCost = Amounts.Round(unitCost);
        Value = Amounts.Round(value ?? quantity * UnitCost);
        Description = description;
        SerialUnitId = serialUnitId;
        Batch = batch;
        SourceType = source.Type;
        SourceId = source.Id;
        SourceNumber = source.Number;
        SourceLineId = source.LineId;
    }

    public long Id { get; private set; }
    public int ProductId { get; private set; }
    public int WarehouseId { get; private set; }
    public DateTime OccurredAt { get; private set; }
    /// <summary>Signed: positive into the warehouse, negative out of it; zero for a row that only records an event.</summary>
    public decimal Quantity { get; private set; }
    public decimal UnitCost { get; private set; }
    /// <summary>
    /// Signed change in stock value, rounded by <see cref="Amounts.Round"/>: Quantity × UnitCost for a row that moves
    /// units in; for a take from a cost layer, what the layer's worth dropped by.
    /// </summary>
    public decimal Value { get; private set; }
    public long? SerialUnitId { get; private set; }
    public string? Batch { get; private set; }
    public string Description { get; private set; } = "";
    public SourceType SourceType { get; private set; }
    public int SourceId { get; private set; }
    public string SourceNumber { get; private set; } = "";
    public int? SourceLineId { get; private set; }
    /// <summary>Who made the change; null for rows from before there were users.</summary>
    public int? UserId { get; private set; }
}

/// <summary>The document (and line) a movement belongs to.</summary>
public readonly record struct DocumentRef(SourceType Type, int Id, string Number, int? LineId = null)
{
    public DocumentRef ForLine(int lineId) => this with { LineId = lineId };
}

/// <summary>
/// One serialized unit. It is in exactly one warehouse or out; it is its own cost layer. The row is kept forever:
/// a unit that leaves and comes back is the same row, and its history is the ledger rows that name it.
/// </summary>
public sealed class SerialUnit
{
    private SerialUnit() { }

    public long Id { get; private set; }
    public int ProductId { get; private set; }
    /// <summary>As first entered.</summary>
    public string Serial { get; private set; } = "";
    /// <summary>What uniqueness is checked on: trimmed, upper case.</summary>
    public string SerialKey { get; private set; } = "";
    public SerialStatus Status { get; private set; }
    public int? WarehouseId { get; private set; }
    public decimal UnitCost { get; private set; }

    /// <summary>A landed cost raises what this unit cost while it is in stock.</summary>
    public void AddCost(decimal perUnit)
    {
        if (Status != SerialStatus.InStock) throw new InvalidOperationException($"Serial {Serial} has left stock; its cost is history.");
        UnitCost = Amounts.Round(UnitCost + perUnit);
    }

    /// <summary>Fixes a serial that was mistyped on receipt; the unit, its cost and its history stay the same.</summary>
    public void Correct(SerialNumber to)
    {
        if (Status != SerialStatus.InStock)
            throw StockRuleException.Conflict($"Serial {Serial} has left stock; it can no longer be corrected.");
        Serial = to.Value;
        SerialKey = to.Key;
    }
}

/// <summary>What is left of one receipt of Fifo or batch stock at one cost; used oldest first.</summary>
public sealed class CostLayer
{
    private CostLayer() { }

    public CostLayer(int productId, int warehouseId, string? batch, DateTime receivedAt, decimal quantity, decimal unitCost, DocumentRef source)
    {
        SourceType = source.Type;
        SourceId = source.Id;
        SourceLineId = source.LineId;
        if (quantity <= 0) throw new ArgumentOutOfRangeException(nameof(quantity), "A cost layer starts with a positive quantity.");
        ProductId = productId;
        WarehouseId = warehouseId;
        Batch = batch;
        BatchKey = batch is null ? null : TrackingCode.Key(batch);
        ReceivedAt = receivedAt;
        Quantity = quantity;
        Remaining = quantity;
        UnitCost = Amounts.Round(unitCost);
    }

    public long Id { get; private set; }
    public int ProductId { get; private set; }
    public int WarehouseId { get; private set; }
    public string? Batch { get; private set; }
    public string? BatchKey { get; private set; }
    public DateTime ReceivedAt { get; private set; }
    public decimal Quantity { get; private set; }
    public decimal Remaining { get; private set; }
    public decimal UnitCost { get; private set; }
    /// <summary>The document (and line) whose receipt made this layer, so that a later landed cost can find it.</summary>
    public SourceType SourceType { get; private set; }
    public int SourceId { get; private set; }
    public int? SourceLineId { get; private set; }
    public int Version { get; private set; }

    /// <summary>A landed cost raises what each unit still here cost.</summary>
    public void AddCost(decimal perUnit)
    {
        if (UnitCost + perUnit < 0) throw StockRuleException.Conflict($"A cost of {perUnit} per unit would make layer {Id} cost less than nothing.");
        UnitCost = Amounts.Round(UnitCost + perUnit);
        Version++;
    }

    /// <summary>What is left of the layer is worth, by the one rounding rule.</summary>
    public decimal Worth => Amounts.Value(Remaining, UnitCost);

    public void Take(decimal quantity)
    {
        if (quantity <= 0 || quantity > Remaining)
            throw new InvalidOperationException($"Layer {Id} holds {Remaining}; {quantity} cannot be taken from it.");
        Remaining -= quantity;
        Version++;
    }
}

/// <summary>
/// Stock on hand and value of one product in one warehouse: derived from the ledger and kept beside it, so the
/// dashboard need not add up the ledger on every view. The ledger check recomputes and compares.
/// </summary>
public sealed class StockLevel
{
    private StockLevel() { }

    public StockLevel(int productId, int warehouseId)
    {
        ProductId = productId;
        WarehouseId = warehouseId;
    }

    public int ProductId { get; private set; }
    public int WarehouseId { get; private set; }
    public decimal OnHand { get; private set; }
    public decimal Value { get; private set; }
    public int Version { get; private set; }

    public void Apply(decimal quantity, decimal value)
    {
        if (OnHand + quantity < 0)
            throw new InvalidOperationException($"Stock of product {ProductId} in warehouse {WarehouseId} would go below zero.");
        OnHand += quantity;
        Value += value;
        Version++;
    }
}
