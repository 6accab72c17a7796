namespace Stocktrail.Domain;

/// <summary>The kind of document a ledger row came from; the movement history links each row to it.</summary>
public enum SourceType { PurchaseOrder, Project, ProductionJob, StockSale, StockAdjustment, StockTransfer, StockTake }

public enum SerialStatus { InStock, Out }

/// <summary>
/// What a ledger row is. Every row has one, stored as text; reports and the ledger check read it instead of guessing
/// from a row's shape. docs/ledger.md says what each kind's rows hold.
/// </summary>
public enum MovementKind
{
    /// <summary>Into stock on a purchase order's receipt (the row names its receipt).</summary>
    Received,
    /// <summary>Back to the supplier on the purchase order it came in on, at its own cost: a credit, not cost of goods.</summary>
    ReturnedToSupplier,
    /// <summary>Out of stock onto a project.</summary>
    Used,
    /// <summary>Back into stock from a project or a production job, at the cost it left at.</summary>
    MaterialReturned,
    /// <summary>Out of stock into a production job.</summary>
    Consumed,
    /// <summary>Into stock as a production job's output.</summary>
    Produced,
    /// <summary>Out of stock on a sale.</summary>
    Dispatched,
    /// <summary>Back into stock from a customer, on the sale it left on.</summary>
    CustomerReturn,
    AdjustedIn,
    AdjustedOut,
    TransferredOut,
    TransferredIn,
    /// <summary>Into stock on a stock take: a serial found, or more counted than the ledger held.</summary>
    CountedIn,
    /// <summary>Out of stock on a stock take: a serial missing, or less counted than the ledger held.</summary>
    CountedOut,
    /// <summary>
    /// No units move; what units cost changes by the row's UnitCost each (a landed cost). On a layer or a serial unit
    /// the row's Value is what that stock's worth rose by; with neither, it is the share of units already gone, and a
    /// <see cref="ChargedToCostOfGoods"/> row of the opposite value follows it.
    /// </summary>
    Revalued,
    /// <summary>The share of a revaluation for units already gone, taken out of stock value into cost of goods.</summary>
    ChargedToCostOfGoods,
    /// <summary>No units move and no value changes: a serial mistyped on receipt was corrected; the unit is the same.</summary>
    SerialCorrected,
}

/// <summary>
/// One row of the stock ledger. Rows are only ever appended: stock on hand and value are what the rows add up to.
/// A serialized unit moves as a row of its own, quantity +1 or -1.
/// </summary>
public sealed class StockMovement
{
    private StockMovement() { }

    public StockMovement(int productId, int warehouseId, DateTime occurredAt, decimal quantity, decimal unitCost,
        string description, DocumentRef source, MovementKind kind, long? serialUnitId = null, string? batch = null, decimal? value = null,
        long? costLayerId = null, int? receiptId = null)
    {
        Kind = kind;
        CostLayerId = costLayerId;
        ReceiptId = receiptId;
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
    public MovementKind Kind { get; private set; }
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
    /// <summary>The serial unit the row moves or revalues: a serial unit is its own cost layer.</summary>
    public long? SerialUnitId { get; private set; }
    /// <summary>The cost layer of Fifo or batch stock the row creates, draws from or revalues; null for serial rows.</summary>
    public long? CostLayerId { get; private set; }
    /// <summary>For <see cref="MovementKind.Received"/> rows, the receipt that brought the stock in.</summary>
    public int? ReceiptId { get; private set; }
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
