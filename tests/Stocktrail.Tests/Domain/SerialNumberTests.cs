using Stocktrail.Domain;

namespace Stocktrail.Tests.Domain;

public sealed class SerialNumberTests
{
    [Fact]
    public void A_serial_is_trimmed_and_kept_in_its_letter_case()
    {
        var serial = SerialNumber.Create("  aBc-1\t");

        Assert.Equal("aBc-1", serial.Value);
        Assert.Equal("ABC-1", serial.Key);
    }

    [Fact]
    public void Serials_compare_without_regard_to_case_or_surrounding_space()
    {
        Assert.Equal(SerialNumber.Create("sn-1"), SerialNumber.Create(" SN-1 "));
        Assert.True(SerialNumber.Create("sn-1") == SerialNumber.Create("Sn-1"));
        Assert.Equal(SerialNumber.Create("sn-1").GetHashCode(), SerialNumber.Create("SN-1").GetHashCode());
        Assert.NotEqual(SerialNumber.Create("SN-1"), SerialNumber.Create("SN-01"));
    }

    [Theory]
    [InlineData(null, "blank")]
    [InlineData("", "blank")]
    [InlineData("   ", "blank")]
    [InlineData("A\u0000B", "control character")]
    [InlineData("A\tB", "control character")]
    [InlineData("A\u007fB", "control character")]
    public void Blank_and_control_character_serials_are_refused(string? text, string reason)
    {
        Assert.False(SerialNumber.TryCreate(text, out _, out var error));
        Assert.Contains(reason, error);
        var refused = Assert.Throws<StockRuleException>(() => SerialNumber.Create(text!));
        Assert.Equal(ProblemKind.Invalid, refused.Kind);
    }

    [Fact]
    public void A_serial_has_at_most_64_characters_after_trimming()
    {
        Assert.True(SerialNumber.TryCreate(" " + new string('a', 64) + " ", out var longest, out _));
        Assert.Equal(64, longest.Value.Length);

        Assert.False(SerialNumber.TryCreate(new string('a', 65), out _, out var error));
        Assert.Contains("65 characters", error);
        Assert.Contains("at most 64", error);
    }

    [Fact]
    public void A_too_long_serial_shorter_than_the_quoted_part_is_reported_without_failing()
    {
        // The message quotes the start of the serial; the start must never be longer than the serial itself.
        Assert.False(SerialNumber.TryCreate(new string('b', 100), out _, out var error));
        Assert.Contains("100 characters", error);
    }
}

public sealed class LookalikeCodeTests
{
    [Theory]
    [InlineData("SN-0001\u200b")]
    [InlineData("\u202eSN-0002")]
    [InlineData("SN-0003\u00ad")]
    [InlineData("SN-\u2060-0004")]
    [InlineData("SN-\U000E0041-5")]
    public void Serials_and_batch_codes_with_invisible_format_characters_are_refused(string text)
    {
        Assert.False(SerialNumber.TryCreate(text, out _, out var error));
        Assert.Contains("invisible formatting character", error);
        Assert.Contains("\\u", error);
        Assert.Contains("invisible formatting character", TrackingCode.Check(text, "batch code"));
    }

    [Fact]
    public void A_serial_typed_with_a_combining_accent_is_the_same_serial_as_the_composed_one()
    {
        var composed = SerialNumber.Create("CAF\u00c9-1");
        var decomposed = SerialNumber.Create("cafe\u0301-1");

        Assert.Equal(composed, decomposed);
        Assert.Equal(composed.Key, decomposed.Key);
        Assert.Equal("cafe\u0301-1", decomposed.Value);
        Assert.Equal(TrackingCode.Key("CAFE\u0301-1"), composed.Key);
    }
}
