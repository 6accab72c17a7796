using Stocktrail.Domain;

namespace Stocktrail.Tests.Domain;

/// <summary>The one rule for the last day: usable through the end of the expiry day in the business's time zone.</summary>
public sealed class ExpiryRuleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly DateOnly ExpiresOn = new(2026, 12, 1);

    [Theory]
    [InlineData("2026-12-01T22:59:59Z", false)] // 23:59:59 on the 1st in Berlin: the last moment of the last day
    [InlineData("2026-12-01T23:00:00Z", true)]  // midnight of the 2nd in Berlin, still the 1st in UTC
    [InlineData("2026-11-30T23:30:00Z", false)] // already the 1st in Berlin
    public void A_batch_expires_at_the_end_of_its_day_in_the_business_time_zone(string utc, bool expired)
    {
        var today = ExpiryRule.Today(DateTime.Parse(utc, null, System.Globalization.DateTimeStyles.AdjustToUniversal), Berlin);
        Assert.Equal(expired, ExpiryRule.IsExpired(ExpiresOn, today));
    }

    [Fact]
    public void Days_left_is_zero_on_the_last_day_and_negative_once_expired()
    {
        Assert.Equal(0, ExpiryRule.DaysLeft(ExpiresOn, ExpiresOn));
        Assert.Equal(3, ExpiryRule.DaysLeft(ExpiresOn, ExpiresOn.AddDays(-3)));
        Assert.Equal(-2, ExpiryRule.DaysLeft(ExpiresOn, ExpiresOn.AddDays(2)));
    }
}
