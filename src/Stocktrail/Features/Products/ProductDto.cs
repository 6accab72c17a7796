using Stocktrail.Domain;

namespace Stocktrail.Features.Products;

public sealed record ProductDto(int Id, string Sku, string Name, TrackingType TrackingType, decimal? CostPrice, decimal? SellPrice, bool IsActive,
    string? Gtin, string? SerialPattern)
{
    public static ProductDto From(Product p) => new(p.Id, p.Sku, p.Name, p.TrackingType, p.CostPrice, p.SellPrice, p.IsActive, p.Gtin, p.SerialPattern);
}

internal static class Money
{
    public static void CheckNotNegative(decimal? amount, string what, ProblemList problems)
    {
        if (amount < 0) problems.Add(Problem.Invalid($"{what} cannot be negative (was {amount})."));
        else if (amount is { } value && Amounts.Check(value, what) is { } tooBig) problems.Add(Problem.Invalid(tooBig));
    }
}
