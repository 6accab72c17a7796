namespace Stocktrail.Domain;

public enum AdjustmentDirection { In, Out }

/// <summary>Stock counted in or written off outside any other document, for a reason, as of an effective date.</summary>
public sealed class StockAdjustment
{
    private readonly List<StockAdjustmentLine> _lines = [];

    private StockAdjustment() { }

    public StockAdjustment(int warehouseId, string reason, DateTime effectiveDate, DateTime createdAt)
    {
        WarehouseId = warehouseId;
        Reason = reason.Trim();
        EffectiveDate = effectiveDate;
        CreatedAt = createdAt;
        Number = DocumentNumber.Placeholder();
    }

    public int Id { get; private set; }
    /// <summary>The user who made it; null for what was made before there were users. Set when it is first saved.</summary>
    public int? CreatedById { get; private set; }
    public string Number { get; private set; } = "";
    public int WarehouseId { get; private set; }
    public string Reason { get; private set; } = "";
    public DateTime EffectiveDate { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public IReadOnlyList<StockAdjustmentLine> Lines => _lines;

    public void NumberFromId() => Number = DocumentNumber.IsPlaceholder(Number) ? DocumentNumber.FromId("ADJ", Id) : Number;

    public StockAdjustmentLine AddLine(int productId, AdjustmentDirection direction, decimal quantity, decimal? unitCost)
    {
        var line = new StockAdjustmentLine(productId, _lines.Count + 1, direction, quantity, unitCost);
        _lines.Add(line);
        return line;
    }
}

public sealed class StockAdjustmentLine
{
    private StockAdjustmentLine() { }

    internal StockAdjustmentLine(int productId, int lineNumber, AdjustmentDirection direction, decimal quantity, decimal? unitCost)
    {
        ProductId = productId;
        LineNumber = lineNumber;
        Direction = direction;
        Quantity = quantity;
        UnitCost = unitCost;
    }

    public int Id { get; private set; }
    public int StockAdjustmentId { get; private set; }
    public int LineNumber { get; private set; }
    public int ProductId { get; private set; }
    public AdjustmentDirection Direction { get; private set; }
    public decimal Quantity { get; private set; }
    /// <summary>For In lines, the cost the units come in at; Out lines leave at their own cost.</summary>
    public decimal? UnitCost { get; private set; }
}

/// <summary>Moves units between warehouses; serials and batches keep their identity and cost.</summary>
public sealed class StockTransfer
{
    private readonly List<StockTransferLine> _lines = [];

    private StockTransfer() { }

    public StockTransfer(int fromWarehouseId, int toWarehouseId, DateTime createdAt)
    {
        FromWarehouseId = fromWarehouseId;
        ToWarehouseId = toWarehouseId;
        CreatedAt = createdAt;
        Number = DocumentNumber.Placeholder();
    }

    public int Id { get; private set; }
    /// <summary>The user who made it; null for what was made before there were users. Set when it is first saved.</summary>
    public int? CreatedById { get; private set; }
    public string Number { get; private set; } = "";
    public int FromWarehouseId { get; private set; }
    public int ToWarehouseId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public IReadOnlyList<StockTransferLine> Lines => _lines;

    public void NumberFromId() => Number = DocumentNumber.IsPlaceholder(Number) ? DocumentNumber.FromId("TRF", Id) : Number;

    public StockTransferLine AddLine(int productId, decimal quantity)
    {
        var line = new StockTransferLine(productId, _lines.Count + 1, quantity);
        _lines.Add(line);
        return line;
    }
}

public sealed class StockTransferLine
{
    private StockTransferLine() { }

    internal StockTransferLine(int productId, int lineNumber, decimal quantity)
    {
        ProductId = productId;
        LineNumber = lineNumber;
        Quantity = quantity;
    }

    public int Id { get; private set; }
    public int StockTransferId { get; private set; }
    public int LineNumber { get; private set; }
    public int ProductId { get; private set; }
    public decimal Quantity { get; private set; }
}
