using Stocktrail.Domain;

namespace Stocktrail.Tests.Domain;

public sealed class WarrantyTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void Warranty_runs_from_the_dispatch_day_for_the_months_given() =>
        Assert.Equal(new DateOnly(2027, 3, 15), Warranty.Until(new DateTime(2026, 3, 15, 10, 0, 0, DateTimeKind.Utc), 12, TimeZoneInfo.Utc));

    [Fact]
    public void A_dispatch_late_in_the_evening_in_utc_counts_from_the_next_day_where_the_business_already_is() =>
        Assert.Equal(new DateOnly(2027, 1, 1), Warranty.Until(new DateTime(2025, 12, 31, 23, 30, 0, DateTimeKind.Utc), 12, Berlin));

    [Fact]
    public void A_dispatch_on_the_last_day_of_a_long_month_runs_to_the_last_day_of_a_short_one() =>
        Assert.Equal(new DateOnly(2027, 2, 28), Warranty.Until(new DateTime(2027, 1, 31, 12, 0, 0, DateTimeKind.Utc), 1, TimeZoneInfo.Utc));

    [Fact]
    public void A_unit_is_under_warranty_through_the_end_of_its_last_day_in_the_business_time_zone()
    {
        var until = new DateOnly(2027, 6, 30);
        Assert.True(Warranty.Covers(until, new DateTime(2027, 6, 30, 21, 59, 0, DateTimeKind.Utc), Berlin));
        Assert.False(Warranty.Covers(until, new DateTime(2027, 6, 30, 22, 0, 0, DateTimeKind.Utc), Berlin));
        Assert.True(Warranty.Covers(until, new DateTime(2027, 6, 30, 23, 59, 0, DateTimeKind.Utc), TimeZoneInfo.Utc));
    }
}
