namespace Stocktrail.Tests.Properties;

/// <summary>
/// What the property test expects the stock to be: cost layers of Fifo and batch stock per warehouse (oldest first),
/// each serial's place and cost, and what each sale took out. The test chooses mostly-valid steps from it and compares
/// the app with it after every step.
/// </summary>
public sealed class StockModel
{
    public const int Fifo = 0, Serial = 1, Batch = 2;

    public sealed class Layer(decimal quantity, decimal unitCost)
    {
        public decimal Quantity { get; set; } = quantity;
        public decimal UnitCost { get; } = unitCost;
    }

    public sealed class Unit(string serial, int warehouse, decimal unitCost)
    {
        public string Serial { get; } = serial;
        public string Key => Serial.ToUpperInvariant();
        /// <summary>The warehouse (0 or 1) it is in, or null when it is out.</summary>
        public int? Warehouse { get; set; } = warehouse;
        public decimal UnitCost { get; set; } = unitCost;
        /// <summary>The sale it last left on, while it is out on it; only then can it come back on that sale.</summary>
        public SaleModel? OutOnSale { get; set; }
    }

    public sealed class SaleModel(int id, int lineId, int product, int warehouse)
    {
        public int Id { get; } = id;
        public int LineId { get; } = lineId;
        public int Product { get; } = product;
        public int Warehouse { get; } = warehouse;
        public decimal Dispatched { get; set; }
        public decimal Returned { get; set; }
        public decimal Returnable => Dispatched - Returned;
        /// <summary>Net quantity and value taken out per batch key (null for Fifo), as the app's return picker counts it.</summary>
        public Dictionary<string, (decimal Quantity, decimal Value)> NetOut { get; } = [];
    }

    /// <summary>Layers per (product, warehouse, batch key); Fifo stock has the batch key "".</summary>
    public Dictionary<(int Product, int Warehouse, string Batch), List<Layer>> Layers { get; } = [];
    public List<Unit> Units { get; } = [];
    public List<SaleModel> Sales { get; } = [];

    public List<Layer> LayersOf(int product, int warehouse, string batch)
    {
        var key = (product, warehouse, batch.ToUpperInvariant());
        if (!Layers.TryGetValue(key, out var list)) Layers[key] = list = [];
        return list;
    }

    public decimal Held(int product, int warehouse, string batch = "") => LayersOf(product, warehouse, batch).Sum(l => l.Quantity);

    public void AddLayer(int product, int warehouse, string batch, decimal quantity, decimal unitCost) =>
        LayersOf(product, warehouse, batch).Add(new Layer(quantity, unitCost));

    /// <summary>Takes oldest layer first, as the app must; returns each part taken with its cost.</summary>
    public List<(decimal Quantity, decimal UnitCost)> Take(int product, int warehouse, string batch, decimal quantity)
    {
        var layers = LayersOf(product, warehouse, batch);
        if (layers.Sum(l => l.Quantity) < quantity) throw new InvalidOperationException($"The model holds less than {quantity} of {batch}.");
        var takes = new List<(decimal, decimal)>();
        foreach (var layer in layers)
        {
            if (quantity == 0) break;
            var part = Math.Min(layer.Quantity, quantity);
            if (part == 0) continue;
            layer.Quantity -= part;
            quantity -= part;
            takes.Add((part, layer.UnitCost));
        }
        layers.RemoveAll(l => l.Quantity == 0);
        return takes;
    }

    public decimal OnHand(int product, int warehouse) => product == Serial
        ? Units.Count(u => u.Warehouse == warehouse)
        : Layers.Where(l => l.Key.Product == product && l.Key.Warehouse == warehouse).Sum(l => l.Value.Sum(x => x.Quantity));

    public decimal Value(int product, int warehouse) => product == Serial
        ? Units.Where(u => u.Warehouse == warehouse).Sum(u => u.UnitCost)
        : Layers.Where(l => l.Key.Product == product && l.Key.Warehouse == warehouse).Sum(l => l.Value.Sum(x => x.Quantity * x.UnitCost));

    /// <summary>Batch key and warehouse to what the batch holds there, for batches that hold anything.</summary>
    public Dictionary<(string Batch, int Warehouse), decimal> Batches() =>
        Layers.Where(l => l.Key.Product == Batch && l.Value.Sum(x => x.Quantity) > 0)
            .ToDictionary(l => (l.Key.Batch, l.Key.Warehouse), l => l.Value.Sum(x => x.Quantity));

    public List<string> BatchesIn(int warehouse) =>
        Layers.Where(l => l.Key.Product == Batch && l.Key.Warehouse == warehouse && l.Value.Sum(x => x.Quantity) > 0)
            .Select(l => l.Key.Batch).OrderBy(b => b, StringComparer.Ordinal).ToList();

    public List<Unit> UnitsIn(int warehouse) => Units.Where(u => u.Warehouse == warehouse).OrderBy(u => u.Key, StringComparer.Ordinal).ToList();
}
