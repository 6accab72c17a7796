namespace Stocktrail.Domain;

public enum StockSaleStatus { Open, PartiallyDispatched, Dispatched, Completed }

/// <summary>A sale of stock to a customer from one warehouse, dispatched in one or several parts.</summary>
public sealed class StockSale
{
    private readonly List<StockSaleLine> _lines = [];

    private StockSale() { }

    public StockSale(int customerId, int warehouseId, DateTime createdAt)
    {
        CustomerId = customerId;
        WarehouseId = warehouseId;
        CreatedAt = createdAt;
        Status = StockSaleStatus.Open;
        Number = DocumentNumber.Placeholder();
    }

    public int Id { get; private set; }
    /// <summary>The user who made it; null for what was made before there were users. Set when it is first saved.</summary>
    public int? CreatedById { get; private set; }
    public string Number { get; private set; } = "";
    public int CustomerId { get; private set; }
    public int WarehouseId { get; private set; }
    public StockSaleStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }
    public IReadOnlyList<StockSaleLine> Lines => _lines;

    public void NumberFromId() => Number = DocumentNumber.IsPlaceholder(Number) ? DocumentNumber.FromId("SS", Id) : Number;

    public void AddLine(int productId, decimal quantity, decimal unitPrice) =>
        _lines.Add(new StockSaleLine(productId, _lines.Count + 1, quantity, unitPrice));

    public void RequireNotCompleted()
    {
        if (Status == StockSaleStatus.Completed)
            throw StockRuleException.Conflict($"{Number} is Completed; nothing more can be dispatched on it.");
    }

    public void Dispatch(StockSaleLine line, decimal quantity)
    {
        RequireNotCompleted();
        line.Dispatch(quantity);
        Status = _lines.All(l => l.OpenQuantity == 0) ? StockSaleStatus.Dispatched : StockSaleStatus.PartiallyDispatched;
        Version++;
    }

    public void Return(StockSaleLine line, decimal quantity)
    {
        line.Return(quantity);
        Version++;
    }

    public void Complete()
    {
        RequireNotCompleted();
        Status = StockSaleStatus.Completed;
        Version++;
    }
}

public sealed class StockSaleLine
{
    private StockSaleLine() { }

    internal StockSaleLine(int productId, int lineNumber, decimal quantity, decimal unitPrice)
    {
        ProductId = productId;
        LineNumber = lineNumber;
        Quantity = quantity;
        UnitPrice = unitPrice;
    }

    public int Id { get; private set; }
    public int StockSaleId { get; private set; }
    public int LineNumber { get; private set; }
    public int ProductId { get; private set; }
    public decimal Quantity { get; private set; }
    public decimal UnitPrice { get; private set; }
    public decimal DispatchedQuantity { get; private set; }
    public decimal ReturnedQuantity { get; private set; }

    public decimal OpenQuantity => Quantity - DispatchedQuantity;
    public decimal ReturnableQuantity => DispatchedQuantity - ReturnedQuantity;

    internal void Dispatch(decimal quantity)
    {
        if (quantity <= 0 || quantity > OpenQuantity)
            throw StockRuleException.Conflict($"Sale line {LineNumber} has {OpenQuantity} left to dispatch; {quantity} cannot be dispatched.");
        DispatchedQuantity += quantity;
    }

    internal void Return(decimal quantity)
    {
        if (quantity <= 0 || quantity > ReturnableQuantity)
            throw StockRuleException.Conflict($"Sale line {LineNumber} has {ReturnableQuantity} dispatched and not yet returned; {quantity} cannot be returned.");
        ReturnedQuantity += quantity;
    }
}
