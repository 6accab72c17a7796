using System.Globalization;

namespace Stocktrail.Web;

/// <summary>
/// The business's time zone (setting <c>Stocktrail:TimeZone</c>, an IANA id such as <c>Europe/Berlin</c>; UTC unless
/// set): the pages show every time in it and read a typed day as that day there. The database keeps UTC throughout.
/// </summary>
public sealed class BusinessTime
{
    public const string Setting = "Stocktrail:TimeZone";

    public BusinessTime(IConfiguration configuration)
    {
        var id = configuration[Setting];
        if (string.IsNullOrWhiteSpace(id)) Zone = TimeZoneInfo.Utc;
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone))
            throw new InvalidOperationException($"The time zone '{id}' in {Setting} is not known; use an IANA id such as Europe/Berlin or America/New_York.");
        else Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>How the pages name the zone beside a time: its IANA id (UTC when none is set).</summary>
    public string ZoneName => Zone == TimeZoneInfo.Utc ? "UTC" : Zone.Id;

    /// <summary>The business's day at that moment, as the expiry rule counts days (<see cref="Domain.ExpiryRule"/>).</summary>
    public DateOnly Today(DateTime utcNow) => Domain.ExpiryRule.Today(utcNow, Zone);

    public DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>A moment as the pages show it, in the business's time zone.</summary>
    public string When(DateTime utc) => Local(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public string When(DateTime? utc) => utc is { } at ? When(at) : "";

    /// <summary>The start of a day typed in a form (a date without time), as that day begins in the business's zone.</summary>
    public DateTimeOffset StartOfDay(DateTime day)
    {
        var local = DateTime.SpecifyKind(day.Date, DateTimeKind.Unspecified);
        // A day that begins in a gap (a clock change at midnight) begins at the first moment that exists.
        while (Zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Zone), TimeSpan.Zero);
    }
}
