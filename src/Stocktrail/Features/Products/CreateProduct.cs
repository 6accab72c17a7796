using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;

namespace Stocktrail.Features.Products;

public static class CreateProduct
{
    public sealed record Request(string? Sku, string? Name, string? TrackingType, decimal? CostPrice, decimal? SellPrice,
        string? Gtin = null, string? SerialPattern = null);

    public sealed class Handler(StocktrailDbContext db, AuditTrail audit, TimeProvider clock)
    {
        public async Task<ProductDto> HandleAsync(Request request, CancellationToken ct)
        {
            var problems = new ProblemList();
            if (TrackingCode.Check(request.Sku, "SKU") is { } skuProblem) problems.Add(Problem.Invalid(skuProblem));
            PlainText.CheckName(request.Name, "The product name", 200, "A product needs a name of 1 to 200 characters.", problems);
            var trackingType = TrackingTypes.Parse(request.TrackingType, problems);
            Money.CheckNotNegative(request.CostPrice, "Cost price", problems);
            Money.CheckNotNegative(request.SellPrice, "Sell price", problems);
            var codes = await ProductCodes.CheckAsync(db, null, trackingType, request.Gtin, request.SerialPattern, problems, ct);
            problems.ThrowIfAny();

            var skuKey = TrackingCode.Key(request.Sku!);
            if (await db.Products.AnyAsync(p => p.SkuKey == skuKey, ct))
                throw StockRuleException.Conflict($"SKU {request.Sku!.Trim()} is already used by another product; SKUs are unique whatever their letter case.");

            var product = new Product(request.Sku!, request.Name!, trackingType, request.CostPrice, request.SellPrice, clock.GetUtcNow().UtcDateTime);
            codes.ApplyTo(product);
            db.Products.Add(product);
            audit.Record(AuditActions.ProductCreated,
                $"Product {product.Sku} '{product.Name}' created, tracked {product.TrackingType}, cost price {Price(product.CostPrice)}, sell price {Price(product.SellPrice)}{codes.Audit()}.",
                "Product", product.Sku);
            await db.SaveChangesAsync(ct);
            return ProductDto.From(product);
        }

        private static string Price(decimal? price) => price is { } p ? AuditText.Money(p) : "none";
    }
}
