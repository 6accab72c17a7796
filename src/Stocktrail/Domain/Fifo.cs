namespace Stocktrail.Domain;

/// <summary>What one cost layer holds, as seen when stock is taken from it.</summary>
public sealed record LayerStock(long Id, DateTime ReceivedAt, decimal Remaining, decimal UnitCost);

/// <summary>A quantity taken from one cost layer, at that layer's cost.</summary>
public sealed record LayerTake(long LayerId, decimal Quantity, decimal UnitCost)
{
    public decimal Cost => Quantity * UnitCost;
}

/// <summary>First in, first out: stock leaves from the oldest layer first, each part at its own layer's cost.</summary>
public static class Fifo
{
    /// <summary>The takes that make up <paramref name="quantity"/>, or null when the layers hold less.</summary>
    public static IReadOnlyList<LayerTake>? Take(IEnumerable<LayerStock> layers, decimal quantity)
    {
        if (quantity <= 0) throw new ArgumentOutOfRangeException(nameof(quantity), "Only a positive quantity can be taken.");
        var takes = new List<LayerTake>();
        var left = quantity;
        foreach (var layer in layers.Where(l => l.Remaining > 0).OrderBy(l => l.ReceivedAt).ThenBy(l => l.Id))
        {
            var part = Math.Min(left, layer.Remaining);
            takes.Add(new LayerTake(layer.Id, part, layer.UnitCost));
            left -= part;
            if (left == 0) return takes;
        }
        return null;
    }
}
