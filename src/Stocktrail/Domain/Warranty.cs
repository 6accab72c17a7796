namespace Stocktrail.Domain;

/// <summary>
/// A unit's warranty runs from the day of its latest dispatch to a customer, that day as the business's time zone
/// has it, for the product's warranty months: <see cref="Until"/> is the last day covered (a dispatch on 31 January
/// with one month runs to 28 or 29 February), and the unit is under warranty through the end of that day.
/// </summary>
public static class Warranty
{
    /// <summary>Fifty years: more is a typing mistake, not a warranty.</summary>
    public const int MaxMonths = 600;

    public static string Refusal(int months) =>
        $"warrantyMonths must be a whole number of months from 0 (no warranty) to {MaxMonths}; {months} is not.";

    public static DateOnly Until(DateTime dispatchedAtUtc, int months, TimeZoneInfo zone) =>
        Day(dispatchedAtUtc, zone).AddMonths(months);

    public static bool Covers(DateOnly until, DateTime nowUtc, TimeZoneInfo zone) => Day(nowUtc, zone) <= until;

    private static DateOnly Day(DateTime utc, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));
}
