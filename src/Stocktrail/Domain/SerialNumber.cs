namespace Stocktrail.Domain;

/// <summary>
/// The text rules shared by serial numbers and batch codes: trimmed, 1 to 64 characters, no control characters,
/// compared without regard to letter case, kept as first entered.
/// </summary>
public static class TrackingCode
{
    public const int MaxLength = 64;

    public static string Key(string text) => text.Trim().ToUpperInvariant();

    /// <summary>The reason the text cannot be a code, or null when it can.</summary>
    public static string? Check(string? text, string what)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0) return $"A blank {what} was given.";
        if (trimmed.Length > MaxLength)
            return $"{Capitalise(what)} '{trimmed[..20]}…' is {trimmed.Length} characters long; at most {MaxLength} are allowed.";
        if (trimmed.Any(char.IsControl))
            return $"{Capitalise(what)} '{Printable(trimmed)}' contains a control character.";
        return null;
    }

    private static string Capitalise(string what) => char.ToUpperInvariant(what[0]) + what[1..];

    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}

/// <summary>One unit's serial number: unique per product, compared trimmed and case-insensitively.</summary>
public readonly struct SerialNumber : IEquatable<SerialNumber>
{
    private SerialNumber(string value) => Value = value;

    /// <summary>As first entered, without surrounding white space.</summary>
    public string Value { get; }

    /// <summary>What two serials are compared by: the upper-case text.</summary>
    public string Key => Value.ToUpperInvariant();

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
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);
    public override string ToString() => Value;
    public static bool operator ==(SerialNumber left, SerialNumber right) => left.Equals(right);
    public static bool operator !=(SerialNumber left, SerialNumber right) => !left.Equals(right);
}
