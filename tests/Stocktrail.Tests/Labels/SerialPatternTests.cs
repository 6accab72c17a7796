using Stocktrail.Domain;

namespace Stocktrail.Tests.Labels;

public sealed class SerialPatternTests
{
    [Theory]
    [InlineData("SN-{yyyy}-{00000}", 42, "SN-2026-00042")]
    [InlineData("{yy}{mm}/{000}", 7, "2603/007")]
    [InlineData("PUMP{0}", 9, "PUMP9")]
    public void A_pattern_makes_the_serial_for_a_counter_and_date(string pattern, long counter, string expected) =>
        Assert.Equal(expected, SerialPattern.Create(pattern).Format(counter, new DateOnly(2026, 3, 15)));

    [Theory]
    [InlineData("SN-{yyyy}", "needs a counter")]
    [InlineData("{000}-{000}", "2 counters")]
    [InlineData("SN-{dd}-{000}", "{dd}")]
    [InlineData("SN-{000", "never closed")]
    [InlineData("SN-}{000}", "no '{' before it")]
    [InlineData("", "needs a counter")]
    public void A_bad_pattern_is_refused_saying_what_is_wrong(string pattern, string expected)
    {
        Assert.False(SerialPattern.TryCreate(pattern, out _, out var problem));
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void A_pattern_whose_serials_would_be_too_long_is_refused() =>
        Assert.False(SerialPattern.TryCreate(new string('X', 60) + "{000000}", out _, out _));

    [Fact]
    public void A_counter_that_has_run_out_is_refused_not_widened()
    {
        var refused = Assert.Throws<StockRuleException>(() => SerialPattern.Create("A{00}").Format(100, new DateOnly(2026, 1, 1)));
        Assert.Contains("used all 99", refused.Message);
    }
}
