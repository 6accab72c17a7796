namespace Stocktrail.Domain;

/// <summary>
/// A closed calendar month (UTC) whose stock at its end is kept per product and warehouse as <see cref="StockSnapshot"/>
/// rows, so that the stock value at a past date is read from the nearest one plus or less the few ledger rows between.
/// Its rows are derived from the ledger alone; a report uses them only once <see cref="CompletedAt"/> is set
/// (docs/ledger.md, "Stock snapshots").
/// </summary>
public sealed class StockPeriod
{
    private StockPeriod() { }

    public StockPeriod(DateTime periodEnd) => PeriodEnd = periodEnd;

    public int Id { get; private set; }

    /// <summary>The first moment after the period: the first instant of the next month, UTC. Its snapshot holds every row before it.</summary>
    public DateTime PeriodEnd { get; private set; }

    /// <summary>When every chunk of products was made; null while it is being made, and then no report uses it.</summary>
    public DateTime? CompletedAt { get; private set; }

    /// <summary>The first instant of the month that <paramref name="at"/> falls in, UTC.</summary>
    public static DateTime MonthStart(DateTime at)
    {
        var utc = at.ToUniversalTime();
        return new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc);
    }
}

/// <summary>Stock on hand and its value in one warehouse at a period's end: the sums of the ledger rows before it.</summary>
public sealed class StockSnapshot
{
    private StockSnapshot() { }

    public StockSnapshot(int periodId, int productId, int warehouseId, decimal onHand, decimal value)
    {
        PeriodId = periodId;
        ProductId = productId;
        WarehouseId = warehouseId;
        OnHand = onHand;
        Value = value;
    }

    public int PeriodId { get; private set; }
    public int ProductId { get; private set; }
    public int WarehouseId { get; private set; }
    public decimal OnHand { get; private set; }
    public decimal Value { get; private set; }

    /// <summary>A row dated before the period's end, written after the snapshot was made (a backdated adjustment).</summary>
    public void Apply(decimal quantity, decimal value)
    {
        OnHand += quantity;
        Value += value;
    }
}
