using System.Globalization;
using Stocktrail.Domain;

namespace Stocktrail.Features.Audit;

/// <summary>
/// How an audit line describes what a document moved: each line's product, quantity and units, short enough to read in
/// a list. A receipt of 10,000 serials names its first and last, not all of them: the ledger has every one.
/// </summary>
public static class AuditText
{
    private const int SerialsNamed = 4;

    public static string Qty(decimal quantity) => quantity.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Money(decimal amount) => amount.ToString("0.00####", CultureInfo.InvariantCulture);

    /// <summary>"line 2 SKU-1 × 3 (SN-1, SN-2, SN-3)", "line 1 BOLT × 40 (batch L7 × 40)", "line 3 PAINT × 5".</summary>
    public static string Line(int lineNumber, string sku, decimal quantity, IReadOnlyList<string>? serials = null, IEnumerable<BatchQuantity>? batches = null) =>
        $"line {lineNumber} {Units(sku, quantity, serials, batches)}";

    /// <summary>"SKU-1 × 3 (SN-1, SN-2, SN-3)": a product, how many, and which units.</summary>
    public static string Units(string sku, decimal quantity, IReadOnlyList<string>? serials = null, IEnumerable<BatchQuantity>? batches = null)
    {
        var units = new List<string>();
        if (serials is { Count: > 0 }) units.Add(Serials(serials));
        units.AddRange((batches ?? []).Where(b => b.Batch is not null).Select(b => $"batch {b.Batch} × {Qty(b.Quantity)}"));
        return $"{sku} × {Qty(quantity)}{(units.Count == 0 ? "" : $" ({string.Join(", ", units)})")}";
    }

    public static string Lines(IEnumerable<string> lines) => string.Join("; ", lines);

    /// <summary>Up to four serials by name; more as the first two, the last, and how many.</summary>
    public static string Serials(IReadOnlyList<string> serials) =>
        serials.Count <= SerialsNamed
            ? string.Join(", ", serials)
            : $"{serials[0]}, {serials[1]}, … {serials[^1]}: {serials.Count} serials";

    public static string Count(decimal quantity, string one, string many) => $"{Qty(quantity)} {(quantity == 1 ? one : many)}";
}
