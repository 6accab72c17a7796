using System.Globalization;
using System.Text;

namespace Stocktrail.Domain;

/// <summary>
/// The text rules shared by serial numbers, batch codes and SKUs: trimmed, 1 to 64 characters, no control characters
/// and no invisible format characters, compared in Unicode normal form C without regard to letter case, kept as first
/// entered.
/// </summary>
public static class TrackingCode
{
    public const int MaxLength = 64;

    /// <summary>
    /// What codes are compared and stored unique by. Normal form C first, so that an accented letter typed as one
    /// character or as a letter and a combining mark is the same code.
    /// </summary>
    public static string Key(string text) => text.Trim().Normalize(NormalizationForm.FormC).ToUpperInvariant();

    /// <summary>The reason the text cannot be a code, or null when it can.</summary>
    public static string? Check(string? text, string what)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0) return $"A blank {what} was given.";
        if (trimmed.Length > MaxLength)
            return $"{Capitalise(what)} '{trimmed[..20]}…' is {trimmed.Length} characters long; at most {MaxLength} are allowed.";
        if (trimmed.Any(char.IsControl))
            return $"{Capitalise(what)} '{Printable(trimmed)}' contains a control character.";
        // Zero-width spaces, soft hyphens, direction marks: a code holding one looks exactly like another code, so two
        // labels that read the same would be two units.
        if (trimmed.EnumerateRunes().FirstOrDefault(IsInvisible) is { Value: not 0 } invisible)
            return $"{Capitalise(what)} '{Printable(trimmed)}' contains an invisible formatting character (U+{invisible.Value:X4}); type it without.";
        return null;
    }

    private static bool IsInvisible(Rune rune) => Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format;

    private static string Capitalise(string what) => char.ToUpperInvariant(what[0]) + what[1..];

    /// <summary>The text with what cannot be seen written as <c>\uXXXX</c>, so the message shows where it is.</summary>
    public static string Printable(string text) =>
        string.Concat(text.EnumerateRunes().Select(r => Rune.IsControl(r) || IsInvisible(r) ? $"\\u{r.Value:x4}" : r.ToString()));
}

/// <summary>One unit's serial number: unique per product, compared trimmed and case-insensitively.</summary>
public readonly struct SerialNumber : IEquatable<SerialNumber>
{
    private SerialNumber(string value)
    {
        Value = value;
        Key = TrackingCode.Key(value);
    }

    /// <summary>As first entered, without surrounding white space.</summary>
    public string Value { get; }

    /// <summary>What two serials are compared by: the upper-case text in normal form C (<see cref="TrackingCode.Key"/>).</summary>
    public string Key { get; }

    public static SerialNumber Create(string text) =>
        TryCreate(text, out var serial, out var error) ? serial : throw StockRuleException.Invalid(error!);

    public static bool TryCreate(string? text, out SerialNumber serial, out string? error)
    {
        error = TrackingCode.Check(text, "serial");
        serial = error is null ? new SerialNumber(text!.Trim()) : default;
        return error is null;
    }

    public bool Equals(SerialNumber other) => string.Equals(Key, other.Key, StringComparison.Ordinal);
    public override bool Equals(object? obj) => obj is SerialNumber other && Equals(other);
    public override int GetHashCode() => Key is null ? 0 : StringComparer.Ordinal.GetHashCode(Key);
    public override string ToString() => Value;
    public static bool operator ==(SerialNumber left, SerialNumber right) => left.Equals(right);
    public static bool operator !=(SerialNumber left, SerialNumber right) => !left.Equals(right);
}
