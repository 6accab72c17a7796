using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Stocktrail.Domain;

/// <summary>
/// Expands the serials a user typed, pasted or scanned for one document line into the units they name.
/// Each item may hold several serials separated by line breaks or commas, a range <c>SN-0001..SN-0250</c> (same text
/// around a numeric part of the same width, inclusive), or one open range <c>SN-0301..</c> that fills the rest of the
/// line's quantity. Every bad item is reported, not only the first.
/// </summary>
public static partial class SerialList
{
    public sealed record Result(IReadOnlyList<SerialNumber> Serials, IReadOnlyList<string> Problems);

    /// <summary>More serials than one line can sensibly carry; the cap keeps a typo in a quantity from expanding without end.</summary>
    public const int MaxSerialsPerLine = 1_000_000;

    /// <summary>
    /// The most serials <paramref name="items"/> can expand to for a line of <paramref name="quantity"/>, counted without
    /// expanding anything: ranges only fill up to the line's quantity, so a line gives at most its quantity or the number
    /// of pieces its items hold, whichever is more (a line giving more than its quantity is refused anyway).
    /// </summary>
    public static decimal MostSerials(IEnumerable<string?>? items, decimal quantity)
    {
        var pieces = 0L;
        foreach (var item in items ?? [])
        {
            var text = item.AsSpan();
            pieces += 1 + text.Count(',') + text.Count('\n') + text.Count('\r');
        }
        return Math.Max(Math.Max(quantity, 0), pieces);
    }

    // The expansion of a list once made, so that the check before a document's transaction (SerialLimit) does the work
    // and the same list checked again inside the transaction costs nothing. Entries live as long as the list does; a
    // request's lists are not changed once bound.
    private static readonly ConditionalWeakTable<object, Expanded> Memo = new();

    private sealed record Expanded(decimal Quantity, Result Result);

    public static Result Expand(IEnumerable<string?>? items, decimal quantity)
    {
        if (items is null) return Compute(items, quantity);
        if (Memo.TryGetValue(items, out var known) && known.Quantity == quantity) return known.Result;
        var result = Compute(items, quantity);
        Memo.AddOrUpdate(items, new Expanded(quantity, result));
        return result;
    }

    private static Result Compute(IEnumerable<string?>? items, decimal quantity)
    {
        var serials = new List<SerialNumber>();
        var problems = new List<string>();
        string? openRange = null;
        if (quantity > MaxSerialsPerLine)
        {
            problems.Add($"A quantity of {quantity} is more serials than one line can take (at most {MaxSerialsPerLine:N0}); split it over several lines or receipts.");
            return new Result(serials, problems);
        }

        foreach (var piece in Split(items))
        {
            var dots = piece.IndexOf("..", StringComparison.Ordinal);
            if (dots < 0)
            {
                if (SerialNumber.TryCreate(piece, out var serial, out var error)) serials.Add(serial);
                else problems.Add(error!);
            }
            else if (dots == piece.Length - 2)
            {
                if (openRange is not null)
                    problems.Add($"Only one open range is allowed per line; '{openRange}' and '{piece}' were both given.");
                openRange = piece;
            }
            else
            {
                ExpandRange(piece, piece[..dots].Trim(), piece[(dots + 2)..].Trim(), quantity, serials, problems);
            }
        }

        if (openRange is not null)
        {
            var remaining = quantity - serials.Count;
            if (remaining < 1 || remaining != decimal.Truncate(remaining))
                problems.Add($"Open range '{openRange}' has nothing left to fill: the other serials already give {serials.Count} of {quantity}.");
            else
                FillOpenRange(openRange, openRange[..^2].Trim(), (long)remaining, serials, problems);
        }

        return new Result(serials, problems);
    }

    private static IEnumerable<string> Split(IEnumerable<string?>? items)
    {
        foreach (var item in items ?? [])
        {
            if (item is null)
            {
                yield return "";
                continue;
            }
            var pieces = item.Split([',', '\n', '\r'], StringSplitOptions.TrimEntries);
            // A single item is kept even when blank, so a blank serial is reported; pasted text drops empty lines.
            if (pieces.Length == 1)
            {
                yield return pieces[0];
                continue;
            }
            foreach (var piece in pieces.Where(p => p.Length > 0)) yield return piece;
        }
    }

    private static void ExpandRange(string range, string from, string to, decimal quantity, List<SerialNumber> serials, List<string> problems)
    {
        if (!TrySplitNumber(from, out var a) || !TrySplitNumber(to, out var b))
        {
            problems.Add($"Range '{range}' needs a numeric part at both ends, as in SN-0001..SN-0250.");
            return;
        }
        if (!string.Equals(a.Prefix, b.Prefix, StringComparison.OrdinalIgnoreCase) || !string.Equals(a.Suffix, b.Suffix, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"Range '{range}' has different text around its numbers ('{a.Prefix}…{a.Suffix}' and '{b.Prefix}…{b.Suffix}'); both ends must differ only in the number.");
            return;
        }
        if (a.Digits.Length != b.Digits.Length)
        {
            problems.Add($"Range '{range}' has numbers of different widths ({a.Digits.Length} and {b.Digits.Length} digits); write both ends with the same number of digits, as in SN-0001..SN-0250.");
            return;
        }
        var start = BigInteger.Parse(a.Digits, CultureInfo.InvariantCulture);
        var end = BigInteger.Parse(b.Digits, CultureInfo.InvariantCulture);
        if (end < start)
        {
            problems.Add($"Range '{range}' is backwards: its end comes before its start.");
            return;
        }
        var count = end - start + 1;
        // Bounded by what the line has left, not by its whole quantity: many ranges each as large as the quantity
        // would otherwise expand to many times it before the count is compared.
        if (count > (BigInteger)Math.Max(quantity - serials.Count, 0))
        {
            problems.Add(serials.Count == 0
                ? $"Range '{range}' gives {count} serials, more than the line's quantity of {quantity}."
                : $"Range '{range}' gives {count} serials; with the {serials.Count} before it, that is more than the line's quantity of {quantity}.");
            return;
        }
        AddNumbers(a, start, (long)count, serials, problems);
    }

    private static void FillOpenRange(string range, string from, long count, List<SerialNumber> serials, List<string> problems)
    {
        if (!TrySplitNumber(from, out var a))
        {
            problems.Add($"Open range '{range}' needs a numeric part to count from, as in SN-0301..");
            return;
        }
        var start = BigInteger.Parse(a.Digits, CultureInfo.InvariantCulture);
        var last = start + count - 1;
        if (last.ToString(CultureInfo.InvariantCulture).Length > a.Digits.Length)
        {
            problems.Add($"Open range '{range}' would need {count} serials, more than its {a.Digits.Length} digits can number from {a.Digits}.");
            return;
        }
        AddNumbers(a, start, count, serials, problems);
    }

    private static void AddNumbers(NumberedText text, BigInteger start, long count, List<SerialNumber> serials, List<string> problems)
    {
        for (long i = 0; i < count; i++)
        {
            var number = (start + i).ToString(CultureInfo.InvariantCulture).PadLeft(text.Digits.Length, '0');
            var candidate = text.Prefix + number + text.Suffix;
            if (SerialNumber.TryCreate(candidate, out var serial, out var error)) serials.Add(serial);
            else
            {
                problems.Add(error!);
                return;
            }
        }
    }

    /// <summary>
    /// Serials in the order given, with each run of consecutive ones (same text around a numeric part of the same
    /// width, each one more than the last) written as the range <c>first..last</c> that <see cref="Expand"/> reads
    /// back: a delivery note's 100,000 serials received as one range print as one line.
    /// </summary>
    public static IReadOnlyList<string> Compact(IEnumerable<string> serials)
    {
        var items = new List<string>();
        string? first = null, last = null;
        NumberedText lastParts = default;
        BigInteger lastNumber = default;
        var lastNumbered = false;
        void Close()
        {
            if (first is not null) items.Add(ReferenceEquals(first, last) ? first : $"{first}..{last}");
        }
        foreach (var serial in serials)
        {
            var numbered = TrySplitNumber(serial, out var parts);
            var number = numbered ? BigInteger.Parse(parts.Digits, CultureInfo.InvariantCulture) : default;
            if (numbered && lastNumbered && parts.Digits.Length == lastParts.Digits.Length && number == lastNumber + 1
                && parts.Prefix == lastParts.Prefix && parts.Suffix == lastParts.Suffix)
                last = serial;
            else
            {
                Close();
                first = last = serial;
            }
            (lastParts, lastNumber, lastNumbered) = (parts, number, numbered);
        }
        Close();
        return items;
    }

    private readonly record struct NumberedText(string Prefix, string Digits, string Suffix);

    private static bool TrySplitNumber(string text, out NumberedText parts)
    {
        var match = LastNumber().Match(text);
        parts = match.Success
            ? new NumberedText(text[..match.Index], match.Value, text[(match.Index + match.Length)..])
            : default;
        return match.Success;
    }

    [GeneratedRegex(@"\d+(?=\D*$)")]
    private static partial Regex LastNumber();
}
