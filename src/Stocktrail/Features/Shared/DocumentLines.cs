using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Shared;

/// <summary>A line of a request that names a product and moves stock: the shape of use, dispatch, adjustment and transfer lines.</summary>
public interface IStockLine
{
    int ProductId { get; }
    decimal Quantity { get; }
    IReadOnlyList<string?>? Serials { get; }
    IReadOnlyList<BatchQuantity>? Batches { get; }
    /// <summary>Batches chosen by the picker instead of named (use, dispatch and transfer lines).</summary>
    BatchPick? Pick => null;
}

/// <summary>A line of a new purchase order or sale: the product, how many, at what unit cost or price.</summary>
public sealed record OrderLine(int ProductId, decimal Quantity, decimal Price);

public static class DocumentLines
{
    /// <summary>
    /// Checks the lines of a new order: each names an active product, a quantity above zero (whole for a serialized
    /// product) and a price not below zero. <paramref name="price"/> and <paramref name="verb"/> word the problems
    /// ("unit cost", "ordered"; "unit price", "sold").
    /// </summary>
    public static async Task CheckOrderLinesAsync(StocktrailDbContext db, IReadOnlyList<OrderLine?> lines, string price, string verb,
        ProblemList problems, CancellationToken ct)
    {
        var productIds = lines.Where(l => l is not null).Select(l => l!.ProductId).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        for (var i = 0; i < lines.Count; i++)
        {
            var (line, n) = (lines[i], i + 1);
            if (line is null)
            {
                problems.Add(new Problem(ProblemKind.Invalid, $"Line {n} is empty: give its productId, quantity and {Camel(price)}.") { Line = n });
                continue;
            }
            if (!products.TryGetValue(line.ProductId, out var product))
            {
                problems.Add(new Problem(ProblemKind.Invalid, $"Line {n}: there is no product with id {line.ProductId}.") { Line = n });
                continue;
            }
            var at = $"Line {n} ({product.Sku})";
            // A document line's quantity is a Quantity (more than zero) and its price Money (not negative), both within
            // what is kept exactly; a value too large or too precise to keep is reported alone for the line.
            var quantityOk = Quantity.TryCreate(line.Quantity, out var quantity, out var quantityProblem);
            var priceOk = Money.TryCreate(line.Price, out _, out var priceProblem, $"The {price}");
            var unkeepable = new[] { (quantityOk || line.Quantity <= 0 ? null : quantityProblem), (priceOk || line.Price < 0 ? null : priceProblem) }.OfType<string>().ToList();
            foreach (var tooBig in unkeepable) problems.Add(new Problem(ProblemKind.Invalid, $"{at}: {tooBig}") { Line = n });
            if (unkeepable.Count > 0) continue;
            if (!product.IsActive)
                problems.Add(new Problem(ProblemKind.Invalid, $"{at}: the product is inactive and cannot be {verb}.") { Line = n });
            if (!quantityOk)
                problems.Add(new Problem(ProblemKind.Invalid, $"{at}: {quantityProblem}") { Line = n });
            else if (product.IsSerialized && !quantity.IsWhole)
                problems.Add(new Problem(ProblemKind.Invalid, $"{at}: serialized units are whole; a quantity of {line.Quantity} cannot be {verb}.") { Line = n });
            if (!priceOk)
                problems.Add(new Problem(ProblemKind.Invalid, $"{at}: the {price} cannot be negative (was {line.Price}).") { Line = n });
        }
    }

    private static string Camel(string words)
    {
        var parts = words.Split(' ');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    /// <summary>
    /// The products the lines name, by line position; null stands for an empty line (JSON null), which the caller
    /// reports in its own words. A line naming no product that exists is a problem naming that line.
    /// </summary>
    public static async Task<Dictionary<int, Product>> LoadProductsAsync(StocktrailDbContext db, IReadOnlyList<int?> productIds, ProblemList problems, CancellationToken ct)
    {
        var ids = productIds.OfType<int>().Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        for (var i = 0; i < productIds.Count; i++)
            if (productIds[i] is { } id && !products.ContainsKey(id))
                problems.Add(new Problem(ProblemKind.Invalid, $"Line {i + 1}: there is no product with id {id}.") { Line = i + 1 });
        return products;
    }

    /// <summary>Reports each empty line (JSON null) of a request, naming it and what it needs.</summary>
    public static void ReportEmptyLines<T>(IReadOnlyList<T?> lines, string needs, ProblemList problems) where T : class
    {
        for (var i = 0; i < lines.Count; i++)
            if (lines[i] is null)
                problems.Add(new Problem(ProblemKind.Invalid, $"Line {i + 1} is empty: give its {needs}.") { Line = i + 1 });
    }

    /// <summary>The lines as out-lines for the picker, skipping empty ones and those whose product does not exist (already reported).</summary>
    public static List<OutLine> AsOutLines<T>(IReadOnlyList<T?> lines, Dictionary<int, Product> products) where T : class, IStockLine =>
        lines.Select((l, i) => (l, i))
            .Where(x => x.l is not null && products.ContainsKey(x.l.ProductId))
            .Select(x => new OutLine(x.i + 1, products[x.l!.ProductId], x.l.Quantity, x.l.Serials, x.l.Batches, x.l.Pick))
            .ToList();

    public static async Task<string> WarehouseCodeAsync(StocktrailDbContext db, int warehouseId, ProblemList problems, CancellationToken ct)
    {
        var code = await db.Warehouses.AsNoTracking().Where(w => w.Id == warehouseId).Select(w => w.Code).FirstOrDefaultAsync(ct);
        if (code is null) problems.Add(Problem.Invalid($"There is no warehouse with id {warehouseId}."));
        return code ?? "";
    }

    public static void RequireLines<T>(IReadOnlyList<T>? lines, string document)
    {
        if (lines is null || lines.Count == 0) throw StockRuleException.Invalid($"{document} needs at least one line.");
    }
}
