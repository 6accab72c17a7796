namespace Stocktrail.Domain;

/// <summary>
/// The quantities and money Stocktrail keeps: at most 8 decimal places and below a trillion, so that every value the
/// database stores (28 digits, 8 places) is exactly what was asked for, and a product of two never overflows.
/// </summary>
public static class Amounts
{
    public const int Places = 8;
    public const decimal Limit = 1_000_000_000_000m;

    /// <summary>Why <paramref name="value"/> cannot be kept, or null when it can.</summary>
    public static string? Check(decimal value, string what)
    {
        if (decimal.Abs(value) >= Limit) return $"{what} {value} is too large: Stocktrail keeps amounts below {Limit:N0}.";
        if (value != decimal.Round(value, Places)) return $"{what} {value} has more than {Places} decimal places.";
        return null;
    }
}
