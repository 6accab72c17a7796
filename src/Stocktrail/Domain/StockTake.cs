namespace Stocktrail.Domain;

public enum StockTakeStatus { Counting, Completed }

/// <summary>
/// A count of one warehouse. The count sheet is exported, filled in and imported; a clean import keeps its variances
/// (the rows whose count differs from the books) and completing posts them as stock take movements.
///
/// Stock keeps moving while people count. At each full export the stock take remembers the ledger's high-water mark
/// (the newest stock movement id); an imported row whose item moved after that mark, or whose OnHand no longer matches
/// the books, is outdated: it is reported and left alone instead of overwriting what happened meanwhile. Re-exporting
/// the outdated rows gives those items a mark of their own (<see cref="StockTakeRecount"/>), so that their recount is
/// accepted while the rest of the sheet is still judged against the first export.
/// </summary>
public sealed class StockTake
{
    private StockTake() { }

    public StockTake(int warehouseId, DateTime createdAt)
    {
        WarehouseId = warehouseId;
        CreatedAt = createdAt;
        Number = DocumentNumber.Placeholder();
        Status = StockTakeStatus.Counting;
    }

    public int Id { get; private set; }
    /// <summary>The user who made it; null for what was made before there were users. Set when it is first saved.</summary>
    public int? CreatedById { get; private set; }
    public string Number { get; private set; } = "";
    public int WarehouseId { get; private set; }
    public StockTakeStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }
    /// <summary>The newest stock movement id when the sheet was last exported in full; null until then.</summary>
    public long? ExportMark { get; private set; }
    public DateTime? ExportedAt { get; private set; }
    /// <summary>The newest stock movement id when the last clean sheet was imported; completing refuses variances whose item moved after it.</summary>
    public long? ImportMark { get; private set; }
    public DateTime? ImportedAt { get; private set; }
    public int ImportedRows { get; private set; }
    public DateTime? CompletedAt { get; private set; }
    public int Version { get; private set; }

    public void NumberFromId() => Number = DocumentNumber.IsPlaceholder(Number) ? DocumentNumber.FromId("ST", Id) : Number;

    public void RequireCounting(string action)
    {
        if (Status != StockTakeStatus.Counting)
            throw StockRuleException.Conflict($"Stock take {Number} is {Status}; it {action}.");
    }

    public void Exported(long mark, DateTime at)
    {
        RequireCounting("cannot be exported for counting any more");
        ExportMark = mark;
        ExportedAt = at;
        Version++;
    }

    public void Imported(long mark, int rows, DateTime at)
    {
        RequireCounting("takes no more count sheets");
        ImportMark = mark;
        ImportedRows = rows;
        ImportedAt = at;
        Version++;
    }

    public void Complete(DateTime at)
    {
        RequireCounting("cannot be completed again");
        if (ImportedAt is null)
            throw StockRuleException.Conflict($"Stock take {Number} has no imported count sheet yet; import the counted sheet, then complete it.");
        Status = StockTakeStatus.Completed;
        CompletedAt = at;
        Version++;
    }
}

public enum VarianceKind { Found, Missing, More, Less }

/// <summary>
/// One difference between the last clean sheet and the books: a serial found or missing, or a Fifo or batch quantity
/// that is more or less than the books say. Only differences are kept; rows that agree need nothing posted.
/// </summary>
public sealed class StockTakeLine
{
    private StockTakeLine() { }

    public StockTakeLine(int stockTakeId, int row, int productId, VarianceKind kind, long? serialUnitId, string? serial, string? batch,
        decimal onHand, decimal counted, decimal unitCost, decimal value, DateOnly? expiresOn = null)
    {
        ExpiresOn = expiresOn;
        StockTakeId = stockTakeId;
        Row = row;
        ProductId = productId;
        Kind = kind;
        SerialUnitId = serialUnitId;
        Serial = serial;
        Batch = batch;
        OnHand = onHand;
        Counted = counted;
        UnitCost = unitCost;
        Value = value;
    }

    public int Id { get; private set; }
    public int StockTakeId { get; private set; }
    /// <summary>The sheet row it came from, 1-based with the header as row 1, as problems name rows.</summary>
    public int Row { get; private set; }
    public int ProductId { get; private set; }
    public VarianceKind Kind { get; private set; }
    /// <summary>The unit counted; null for a serial never seen before, which completing creates.</summary>
    public long? SerialUnitId { get; private set; }
    public string? Serial { get; private set; }
    public string? Batch { get; private set; }
    /// <summary>The expiry date the sheet gave a batch (column ExpiresOn), kept for the batch when the count brings stock in.</summary>
    public DateOnly? ExpiresOn { get; private set; }
    /// <summary>What the books said at import.</summary>
    public decimal OnHand { get; private set; }
    public decimal Counted { get; private set; }
    /// <summary>For stock coming in, the cost it comes in at; for stock going out, its own cost (estimated oldest layers first).</summary>
    public decimal UnitCost { get; private set; }
    /// <summary>Signed change in stock value.</summary>
    public decimal Value { get; private set; }
    public decimal Difference => Counted - OnHand;
}

/// <summary>An item whose outdated rows were exported again: it is judged against this mark instead of the stock take's.</summary>
public sealed class StockTakeRecount
{
    private StockTakeRecount() { }

    public StockTakeRecount(int stockTakeId, int productId, long? serialUnitId, string? batchKey, long mark)
    {
        StockTakeId = stockTakeId;
        ProductId = productId;
        SerialUnitId = serialUnitId;
        BatchKey = batchKey;
        Mark = mark;
    }

    public long Id { get; private set; }
    public int StockTakeId { get; private set; }
    public int ProductId { get; private set; }
    public long? SerialUnitId { get; private set; }
    public string? BatchKey { get; private set; }
    public long Mark { get; private set; }

    public void MoveTo(long mark) => Mark = Math.Max(Mark, mark);
}
