using System.Net;
using Stocktrail.Tests.Infrastructure;
using static Stocktrail.Tests.Infrastructure.ReceivingApi;

namespace Stocktrail.Tests.Receiving;

/// <summary>How serials are given on a receipt: lists, pasted text, ranges, and every way they can be wrong.</summary>
public sealed class ReceivingSerialEntryTests(StocktrailFactory factory) : ApiTest(factory)
{
    private async Task<(int Product, int Order, int[] Lines)> SerialOrder(decimal quantity, int lines = 1)
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, ids) = await Api.ApprovedOrder(warehouse, Enumerable.Repeat((product, quantity, 4m), lines).ToArray());
        return (product, order, ids);
    }

    private async Task<string[]> SerialsOf(int product) =>
        (await Api.Serials(product)).Select(s => (string)s["serial"]!).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task A_range_receives_every_serial_in_it()
    {
        var (product, order, lines) = await SerialOrder(250);

        await Api.Receive(order, Line(lines[0], 250, "SN-0001..SN-0250"));

        var serials = await SerialsOf(product);
        Assert.Equal(250, serials.Length);
        Assert.Equal("SN-0001", serials[0]);
        Assert.Equal("SN-0250", serials[^1]);
        Assert.Equal(250m, await Api.OnHand(product));
        Assert.Equal(1000m, (decimal)(await Api.Stock(product))["value"]!);
        Assert.Equal(250, (await Api.Movements(product)).Count);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task An_open_range_fills_the_rest_of_the_quantity()
    {
        var (product, order, lines) = await SerialOrder(10);

        await Api.Receive(order, Line(lines[0], 10, "X-1", "SN-0301..", "X-2"));

        var serials = await SerialsOf(product);
        Assert.Equal(new[] { "SN-0301", "SN-0302", "SN-0303", "SN-0304", "SN-0305", "SN-0306", "SN-0307", "SN-0308", "X-1", "X-2" }, serials);
        Assert.Equal(10m, await Api.OnHand(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Pasted_lists_separated_by_commas_and_line_breaks_are_split()
    {
        var (product, order, lines) = await SerialOrder(6);

        await Api.Receive(order, Line(lines[0], 6, "L-1, L-2,L-3", "L-4\r\nL-5\n\nL-6\n"));

        Assert.Equal(new[] { "L-1", "L-2", "L-3", "L-4", "L-5", "L-6" }, await SerialsOf(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Serials_are_kept_as_entered_without_surrounding_space()
    {
        var (product, order, lines) = await SerialOrder(2);

        await Api.Receive(order, Line(lines[0], 2, "  ab-Cd-1 ", "\tAB-cd-2"));

        Assert.Equal(new[] { "AB-cd-2", "ab-Cd-1" }, await SerialsOf(product));
        Assert.Equal("ab-Cd-1", (string)(await Api.Serial(product, "AB-CD-1"))["serial"]!);
        await Api.AssertLedgerConsistent();
    }

    [Theory]
    [InlineData("sn-1", " SN-1 ")]
    [InlineData("SN-1", "SN-1")]
    [InlineData("Sn-1", "sN-1\n")]
    public async Task The_same_serial_twice_in_one_line_is_refused(string first, string second)
    {
        var (product, order, lines) = await SerialOrder(3);
        var before = await Api.Snapshot(product, order);

        var problem = await Api.ReceiveRefused(order, HttpStatusCode.BadRequest, Line(lines[0], 2, first, second));

        problem.Mentions("Line 1", "given twice");
        Assert.Equal(before, await Api.Snapshot(product, order));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task The_same_serial_on_two_lines_of_the_same_product_is_refused_naming_both_lines()
    {
        var (product, order, lines) = await SerialOrder(2, lines: 2);
        var before = await Api.Snapshot(product, order);

        var problem = await Api.ReceiveRefused(order, HttpStatusCode.BadRequest, Line(lines[0], 1, "TWIN-1"), Line(lines[1], 1, " twin-1 "));

        problem.Mentions("Line 2", "twin-1 is given twice, here and on line 1");
        Assert.Equal(before, await Api.Snapshot(product, order));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task The_same_serial_text_on_two_different_products_is_two_units()
    {
        var warehouse = await Api.Warehouse();
        var a = await Api.Product("Serial");
        var b = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (a, 1, 1m), (b, 1, 2m));

        await Api.Receive(order, Line(lines[0], 1, "0001"), Line(lines[1], 1, "0001"));

        Assert.Equal(1m, await Api.OnHand(a));
        Assert.Equal(1m, await Api.OnHand(b));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Blank_too_long_and_control_character_serials_are_all_reported()
    {
        var (product, order, lines) = await SerialOrder(4);
        var before = await Api.Snapshot(product, order);
        var tooLong = new string('Z', 65);

        var problem = await Api.ReceiveRefused(order, HttpStatusCode.BadRequest, Line(lines[0], 4, "  ", tooLong, "BAD\u0001ONE", "GOOD-1"));

        problem.Mentions("blank serial", "65 characters", "at most 64", "BAD\\u0001ONE", "control character");
        Assert.All(problem.Messages, m => Assert.StartsWith("Line 1", m));
        Assert.Equal(before, await Api.Snapshot(product, order));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_serial_of_exactly_64_characters_is_accepted()
    {
        var (product, order, lines) = await SerialOrder(1);
        var serial = new string('S', 63) + "1";

        await Api.Receive(order, Line(lines[0], 1, serial));

        Assert.Equal("InStock", (string)(await Api.Serial(product, serial))["status"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_null_serial_is_reported_as_blank()
    {
        var (product, order, lines) = await SerialOrder(2);

        var problem = await Api.PostRefused($"/api/purchase-orders/{order}/receipts",
            new { lines = new[] { new { lineId = lines[0], quantity = 2, serials = new string?[] { "N-1", null } } } }, HttpStatusCode.BadRequest);

        problem.Mentions("blank serial");
        Assert.Equal(0m, await Api.OnHand(product));
        await Api.AssertLedgerConsistent();
    }

    [Theory]
    [InlineData(3, new[] { "C-1", "C-2" }, "2 serials were given for a quantity of 3")]
    [InlineData(1, new[] { "C-1", "C-2" }, "2 serials were given for a quantity of 1")]
    [InlineData(2, new[] { "C-1" }, "1 serial was given for a quantity of 2")]
    public async Task A_serial_count_that_differs_from_the_quantity_is_refused_naming_the_line(int quantity, string[] serials, string message)
    {
        var (product, order, lines) = await SerialOrder(5, lines: 2);
        var before = await Api.Snapshot(product, order);

        var problem = await Api.ReceiveRefused(order, HttpStatusCode.BadRequest, Line(lines[0], 1, "OK-1"), Line(lines[1], quantity, serials));

        problem.Mentions("Line 2", message);
        Assert.Single(problem.Errors);
        Assert.Equal(2, (int)problem.Errors[0]["line"]!);
        Assert.Equal(before, await Api.Snapshot(product, order));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_serialized_line_without_serials_is_refused()
    {
        var (product, order, lines) = await SerialOrder(2);

        var problem = await Api.ReceiveRefused(order, HttpStatusCode.BadRequest, Line(lines[0], 2));

        problem.Mentions("Line 1", "serialized", "give the serial of each");
        Assert.Equal(0m, await Api.OnHand(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Serials_on_a_fifo_line_are_refused()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 2, 1m));
        var before = await Api.Snapshot(product, order);

        var problem = await Api.ReceiveRefused(order, HttpStatusCode.BadRequest, Line(lines[0], 2, "F-1", "F-2"));

        problem.Mentions("Line 1", "tracked as Fifo, not by serial");
        Assert.Equal(before, await Api.Snapshot(product, order));
        await Api.AssertLedgerConsistent();
    }

    [Theory]
    [InlineData("SN-10..SN-2", "SN-10..SN-2")]
    [InlineData("SN-20..SN-12", "backwards")]
    [InlineData("A1..B9", "different text around its numbers")]
    [InlineData("SN-1..SN-0010", "different widths")]
    [InlineData("SN-A..SN-B", "numeric part at both ends")]
    [InlineData("..SN-5", "numeric part at both ends")]
    [InlineData("SN-01..SN-99", "more than the line's quantity")]
    [InlineData("SN-98..", "2 digits")]
    [InlineData("SN-X..", "numeric part to count from")]
    public async Task A_malformed_range_is_refused_and_named(string range, string message)
    {
        var (product, order, lines) = await SerialOrder(5);
        var before = await Api.Snapshot(product, order);

        var problem = await Api.ReceiveRefused(order, HttpStatusCode.BadRequest, Line(lines[0], 5, range));

        problem.Mentions("Line 1", $"'{range}'", message);
        Assert.Equal(before, await Api.Snapshot(product, order));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Two_open_ranges_on_one_line_are_refused()
    {
        var (product, order, lines) = await SerialOrder(4);

        var problem = await Api.ReceiveRefused(order, HttpStatusCode.BadRequest, Line(lines[0], 4, "A-1..", "B-1.."));

        problem.Mentions("Only one open range");
        Assert.Equal(0m, await Api.OnHand(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task An_open_range_with_nothing_left_to_fill_is_refused()
    {
        var (product, order, lines) = await SerialOrder(2);

        var problem = await Api.ReceiveRefused(order, HttpStatusCode.BadRequest, Line(lines[0], 2, "E-1", "E-2", "E-3.."));

        problem.Mentions("nothing left to fill");
        Assert.Equal(0m, await Api.OnHand(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_huge_quantity_with_an_open_range_is_refused_without_a_server_error()
    {
        var (product, order, lines) = await SerialOrder(5);

        var problem = await Api.PostRefused($"/api/purchase-orders/{order}/receipts",
            new { lines = new[] { new { lineId = lines[0], quantity = 100000000000000000000m, serials = new[] { "H-00000000000000000000001.." } } } },
            HttpStatusCode.BadRequest);

        problem.Mentions("Line 1");
        Assert.Equal(0m, await Api.OnHand(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_request_with_many_bad_things_reports_them_all_and_changes_nothing()
    {
        var warehouse = await Api.Warehouse();
        var serial = await Api.Product("Serial");
        var fifo = await Api.Product("Fifo");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (serial, 10, 5m), (fifo, 10, 1m), (serial, 3, 5m));
        await Api.Receive(order, Line(lines[0], 1, "IN-1"), Line(lines[1], 5));
        var before = await Api.Snapshot(serial, order);
        var fifoBefore = await Api.Stock(fifo);

        var problem = await Api.ReceiveRefused(order, HttpStatusCode.BadRequest,
            Line(lines[0], 4, " in-1 ", "NEW-1", "NEW-1", ""),      // already in stock, twice, blank
            Line(lines[1], 6, "F-1"),                                // serials on Fifo, more than open
            Line(lines[2], 3, "R-10..R-2"),                          // malformed range
            Line(987654, 1));                                        // not a line of this order

        problem.Mentions("Line 1", "IN-1", "already in stock", "NEW-1 is given twice", "blank serial",
            "Line 2", "not by serial", "only 5", "Line 3", "R-10..R-2", "Line 4", "line id 987654");
        Assert.True(problem.Errors.Count >= 7, $"Expected every problem, got {problem.Errors.Count}: {string.Join(" | ", problem.Messages)}");
        Assert.Equal(before, await Api.Snapshot(serial, order));
        Assert.Equal(fifoBefore.ToJsonString(), (await Api.Stock(fifo)).ToJsonString());
        Assert.Equal("PartiallyReceived", (string)(await Api.Order(order))["status"]!);
        await Api.AssertLedgerConsistent();
    }
}
