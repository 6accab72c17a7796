using Stocktrail.Domain;

namespace Stocktrail.Features.Products;

public sealed record ProductDto(int Id, string Sku, string Name, TrackingType TrackingType, decimal? CostPrice, decimal? SellPrice, bool IsActive,
    string? Gtin, string? SerialPattern)
{
    /// <summary>Months of warranty from a unit's latest dispatch to a customer; null when the product has none.</summary>
    public int? WarrantyMonths { get; init; }

    public static ProductDto From(Product p) =>
        new(p.Id, p.Sku, p.Name, p.TrackingType, p.CostPrice, p.SellPrice, p.IsActive, p.Gtin, p.SerialPattern) { WarrantyMonths = p.WarrantyMonths };
}

internal static class WarrantyMonths
{
    /// <summary>0 (no warranty) to <see cref="Warranty.MaxMonths"/>, when given.</summary>
    public static void Check(int? months, ProblemList problems)
    {
        if (months is { } m && (m < 0 || m > Warranty.MaxMonths)) problems.Add(Problem.Invalid(Warranty.Refusal(m)));
    }
}

internal static class Prices
{
    /// <summary>A price, when given, is <see cref="Domain.Money"/>: not negative, within what is kept exactly.</summary>
    public static void Check(decimal? amount, string what, ProblemList problems)
    {
        if (amount is { } value && !Domain.Money.TryCreate(value, out _, out var error, what)) problems.Add(Problem.Invalid(error!));
    }
}
