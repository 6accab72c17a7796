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
}

public static class DocumentLines
{
    /// <summary>The products the lines name; a line naming none that exists is a problem naming that line.</summary>
    public static async Task<Dictionary<int, Product>> LoadProductsAsync(StocktrailDbContext db, IReadOnlyList<int> productIds, ProblemList problems, CancellationToken ct)
    {
        var ids = productIds.Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        for (var i = 0; i < productIds.Count; i++)
            if (!products.ContainsKey(productIds[i]))
                problems.Add(new Problem(ProblemKind.Invalid, $"Line {i + 1}: there is no product with id {productIds[i]}.") { Line = i + 1 });
        return products;
    }

    /// <summary>The lines as out-lines for the picker, skipping those whose product does not exist (already reported).</summary>
    public static List<OutLine> AsOutLines<T>(IReadOnlyList<T> lines, Dictionary<int, Product> products) where T : IStockLine =>
        lines.Select((l, i) => (l, i))
            .Where(x => products.ContainsKey(x.l.ProductId))
            .Select(x => new OutLine(x.i + 1, products[x.l.ProductId], x.l.Quantity, x.l.Serials, x.l.Batches))
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
