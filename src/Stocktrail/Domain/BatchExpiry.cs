using System.Globalization;

namespace Stocktrail.Domain;

/// <summary>
/// The one expiry date of a batch of a product (whatever warehouses hold it). <see cref="NoticeSentFor"/> is the date
/// the "batch.expiring" event was last sent for, so that the notice goes out once per date (a changed date is told again).
/// </summary>
public sealed class BatchExpiry
{
    private BatchExpiry() { }

    public BatchExpiry(int productId, string batch, DateOnly expiresOn)
    {
        ProductId = productId;
        Batch = batch;
        BatchKey = TrackingCode.Key(batch);
        ExpiresOn = expiresOn;
    }

    public int ProductId { get; private set; }
    public string Batch { get; private set; } = "";
    public string BatchKey { get; private set; } = "";
    public DateOnly ExpiresOn { get; private set; }
    public DateOnly? NoticeSentFor { get; private set; }
}

/// <summary>
/// The rule for the last day, the same everywhere: a batch is usable through the end of its expiry day in the
/// business's time zone, and expired from the first moment of the next day there.
/// </summary>
public static class ExpiryRule
{
    /// <summary>The business's day at <paramref name="utcNow"/>.</summary>
    public static DateOnly Today(DateTime utcNow, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), zone));

    public static bool IsExpired(DateOnly expiresOn, DateOnly today) => today > expiresOn;

    /// <summary>Days from today to the expiry day: 0 on the last usable day, negative once expired.</summary>
    public static int DaysLeft(DateOnly expiresOn, DateOnly today) => expiresOn.DayNumber - today.DayNumber;

    public static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The refusal of using or dispatching an expired batch, naming it and its date.</summary>
    public static string Refusal(string at, string batch, DateOnly expiresOn, string verb) =>
        $"{at}: batch {batch} expired on {Text(expiresOn)} (usable through the end of that day); an expired batch cannot be {verb}. Write it off, transfer it or return it to the supplier instead.";
}

/// <summary>How the stock of a batch line is chosen when the request names no batches.</summary>
public enum BatchPick
{
    /// <summary>First expired, first out: the earliest-expiring usable batches, then those without a date, oldest first.</summary>
    Fefo,
}
