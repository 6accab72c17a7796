using System.Globalization;
using Stocktrail.Domain;

namespace Stocktrail.Web;

/// <summary>What users type into the web forms, turned into the shapes the handlers take, and numbers as pages show them.</summary>
public static class FormText
{
    /// <summary>The serial box's text as one item: the handlers split it on lines and commas and expand its ranges.</summary>
    public static IReadOnlyList<string?>? Serials(string? text) => string.IsNullOrWhiteSpace(text) ? null : [text];

    /// <summary>
    /// Batches typed as <c>LOT-A: 10, LOT-B 5</c> (one per line or comma); a single code without a quantity takes the
    /// whole line. Returns null and a reason when a piece cannot be read.
    /// </summary>
    public static IReadOnlyList<BatchQuantity>? Batches(string? text, decimal? lineQuantity, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return null;
        var pieces = text.Split([',', ';', '\n', '\r'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var batches = new List<BatchQuantity>();
        foreach (var text0 in pieces)
        {
            // Where batches enter stock each may carry its expiry date: "LOT-A: 10 exp 2027-03-31".
            var piece = text0;
            DateOnly? expiresOn = null;
            var exp = piece.LastIndexOf(" exp ", StringComparison.OrdinalIgnoreCase);
            if (exp > 0)
            {
                if (!DateOnly.TryParseExact(piece[(exp + 5)..].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    error = $"Batch '{text0}': the expiry date after 'exp' is not a date YYYY-MM-DD, as in LOT-A: 10 exp 2027-03-31.";
                    return null;
                }
                (piece, expiresOn) = (piece[..exp].Trim(), date);
            }
            var cut = piece.LastIndexOfAny([':', ' ', '\t', '=']);
            if (cut > 0 && decimal.TryParse(piece[(cut + 1)..], NumberStyles.Number, CultureInfo.InvariantCulture, out var quantity))
                batches.Add(new BatchQuantity(piece[..cut].Trim().TrimEnd(':', '=').Trim(), quantity, expiresOn));
            else if (pieces.Length == 1 && lineQuantity is { } whole)
                batches.Add(new BatchQuantity(piece, whole, expiresOn));
            else
            {
                error = $"Batch '{piece}' needs its quantity, as in LOT-A: 10.";
                return null;
            }
        }
        return batches;
    }

    public static string BatchText(IEnumerable<BatchQuantity> batches) =>
        string.Join(", ", batches.Select(b => $"{b.Batch}: {Qty(b.Quantity)}"));

    public static string Qty(decimal quantity) => quantity.ToString("0.####", CultureInfo.InvariantCulture);

    public static string Money(decimal amount) => amount.ToString("#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>An enum value in a stock controller's words: <c>PartiallyReceived</c> → "Partially received", <c>NonStock</c> → "Non-stock".</summary>
    public static string Words<T>(T value) where T : struct, Enum => Words(value.ToString());

    public static string Words(string name)
    {
        if (name == "NonStock") return "Non-stock";
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c)) text.Append(' ').Append(char.ToLowerInvariant(c));
            else text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>
    /// The quantity of a line: as typed, or, left blank, the number of serials given (so chosen serials are the
    /// quantity). An open range (<c>SN-0301..</c>) fills the line's quantity, so it needs one typed: it stays blank.
    /// </summary>
    public static decimal? QuantityOrSerials(decimal? typed, string? serials)
    {
        if (typed is not null || string.IsNullOrWhiteSpace(serials)) return typed;
        if (serials.Split([',', '\n', '\r']).Any(p => p.TrimEnd().EndsWith("..", StringComparison.Ordinal))) return null;
        return SerialList.Expand([serials], SerialList.MaxSerialsPerLine).Serials.Count;
    }

    /// <summary>In UTC; pages show times with <see cref="BusinessTime.When(DateTime)"/>, in the business's time zone.</summary>
    public static string When(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The page of a document a ledger row came from.</summary>
    public static string? DocumentUrl(SourceType type, int id) => type switch
    {
        SourceType.PurchaseOrder => $"/purchase-orders/{id}",
        SourceType.Project => $"/projects/{id}",
        SourceType.ProductionJob => $"/production-jobs/{id}",
        SourceType.StockSale => $"/sales/{id}",
        SourceType.StockAdjustment => $"/adjustments/{id}",
        SourceType.StockTransfer => $"/transfers/{id}",
        SourceType.StockTake => $"/stock-takes/{id}",
        _ => null,
    };

    public static string SerialUrl(int productId, string serial) => $"/products/{productId}/serials/{Uri.EscapeDataString(serial)}";
}
