using Stocktrail.Domain;

namespace Stocktrail.Features.Products;

public sealed record ProductDto(int Id, string Sku, string Name, TrackingType TrackingType, decimal? CostPrice, decimal? SellPrice, bool IsActive)
{
    public static ProductDto From(Product p) => new(p.Id, p.Sku, p.Name, p.TrackingType, p.CostPrice, p.SellPrice, p.IsActive);
}

internal static class Prices
{
    /// <summary>A price, when given, is <see cref="Domain.Money"/>: not negative, within what is kept exactly.</summary>
    public static void Check(decimal? amount, string what, ProblemList problems)
    {
        if (amount is { } value && !Domain.Money.TryCreate(value, out _, out var error, what)) problems.Add(Problem.Invalid(error!));
    }
}
