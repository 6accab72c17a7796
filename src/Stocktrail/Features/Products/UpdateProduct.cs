using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Products;

/// <summary>Changes a product's name, prices or active flag. Its tracking type is fixed at creation.</summary>
public static class UpdateProduct
{
    public sealed record Request(string? Name, decimal? CostPrice, decimal? SellPrice, bool? IsActive, string? TrackingType);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<ProductDto> HandleAsync(int id, Request request, CancellationToken ct)
        {
            var product = await db.Products.FindAsync([id], ct) ?? throw StockRuleException.NotFound($"There is no product with id {id}.");

            var problems = new ProblemList();
            if (request.Name is not null)
                PlainText.CheckName(request.Name, "The product name", 200, "A product needs a name of 1 to 200 characters.", problems);
            Money.CheckNotNegative(request.CostPrice, "Cost price", problems);
            Money.CheckNotNegative(request.SellPrice, "Sell price", problems);
            var trackingType = request.TrackingType is null ? product.TrackingType : TrackingTypes.Parse(request.TrackingType, problems);
            problems.ThrowIfAny();
            product.RequireTrackingType(trackingType);

            if (request.Name is not null) product.Rename(request.Name);
            if (request.CostPrice is not null) product.SetCostPrice(request.CostPrice);
            if (request.SellPrice is not null) product.SetSellPrice(request.SellPrice);
            if (request.IsActive is not null) product.SetActive(request.IsActive.Value);
            await db.SaveChangesAsync(ct);
            return ProductDto.From(product);
        }
    }
}
