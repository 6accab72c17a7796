using Stocktrail.Domain;

namespace Stocktrail.Tests.Labels;

/// <summary>GS1 check digits and element strings, using examples of the GS1 General Specifications.</summary>
public sealed class Gs1Tests
{
    private const char GS = '\u001d';

    [Theory]
    [InlineData("09501101530003", "09501101530003")] // GS1 General Specifications' GTIN-14 example
    [InlineData("4006381333931", "04006381333931")]   // EAN-13
    [InlineData("036000291452", "00036000291452")]    // UPC-A
    [InlineData("96385074", "00000096385074")]        // EAN-8
    public void A_gtin_with_a_right_check_digit_is_kept_as_gtin_14(string text, string expected)
    {
        Assert.Equal(expected, Gtin.Normalise(text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("09501101530004", "check digit 4, but its GS1 check digit is 3")]
    [InlineData("4006381333932", "check digit 2, but its GS1 check digit is 1")]
    [InlineData("12345", "must be 8, 12, 13 or 14 digits")]
    [InlineData("0950110153000A", "must be 8, 12, 13 or 14 digits")]
    public void A_gtin_with_a_wrong_check_digit_or_length_is_refused_saying_why(string text, string expected)
    {
        Assert.Null(Gtin.Normalise(text, out var problem));
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void An_element_string_with_parentheses_is_read_into_gtin_expiry_batch_and_serial()
    {
        var data = Gs1.TryParse("(01)09501101530003(17)140704(10)AB-123(21)SN/77", 2026, out var problem)!;
        Assert.Null(problem);
        Assert.Equal("09501101530003", data.Gtin);
        Assert.Equal(new DateOnly(2014, 7, 4), data.ExpiresOn);
        Assert.Equal("AB-123", data.Batch);
        Assert.Equal("SN/77", data.Serial);
    }

    [Fact]
    public void An_element_string_as_a_scanner_sends_it_with_group_separators_is_read()
    {
        var data = Gs1.TryParse($"]d20109501101530003" + $"10AB-123{GS}21SN-0042", 2026, out var problem)!;
        Assert.Null(problem);
        Assert.Equal(("09501101530003", "AB-123", "SN-0042"), (data.Gtin, data.Batch, data.Serial));
    }

    [Fact]
    public void An_element_string_without_separators_is_split_by_the_fixed_length_ais()
    {
        // (01) and (17) have fixed lengths, so the only variable-length element may follow them with no separator.
        var data = Gs1.TryParse("010950110153000317251231" + "21ABC123", 2026, out var problem)!;
        Assert.Null(problem);
        Assert.Equal(("09501101530003", new DateOnly(2025, 12, 31), "ABC123"), (data.Gtin, data.ExpiresOn, data.Serial));
    }

    [Fact]
    public void A_leading_fnc1_sent_as_group_separator_is_ignored()
    {
        var data = Gs1.TryParse($"{GS}0109501101530003{GS}10LOT7", 2026, out _)!;
        Assert.Equal(("09501101530003", "LOT7"), (data.Gtin, data.Batch));
    }

    [Fact]
    public void Expiry_day_00_means_the_last_day_of_the_month_and_the_century_follows_the_sliding_window()
    {
        Assert.Equal(new DateOnly(2028, 2, 29), Gs1.TryParse("(01)09501101530003(17)280200", 2026, out _)!.ExpiresOn);
        Assert.Equal(new DateOnly(1999, 12, 31), Gs1.TryParse("(01)09501101530003(17)991231", 2026, out _)!.ExpiresOn);
    }

    [Fact]
    public void Measures_and_other_known_ais_are_stepped_over()
    {
        // The General Specifications' example of a net weight: (01)95012345678903(3103)000123.
        var data = Gs1.TryParse("0195012345678903310300012321X9", 2026, out var problem)!;
        Assert.Null(problem);
        Assert.Equal(("95012345678903", "X9"), (data.Gtin, data.Serial));
        Assert.Contains(("3103", "000123"), data.Elements);
    }

    [Theory]
    [InlineData("SN-2026-00001")]
    [InlineData("0123456789")]
    [InlineData("0195012345678904")] // a wrong GTIN check digit: not read as GS1 without a marker
    public void A_plain_serial_is_not_taken_for_an_element_string(string code)
    {
        Assert.Null(Gs1.TryParse(code, 2026, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void A_marked_element_string_that_does_not_parse_is_refused_saying_where()
    {
        Assert.Null(Gs1.TryParse($"0109501101530003{GS}77X", 2026, out var problem));
        Assert.Contains("does not know at character 18", problem);
        Assert.Null(Gs1.TryParse("(01)09501101530004(21)X", 2026, out problem));
        Assert.Contains("check digit", problem);
    }

    [Fact]
    public void What_a_scanner_transmits_puts_a_separator_only_after_variable_length_elements_that_are_not_last()
    {
        var elements = Gs1.Elements("09501101530003", new DateOnly(2027, 3, 1), "B1", "S1");
        Assert.Equal($"0109501101530003172703011" + $"0B1{GS}21S1", Gs1.Transmitted(elements));
        Assert.Equal("(01)09501101530003(17)270301(10)B1(21)S1", Gs1.HumanReadable(elements));
    }

    [Theory]
    [InlineData("SN/2026-01")]
    [InlineData("A!\"%&'()*+,-./:;<=>?_z")]
    public void Gs1_carries_character_set_82(string value) => Assert.Null(Gs1.CheckValue(value[..Math.Min(20, value.Length)], "Serial"));

    [Theory]
    [InlineData("SN 1", "' '")]
    [InlineData("Größe", "'ö'")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTU", "at most 20")]
    public void Gs1_refuses_what_character_set_82_lacks(string value, string expected) => Assert.Contains(expected, Gs1.CheckValue(value, "Serial"));
}
