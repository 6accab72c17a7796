using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
namespace Stocktrail.Features.Products;

/// <summary>
/// Changes a product's name, prices, active flag, GTIN or serial pattern (an empty GTIN or pattern removes it). Its
/// tracking type is fixed at creation.
/// </summary>
public static class UpdateProduct
{
    public sealed record Request(string? Name, decimal? CostPrice, decimal? SellPrice, bool? IsActive, string? TrackingType,
        string? Gtin = null, string? SerialPattern = null, int? WarrantyMonths = null);

    public sealed class Handler(StocktrailDbContext db, AuditTrail audit)
    {
        public async Task<ProductDto> HandleAsync(int id, Request request, CancellationToken ct)
        {
            var product = await db.Products.FindAsync([id], ct) ?? throw StockRuleException.NotFound($"There is no product with id {id}.");

            var problems = new ProblemList();
            if (request.Name is not null)
                PlainText.CheckName(request.Name, "The product name", 200, "A product needs a name of 1 to 200 characters.", problems);
            Prices.Check(request.CostPrice, "Cost price", problems);
            Prices.Check(request.SellPrice, "Sell price", problems);
            Products.WarrantyMonths.Check(request.WarrantyMonths, problems);
            var trackingType = request.TrackingType is null ? product.TrackingType : TrackingTypes.Parse(request.TrackingType, problems);
            var codes = await ProductCodes.CheckAsync(db, product, trackingType, request.Gtin, request.SerialPattern, problems, ct);
            problems.ThrowIfAny();
            product.RequireTrackingType(trackingType);

            var was = (product.Name, product.CostPrice, product.SellPrice, product.IsActive, product.Gtin, product.SerialPattern, product.WarrantyMonths);
            if (request.Name is not null) product.Rename(request.Name);
            if (request.CostPrice is not null) product.SetCostPrice(request.CostPrice);
            if (request.SellPrice is not null) product.SetSellPrice(request.SellPrice);
            if (request.IsActive is not null) product.SetActive(request.IsActive.Value);
            codes.ApplyTo(product);
            if (request.WarrantyMonths is { } months) product.SetWarrantyMonths(months);
            var changes = new List<string>();
            if (was.Name != product.Name) changes.Add($"name '{was.Name}' → '{product.Name}'");
            if (was.CostPrice != product.CostPrice) changes.Add($"cost price {Price(was.CostPrice)} → {Price(product.CostPrice)}");
            if (was.SellPrice != product.SellPrice) changes.Add($"sell price {Price(was.SellPrice)} → {Price(product.SellPrice)}");
            if (was.IsActive != product.IsActive) changes.Add(product.IsActive ? "made active" : "made inactive");
            if (was.Gtin != product.Gtin) changes.Add($"GTIN {was.Gtin ?? "none"} → {product.Gtin ?? "none"}");
            if (was.SerialPattern != product.SerialPattern) changes.Add($"serial pattern {was.SerialPattern ?? "none"} → {product.SerialPattern ?? "none"}");
            if (was.WarrantyMonths != product.WarrantyMonths)
                changes.Add($"warranty {Months(was.WarrantyMonths)} → {Months(product.WarrantyMonths)}");
            // A request that changes nothing leaves nothing to audit.
            if (changes.Count > 0) audit.Record(AuditActions.ProductUpdated, $"Product {product.Sku}: {string.Join("; ", changes)}.", "Product", product.Sku);
            await db.SaveChangesAsync(ct);
            return ProductDto.From(product);
        }

        private static string Price(decimal? price) => price is { } p ? AuditText.Money(p) : "none";
        private static string Months(int? months) => months is { } m ? $"{m} months" : "none";
    }
}
