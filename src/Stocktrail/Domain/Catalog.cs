namespace Stocktrail.Domain;

public sealed class Product
{
    private Product() { }

    public Product(Sku sku, string name, TrackingType trackingType, decimal? costPrice, decimal? sellPrice, DateTime createdAt)
    {
        Sku = sku;
        SkuKey = sku.Key;
        Name = name.Trim();
        TrackingType = trackingType;
        CostPrice = costPrice;
        SellPrice = sellPrice;
        IsActive = true;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }
    public Sku Sku { get; private set; }
    /// <summary>The SKU as compared: SKUs are unique without regard to letter case.</summary>
    public string SkuKey { get; private set; } = "";
    public string Name { get; private set; } = "";
    public TrackingType TrackingType { get; private set; }
    public decimal? CostPrice { get; private set; }
    public decimal? SellPrice { get; private set; }
    public bool IsActive { get; private set; }
    public DateTime CreatedAt { get; private set; }
    /// <summary>The GS1 trade item number as GTIN-14; unique among products.</summary>
    public string? Gtin { get; private set; }
    /// <summary>How new serials are proposed (<see cref="Domain.SerialPattern"/>); null when the product has none.</summary>
    public string? SerialPattern { get; private set; }
    /// <summary>The pattern counter's last value handed out; only ever advanced, by one UPDATE in the database.</summary>
    public long SerialCounter { get; private set; }
    /// <summary>How long a unit is under warranty from its latest dispatch to a customer; null when the product has none.</summary>
    public int? WarrantyMonths { get; private set; }

    public bool IsSerialized => TrackingType == TrackingType.Serial;

    public void Rename(string name) => Name = name.Trim();
    public void SetCostPrice(decimal? costPrice) => CostPrice = costPrice;
    public void SetSellPrice(decimal? sellPrice) => SellPrice = sellPrice;
    public void SetActive(bool isActive) => IsActive = isActive;
    public void SetGtin(string? gtin14) => Gtin = gtin14;

    /// <summary>0 removes the warranty; more than <see cref="Warranty.MaxMonths"/> is refused by the request's check first.</summary>
    public void SetWarrantyMonths(int months)
    {
        if (months < 0 || months > Warranty.MaxMonths) throw StockRuleException.Invalid(Warranty.Refusal(months));
        WarrantyMonths = months == 0 ? null : months;
    }

    public void SetSerialPattern(SerialPattern? pattern)
    {
        if (pattern is not null && !IsSerialized)
            throw StockRuleException.Invalid($"Product {Sku} is tracked as {TrackingType}; only a serialized product has a serial pattern.");
        SerialPattern = pattern?.Text;
    }

    /// <summary>A product's tracking type is chosen once: stock already counted one way cannot be recounted another.</summary>
    public void RequireTrackingType(TrackingType requested)
    {
        if (requested != TrackingType)
            throw StockRuleException.Conflict(
                $"Product {Sku} is tracked as {TrackingType}; the tracking type cannot change once a product exists " +
                $"(it cannot become {requested}). Create a new product for {requested} tracking.");
    }

    public override string ToString() => Sku;
}

public sealed class Warehouse
{
    private Warehouse() { }

    public Warehouse(string code, string name)
    {
        Code = code.Trim();
        CodeKey = TrackingCode.Key(code);
        Name = name.Trim();
    }

    public int Id { get; private set; }
    public string Code { get; private set; } = "";
    public string CodeKey { get; private set; } = "";
    public string Name { get; private set; } = "";
}

public sealed class Supplier
{
    private Supplier() { }
    public Supplier(string name) => Name = name.Trim();

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
}

public sealed class Customer
{
    private Customer() { }
    public Customer(string name) => Name = name.Trim();

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
}
