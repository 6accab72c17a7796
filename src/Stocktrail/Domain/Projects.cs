namespace Stocktrail.Domain;

/// <summary>A customer project that stock is used on (materials), at cost.</summary>
public sealed class Project
{
    private Project() { }

    public Project(string name, int? customerId, DateTime createdAt)
    {
        Name = name.Trim();
        CustomerId = customerId;
        CreatedAt = createdAt;
        Number = DocumentNumber.Placeholder();
    }

    public int Id { get; private set; }
    /// <summary>The user who made it; null for what was made before there were users. Set when it is first saved.</summary>
    public int? CreatedById { get; private set; }
    public string Number { get; private set; } = "";
    public string Name { get; private set; } = "";
    public int? CustomerId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }

    public void NumberFromId() => Number = DocumentNumber.IsPlaceholder(Number) ? DocumentNumber.FromId("PRJ", Id) : Number;

    /// <summary>Every use or return of materials changes the project, so two at once cannot both return the same stock.</summary>
    public void RecordMaterialsMoved() => Version++;
}

public enum MaterialOwner { Project, ProductionJob }

/// <summary>
/// One line of materials used on (positive) or returned from (negative) a project or production job, with its cost.
/// The units and batches themselves are in the ledger rows of the same line.
/// </summary>
public sealed class MaterialMovement
{
    private MaterialMovement() { }

    public MaterialMovement(MaterialOwner ownerType, int ownerId, int warehouseId, int productId, decimal quantity, decimal cost, DateTime occurredAt)
    {
        OwnerType = ownerType;
        OwnerId = ownerId;
        WarehouseId = warehouseId;
        ProductId = productId;
        Quantity = quantity;
        Cost = cost;
        OccurredAt = occurredAt;
    }

    public int Id { get; private set; }
    public MaterialOwner OwnerType { get; private set; }
    public int OwnerId { get; private set; }
    public int WarehouseId { get; private set; }
    public int ProductId { get; private set; }
    /// <summary>Positive when used, negative when returned to stock.</summary>
    public decimal Quantity { get; private set; }
    public decimal Cost { get; private set; }
    public DateTime OccurredAt { get; private set; }
}

public enum ProductionJobStatus { Open, Completed }

/// <summary>Builds an output product from the materials it consumes; completed with the quantity actually produced.</summary>
public sealed class ProductionJob
{
    private ProductionJob() { }

    public ProductionJob(int outputProductId, decimal quantity, int warehouseId, DateTime createdAt)
    {
        OutputProductId = outputProductId;
        Quantity = quantity;
        WarehouseId = warehouseId;
        CreatedAt = createdAt;
        Status = ProductionJobStatus.Open;
        Number = DocumentNumber.Placeholder();
    }

    public int Id { get; private set; }
    /// <summary>The user who made it; null for what was made before there were users. Set when it is first saved.</summary>
    public int? CreatedById { get; private set; }
    public string Number { get; private set; } = "";
    public int OutputProductId { get; private set; }
    /// <summary>The quantity planned; what was actually produced is <see cref="ActualQuantity"/>.</summary>
    public decimal Quantity { get; private set; }
    public int WarehouseId { get; private set; }
    public ProductionJobStatus Status { get; private set; }
    public decimal? ActualQuantity { get; private set; }
    public decimal? OutputUnitCost { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? CompletedAt { get; private set; }
    public int Version { get; private set; }

    public void NumberFromId() => Number = DocumentNumber.IsPlaceholder(Number) ? DocumentNumber.FromId("JOB", Id) : Number;

    /// <summary>Refuses when the job is completed; changes nothing.</summary>
    public void RequireOpen(string action)
    {
        if (Status == ProductionJobStatus.Completed)
            throw StockRuleException.Conflict($"{Number} is Completed; it {action}.");
    }

    /// <summary>
    /// Every use or return of materials changes the job (its version), so two at once cannot both return the same
    /// stock or one slip in after the job completed; refused once the job is completed.
    /// </summary>
    public void RecordMaterialsMoved(string refusal)
    {
        RequireOpen(refusal);
        Version++;
    }

    public void Complete(decimal actualQuantity, decimal outputUnitCost, DateTime at)
    {
        RequireOpen("cannot be completed again");
        Version++;
        ActualQuantity = actualQuantity;
        OutputUnitCost = outputUnitCost;
        CompletedAt = at;
        Status = ProductionJobStatus.Completed;
    }
}

/// <summary>
/// Genealogy: a component (a serial unit, or a quantity of a batch or Fifo product) that went into an output of a
/// production job (a serial unit, or its batch). Kept so that a component can be traced to what it became and a
/// finished unit back to its parts.
/// </summary>
public sealed class ComponentLink
{
    private ComponentLink() { }

    public ComponentLink(int productionJobId, int outputProductId, long? outputSerialUnitId, string? outputBatch,
        int componentProductId, long? componentSerialUnitId, string? componentBatch, decimal quantity)
    {
        ProductionJobId = productionJobId;
        OutputProductId = outputProductId;
        OutputSerialUnitId = outputSerialUnitId;
        OutputBatch = outputBatch;
        ComponentProductId = componentProductId;
        ComponentSerialUnitId = componentSerialUnitId;
        ComponentBatch = componentBatch;
        Quantity = quantity;
    }

    public long Id { get; private set; }
    public int ProductionJobId { get; private set; }
    public int OutputProductId { get; private set; }
    public long? OutputSerialUnitId { get; private set; }
    public string? OutputBatch { get; private set; }
    public int ComponentProductId { get; private set; }
    public long? ComponentSerialUnitId { get; private set; }
    public string? ComponentBatch { get; private set; }
    public decimal Quantity { get; private set; }
}
