namespace Stocktrail.Domain;

/// <summary>
/// A product's stock-keeping code: the code rules of <see cref="TrackingCode"/>, kept as first entered (trimmed) and
/// compared by its <see cref="Key"/>. A default <c>Sku</c> is never made from input: only <see cref="TryCreate"/> makes one.
/// </summary>
public readonly record struct Sku
{
    private Sku(string value) => Value = value;

    public string Value { get; }

    /// <summary>What SKUs are unique by: <see cref="TrackingCode.Key"/>.</summary>
    public string Key => TrackingCode.Key(Value ?? "");

    public static bool TryCreate(string? text, out Sku sku, out string? error)
    {
        error = TrackingCode.Check(text, "SKU");
        sku = error is null ? new Sku(text!.Trim()) : default;
        return error is null;
    }

    public static Sku Create(string? text) => TryCreate(text, out var sku, out var error) ? sku : throw StockRuleException.Invalid(error!);

    /// <summary>For what the database already holds: it was checked when it was stored, and is read back as it is.</summary>
    public static Sku FromStored(string value) => new(value);

    public override string ToString() => Value ?? "";
    public static implicit operator string(Sku sku) => sku.ToString();
    public bool Equals(Sku other) => string.Equals(Key, other.Key, StringComparison.Ordinal);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);
}

/// <summary>A batch code: the code rules of <see cref="TrackingCode"/>, kept as first entered, compared by its key.</summary>
public readonly record struct BatchCode
{
    private BatchCode(string value) => Value = value;

    public string Value { get; }

    public string Key => TrackingCode.Key(Value ?? "");

    public static bool TryCreate(string? text, out BatchCode code, out string? error)
    {
        error = TrackingCode.Check(text, "batch code");
        code = error is null ? new BatchCode(text!.Trim()) : default;
        return error is null;
    }

    public static BatchCode Create(string? text) => TryCreate(text, out var code, out var error) ? code : throw StockRuleException.Invalid(error!);

    public override string ToString() => Value ?? "";
    public static implicit operator string(BatchCode code) => code.ToString();
    public bool Equals(BatchCode other) => string.Equals(Key, other.Key, StringComparison.Ordinal);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);
}

/// <summary>
/// How many units a document line moves or orders: more than zero, within what the database keeps exactly
/// (<see cref="Amounts"/>). Never clamped: a bad quantity is refused with the reason.
/// </summary>
public readonly record struct Quantity
{
    private Quantity(decimal value) => Value = value;

    public decimal Value { get; }

    public static bool TryCreate(decimal value, out Quantity quantity, out string? error, string what = "The quantity")
    {
        error = Amounts.Check(value, what) ?? (value <= 0 ? $"{Lower(what)} must be more than zero (was {value})." : null);
        quantity = error is null ? new Quantity(value) : default;
        return error is null;
    }

    public static Quantity Create(decimal value, string what = "The quantity") =>
        TryCreate(value, out var quantity, out var error, what) ? quantity : throw StockRuleException.Invalid(error!);

    /// <summary>For what the database already holds.</summary>
    public static Quantity FromStored(decimal value) => new(value);

    public bool IsWhole => Value == decimal.Truncate(Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public static implicit operator decimal(Quantity quantity) => quantity.Value;

    private static string Lower(string what) => char.ToLowerInvariant(what[0]) + what[1..];
}

/// <summary>
/// An amount of money a user gives (a unit cost, a price, a landed cost): zero or more, within what the database keeps
/// exactly (<see cref="Amounts"/>). Values Stocktrail works out itself are rounded by <see cref="Amounts.Round"/>.
/// </summary>
public readonly record struct Money
{
    private Money(decimal value) => Value = value;

    public decimal Value { get; }

    public static bool TryCreate(decimal value, out Money money, out string? error, string what = "The amount")
    {
        error = Amounts.Check(value, what) ?? (value < 0 ? $"{what} cannot be negative (was {value})." : null);
        money = error is null ? new Money(value) : default;
        return error is null;
    }

    public static Money Create(decimal value, string what = "The amount") =>
        TryCreate(value, out var money, out var error, what) ? money : throw StockRuleException.Invalid(error!);

    /// <summary>For what the database already holds.</summary>
    public static Money FromStored(decimal value) => new(value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public static implicit operator decimal(Money money) => money.Value;
}
