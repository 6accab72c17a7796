namespace Stocktrail.Domain;

/// <summary>What one cost layer holds, as seen when stock is taken from it.</summary>
public sealed record LayerStock(long Id, DateTime ReceivedAt, decimal Remaining, decimal UnitCost);

/// <summary>
/// A quantity taken from one cost layer, at that layer's cost. <paramref name="Cost"/> is what the layer's worth drops
/// by (its worth is its remaining quantity times its cost, rounded by <see cref="Amounts.Value"/>), so that the rows of
/// a layer always add up to what is left of it.
/// </summary>
public sealed record LayerTake(long LayerId, decimal Quantity, decimal UnitCost, decimal Cost)
{
    public static LayerTake From(LayerStock layer, decimal quantity) =>
        new(layer.Id, quantity, layer.UnitCost, Amounts.Value(layer.Remaining, layer.UnitCost) - Amounts.Value(layer.Remaining - quantity, layer.UnitCost));
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
            takes.Add(LayerTake.From(layer, part));
            left -= part;
            if (left == 0) return takes;
        }
        return null;
    }
}
