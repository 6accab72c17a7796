using Stocktrail.Domain;

namespace Stocktrail.Tests.Domain;

public sealed class SerialListTests
{
    private static string[] Values(SerialList.Result result) => result.Serials.Select(s => s.Value).ToArray();

    [Fact]
    public void A_range_expands_inclusively_keeping_the_width()
    {
        var result = SerialList.Expand(["SN-0098..SN-0102"], 5);

        Assert.Empty(result.Problems);
        Assert.Equal(["SN-0098", "SN-0099", "SN-0100", "SN-0101", "SN-0102"], Values(result));
    }

    [Fact]
    public void A_range_may_have_text_after_its_number_and_ends_that_differ_in_case()
    {
        var result = SerialList.Expand(["ab-08-x..AB-10-X"], 3);

        Assert.Empty(result.Problems);
        Assert.Equal(["ab-08-x", "ab-09-x", "ab-10-x"], Values(result));
    }

    [Fact]
    public void A_range_of_one_is_one_serial()
    {
        var result = SerialList.Expand(["Z-5..Z-5"], 1);

        Assert.Empty(result.Problems);
        Assert.Equal(["Z-5"], Values(result));
    }

    [Fact]
    public void An_open_range_fills_what_the_other_items_leave()
    {
        var result = SerialList.Expand(["SN-0301..", "A", "B"], 5);

        Assert.Empty(result.Problems);
        Assert.Equal(["A", "B", "SN-0301", "SN-0302", "SN-0303"], Values(result));
    }

    [Fact]
    public void Pasted_text_is_split_on_commas_and_line_breaks_dropping_empty_lines()
    {
        var result = SerialList.Expand(["A, B\r\nC\n\n D ,", "E"], 5);

        Assert.Empty(result.Problems);
        Assert.Equal(["A", "B", "C", "D", "E"], Values(result));
    }

    [Fact]
    public void Ranges_inside_pasted_text_are_expanded()
    {
        var result = SerialList.Expand(["X-1..X-3, Y-7"], 4);

        Assert.Empty(result.Problems);
        Assert.Equal(["X-1", "X-2", "X-3", "Y-7"], Values(result));
    }

    [Theory]
    [InlineData("SN-10..SN-2")]
    [InlineData("SN-20..SN-12")]
    [InlineData("A1..B9")]
    [InlineData("SN-1..SN-0010")]
    [InlineData("SN-A..SN-B")]
    [InlineData("..")]
    [InlineData("A..")]
    [InlineData("9..")]
    public void Malformed_ranges_are_reported_by_name(string range)
    {
        var result = SerialList.Expand([range], 3);

        var problem = Assert.Single(result.Problems);
        Assert.Contains($"'{range}'", problem);
        Assert.Empty(result.Serials);
    }

    [Fact]
    public void Every_bad_item_is_reported_not_only_the_first()
    {
        var result = SerialList.Expand(["", "A1..B9", new string('x', 65), "OK", "C\u0007D", "SN-9..SN-1"], 6);

        Assert.Equal(5, result.Problems.Count);
        Assert.Equal(["OK"], Values(result));
    }

    [Fact]
    public void A_range_larger_than_the_quantity_is_refused_before_it_is_expanded()
    {
        var result = SerialList.Expand(["N-000000000001..N-999999999999"], 10);

        Assert.Single(result.Problems);
        Assert.Empty(result.Serials);
    }

    [Fact]
    public void An_open_range_on_a_huge_quantity_is_refused_rather_than_expanded()
    {
        var result = SerialList.Expand(["N-0000000000000000000000001.."], 1e25m);

        Assert.NotEmpty(result.Problems);
        Assert.Empty(result.Serials);
    }

    [Fact]
    public void A_null_item_is_a_blank_serial()
    {
        var result = SerialList.Expand(["A", null], 2);

        Assert.Contains(result.Problems, p => p.Contains("blank", StringComparison.Ordinal));
    }

    [Fact]
    public void Many_ranges_together_never_expand_past_the_line_quantity()
    {
        var result = SerialList.Expand(["A-000..A-999", "B-000..B-999", "C-000..C-999"], 1000);

        Assert.True(result.Serials.Count <= 1000, $"{result.Serials.Count} serials were expanded for a quantity of 1000.");
        Assert.Contains(result.Problems, p => p.Contains("'B-000..B-999'") && p.Contains("more than the line's quantity of 1000"));
        Assert.Contains(result.Problems, p => p.Contains("'C-000..C-999'"));
    }

    [Fact]
    public void Consecutive_serials_compact_to_ranges_that_expand_back_to_the_same_serials_in_order()
    {
        string[] serials = ["SN-0098", "SN-0099", "SN-0100", "SN-0102", "LOOSE", "A7x", "A8x", "A9x", "A10x", "B-01", "C-02", "C-03"];

        var compact = SerialList.Compact(serials);

        Assert.Equal(["SN-0098..SN-0100", "SN-0102", "LOOSE", "A7x..A9x", "A10x", "B-01", "C-02..C-03"], compact);
        Assert.Equal(serials, Values(SerialList.Expand(compact.ToList(), serials.Length)));
    }
}
