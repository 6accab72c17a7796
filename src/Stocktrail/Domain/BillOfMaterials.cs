namespace Stocktrail.Domain;

/// <summary>One line of a product's bill of materials: a component (another product) and how much of it one unit takes.</summary>
public sealed class BillOfMaterialsLine
{
    private BillOfMaterialsLine() { }

    public BillOfMaterialsLine(int productId, int componentId, decimal quantity)
    {
        if (productId == componentId) throw StockRuleException.Invalid("A product cannot be a component of itself.");
        ProductId = productId;
        ComponentId = componentId;
        Quantity = quantity;
    }

    public int Id { get; private set; }
    public int ProductId { get; private set; }
    public int ComponentId { get; private set; }
    /// <summary>Per unit of the product; more than zero, whole for a serialized component.</summary>
    public decimal Quantity { get; private set; }
}

public static class BillsOfMaterials
{
    /// <summary>
    /// A product may not contain itself at any depth. Given what each product contains (its components, as the
    /// bills of materials say), the way from <paramref name="componentId"/> down to <paramref name="productId"/>
    /// (component first, the product last), or null when the component does not contain the product.
    /// </summary>
    public static IReadOnlyList<int>? PathBackTo(int productId, int componentId, Func<int, IEnumerable<int>> componentsOf)
    {
        var cameFrom = new Dictionary<int, int> { [componentId] = componentId };
        var queue = new Queue<int>([componentId]);
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            if (at == productId)
            {
                var path = new List<int> { at };
                while (path[^1] != componentId) path.Add(cameFrom[path[^1]]);
                path.Reverse();
                return path;
            }
            foreach (var next in componentsOf(at))
                if (cameFrom.TryAdd(next, at)) queue.Enqueue(next);
        }
        return null;
    }

    /// <summary>How much of a component a job of <paramref name="planned"/> units needs: whole units for a serialized component.</summary>
    public static decimal Required(decimal perUnit, decimal planned, bool wholeUnits)
    {
        var required = Amounts.Round(perUnit * planned);
        // 4.5 × 2 is 9, not 9.0: the quantity reads as a person would write it, in JSON and in a form alike.
        return (wholeUnits ? decimal.Ceiling(required) : required) / 1.000000000000000000000000000000000m;
    }
}
