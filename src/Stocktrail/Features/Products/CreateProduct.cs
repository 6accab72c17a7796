using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;

namespace Stocktrail.Features.Products;

public static class CreateProduct
{
    public sealed record Request(string? Sku, string? Name, string? TrackingType, decimal? CostPrice, decimal? SellPrice,
        string? Gtin = null, string? SerialPattern = null, int? WarrantyMonths = null);

    public sealed class Handler(StocktrailDbContext db, AuditTrail audit, TimeProvider clock)
    {
        public async Task<ProductDto> HandleAsync(Request request, CancellationToken ct)
        {
            var problems = new ProblemList();
            if (!Sku.TryCreate(request.Sku, out var sku, out var skuProblem)) problems.Add(Problem.Invalid(skuProblem!));
            PlainText.CheckName(request.Name, "The product name", 200, "A product needs a name of 1 to 200 characters.", problems);
            var trackingType = TrackingTypes.Parse(request.TrackingType, problems);
            Prices.Check(request.CostPrice, "Cost price", problems);
            Prices.Check(request.SellPrice, "Sell price", problems);
            Products.WarrantyMonths.Check(request.WarrantyMonths, problems);
            var codes = await ProductCodes.CheckAsync(db, null, trackingType, request.Gtin, request.SerialPattern, problems, ct);
            problems.ThrowIfAny();

            var skuKey = sku.Key;
            if (await db.Products.AnyAsync(p => p.SkuKey == skuKey, ct))
                throw StockRuleException.Conflict($"SKU {sku} is already used by another product; SKUs are unique whatever their letter case.");

            var product = new Product(sku, request.Name!, trackingType, request.CostPrice, request.SellPrice, clock.GetUtcNow().UtcDateTime);
            codes.ApplyTo(product);
            if (request.WarrantyMonths is { } months) product.SetWarrantyMonths(months);
            db.Products.Add(product);
            audit.Record(AuditActions.ProductCreated,
                $"Product {product.Sku} '{product.Name}' created, tracked {product.TrackingType}, cost price {Price(product.CostPrice)}, sell price {Price(product.SellPrice)}{codes.Audit()}{(product.WarrantyMonths is { } w ? $", warranty {w} months" : "")}.",
                "Product", product.Sku);
            await db.SaveChangesAsync(ct);
            return ProductDto.From(product);
        }

        private static string Price(decimal? price) => price is { } p ? AuditText.Money(p) : "none";
    }
}
