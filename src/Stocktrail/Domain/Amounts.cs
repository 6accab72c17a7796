namespace Stocktrail.Domain;

/// <summary>
/// The quantities and money Stocktrail keeps: at most 8 decimal places and below a trillion, so that every value the
/// database stores (28 digits, 8 places) is exactly what was asked for, and a product of two never overflows.
/// </summary>
public static class Amounts
{
    public const int Places = 8;
    public const decimal Limit = 1_000_000_000_000m;

    /// <summary>
    /// The one rounding rule for stock value: every value Stocktrail makes (a ledger row's, a cost layer's worth, a unit
    /// cost) is rounded here to the places the database keeps, before anything is stored or added up, so that what the
    /// ledger adds up to is what the levels and layers say on every provider.
    /// </summary>
    public static decimal Round(decimal value) => Math.Round(value, Places, MidpointRounding.AwayFromZero);

    /// <summary>What <paramref name="quantity"/> units at <paramref name="unitCost"/> are worth, rounded by the one rule.</summary>
    public static decimal Value(decimal quantity, decimal unitCost) => Round(quantity * Round(unitCost));

    /// <summary>Why <paramref name="value"/> cannot be kept, or null when it can.</summary>
    public static string? Check(decimal value, string what)
    {
        if (decimal.Abs(value) >= Limit) return $"{what} {value} is too large: Stocktrail keeps amounts below {Limit:N0}.";
        if (value != decimal.Round(value, Places)) return $"{what} {value} has more than {Places} decimal places.";
        return null;
    }
}
