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

    public bool IsSerialized => TrackingType == TrackingType.Serial;

    public void Rename(string name) => Name = name.Trim();
    public void SetCostPrice(decimal? costPrice) => CostPrice = costPrice;
    public void SetSellPrice(decimal? sellPrice) => SellPrice = sellPrice;
    public void SetActive(bool isActive) => IsActive = isActive;

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
