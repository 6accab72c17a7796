namespace Stocktrail.Domain;

public enum PurchaseOrderStatus { Draft, Approved, PartiallyReceived, Received, Completed }

public sealed class PurchaseOrder
{
    private readonly List<PurchaseOrderLine> _lines = [];
    // Not stored: only the order just created, without a number given, is numbered from its id.
    private readonly bool _numberFromId;

    private PurchaseOrder() { }

    public PurchaseOrder(int supplierId, int warehouseId, string? number, DateTime createdAt)
    {
        SupplierId = supplierId;
        WarehouseId = warehouseId;
        _numberFromId = string.IsNullOrWhiteSpace(number);
        Number = _numberFromId ? DocumentNumber.Placeholder() : number!.Trim();
        CreatedAt = createdAt;
        Status = PurchaseOrderStatus.Draft;
    }

    public int Id { get; private set; }
    /// <summary>The user who made it; null for what was made before there were users. Set when it is first saved.</summary>
    public int? CreatedById { get; private set; }
    /// <summary>Given by the user, or PO-00001 from the id when none was given.</summary>
    public string Number { get; private set; } = "";
    public int SupplierId { get; private set; }
    public int WarehouseId { get; private set; }
    public PurchaseOrderStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }
    public IReadOnlyList<PurchaseOrderLine> Lines => _lines;

    public bool IsOpenForReceiving => Status is PurchaseOrderStatus.Approved or PurchaseOrderStatus.PartiallyReceived;

    public void AddLine(int productId, decimal quantity, decimal unitCost) =>
        _lines.Add(new PurchaseOrderLine(productId, _lines.Count + 1, quantity, unitCost));

    public void NumberFromId()
    {
        if (NeedsNumber) Number = DocumentNumber.FromId("PO", Id);
    }

    /// <summary>True for an order just created without a number (a number given by hand is kept, even one starting with ~).</summary>
    public bool NeedsNumber => _numberFromId && DocumentNumber.IsPlaceholder(Number);

    /// <summary>
    /// The numbers this order may take, best first: PO-00001 from its id, then variants of it, because a user may
    /// already have given another order that number by hand.
    /// </summary>
    public IEnumerable<string> NumbersFromId()
    {
        var fromId = DocumentNumber.FromId("PO", Id);
        yield return fromId;
        for (var n = 2; ; n++) yield return $"{fromId}-{n}";
    }

    public void NumberAs(string number)
    {
        if (!NeedsNumber) throw new InvalidOperationException($"{Number} already has its number.");
        Number = number;
    }

    public void Approve()
    {
        if (Status != PurchaseOrderStatus.Draft)
            throw StockRuleException.Conflict($"{Number} is {Status}; only a Draft order can be approved.");
        Status = PurchaseOrderStatus.Approved;
        Version++;
    }

    /// <summary>Why this order cannot take a receipt now, or null when it can.</summary>
    public string? WhyNotReceivable() => Status switch
    {
        PurchaseOrderStatus.Draft => $"{Number} is still a Draft: approve it before receiving.",
        PurchaseOrderStatus.Received => $"{Number} is already received in full; nothing is left open to receive.",
        PurchaseOrderStatus.Completed => $"{Number} is Completed and locked; nothing more can be received on it.",
        _ => null,
    };

    public void Receive(PurchaseOrderLine line, decimal quantity)
    {
        if (!IsOpenForReceiving) throw StockRuleException.Conflict(WhyNotReceivable()!);
        line.Receive(quantity);
        Status = _lines.All(l => l.OpenQuantity == 0) ? PurchaseOrderStatus.Received : PurchaseOrderStatus.PartiallyReceived;
        Version++;
    }

    /// <summary>
    /// A serial correction changes the order (its version), so that it conflicts with a receipt or completion at the
    /// same time; refused on a completed order.
    /// </summary>
    public void RecordSerialCorrection()
    {
        if (Status == PurchaseOrderStatus.Completed)
            throw StockRuleException.Conflict($"{Number} is Completed; received serials can no longer be corrected on it. Use a stock adjustment.");
        Version++;
    }

    /// <summary>
    /// Units received on a line go back to the supplier: the order's status stays as it is (a return is not an open
    /// quantity to receive again; replacements come on a new order), and a completed order still takes returns, since
    /// faults are found after an order is closed. The version makes two returns at once conflict.
    /// </summary>
    public void ReturnToSupplier(PurchaseOrderLine line, decimal quantity)
    {
        line.ReturnToSupplier(quantity);
        Version++;
    }

    public void Complete()
    {
        if (Status == PurchaseOrderStatus.Completed)
            throw StockRuleException.Conflict($"{Number} is already Completed.");
        if (Status == PurchaseOrderStatus.Draft)
            throw StockRuleException.Conflict($"{Number} is still a Draft: approve and receive it before completing it.");
        Status = PurchaseOrderStatus.Completed;
        Version++;
    }
}

public sealed class PurchaseOrderLine
{
    private PurchaseOrderLine() { }

    internal PurchaseOrderLine(int productId, int lineNumber, decimal quantity, decimal unitCost)
    {
        ProductId = productId;
        LineNumber = lineNumber;
        Quantity = quantity;
        UnitCost = unitCost;
    }

    public int Id { get; private set; }
    public int PurchaseOrderId { get; private set; }
    public int LineNumber { get; private set; }
    public int ProductId { get; private set; }
    public decimal Quantity { get; private set; }
    public decimal UnitCost { get; private set; }
    public decimal ReceivedQuantity { get; private set; }
    /// <summary>Sent back to the supplier on supplier returns; never more than was received. It does not reopen the line.</summary>
    public decimal ReturnedQuantity { get; private set; }

    public decimal OpenQuantity => Quantity - ReceivedQuantity;
    public decimal ReturnableQuantity => ReceivedQuantity - ReturnedQuantity;

    internal void Receive(decimal quantity)
    {
        if (quantity <= 0 || quantity > OpenQuantity)
            throw StockRuleException.Conflict($"Line {LineNumber} has {OpenQuantity} open; {quantity} cannot be received.");
        ReceivedQuantity += quantity;
    }

    internal void ReturnToSupplier(decimal quantity)
    {
        if (quantity <= 0 || quantity > ReturnableQuantity)
            throw StockRuleException.Conflict($"Line {LineNumber} has {ReturnableQuantity} received and not yet returned; {quantity} cannot be returned.");
        ReturnedQuantity += quantity;
    }
}

/// <summary>One receiving of goods against a purchase order: which lines, how many.</summary>
public sealed class Receipt
{
    private readonly List<ReceiptLine> _lines = [];

    private Receipt() { }

    public Receipt(int purchaseOrderId, DateTime receivedAt)
    {
        PurchaseOrderId = purchaseOrderId;
        ReceivedAt = receivedAt;
    }

    public int Id { get; private set; }
    public int PurchaseOrderId { get; private set; }
    public DateTime ReceivedAt { get; private set; }
    public IReadOnlyList<ReceiptLine> Lines => _lines;

    public void AddLine(int purchaseOrderLineId, decimal quantity) => _lines.Add(new ReceiptLine(purchaseOrderLineId, quantity));
}

public sealed class ReceiptLine
{
    private ReceiptLine() { }
    internal ReceiptLine(int purchaseOrderLineId, decimal quantity)
    {
        PurchaseOrderLineId = purchaseOrderLineId;
        Quantity = quantity;
    }

    public int Id { get; private set; }
    public int ReceiptId { get; private set; }
    public int PurchaseOrderLineId { get; private set; }
    public decimal Quantity { get; private set; }
}

/// <summary>A cost of getting received goods in (freight, duty) added to a purchase order after receipt.</summary>
public sealed class LandedCost
{
    private LandedCost() { }

    public LandedCost(int purchaseOrderId, string description, decimal amount, DateTime addedAt)
    {
        PurchaseOrderId = purchaseOrderId;
        Description = description.Trim();
        Amount = amount;
        AddedAt = addedAt;
    }

    public int Id { get; private set; }
    public int PurchaseOrderId { get; private set; }
    public string Description { get; private set; } = "";
    public decimal Amount { get; private set; }
    public DateTime AddedAt { get; private set; }
}
