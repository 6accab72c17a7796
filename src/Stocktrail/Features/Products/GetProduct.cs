using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Products;

public static class GetProduct
{
    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<ProductDto> HandleAsync(int id, CancellationToken ct) =>
            ProductDto.From(await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct)
                ?? throw StockRuleException.NotFound($"There is no product with id {id}."));
    }
}

public static class ListProducts
{
    public sealed record Result(IReadOnlyList<ProductDto> Items);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(string? search, CancellationToken ct)
        {
            var query = db.Products.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(search))
            {
                var key = search.Trim().ToUpperInvariant();
                query = query.Where(p => p.SkuKey.Contains(key) || p.Name.ToUpper().Contains(key));
            }
            var products = await query.OrderBy(p => p.SkuKey).Take(500).ToListAsync(ct);
            return new Result(products.Select(ProductDto.From).ToList());
        }
    }
}
