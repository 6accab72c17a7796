using System.Net;
using System.Text.RegularExpressions;
using Stocktrail.Tests.Infrastructure;
using static Stocktrail.Tests.Adjustments.StockDocumentsApi;

namespace Stocktrail.Tests.Adjustments;

public sealed partial class StockAdjustmentTests(StocktrailFactory factory) : ApiTest(factory)
{
    [GeneratedRegex(@"^ADJ-\d{5}$")]
    private static partial Regex AdjustmentNumber();

    [Fact]
    public async Task Adjusting_in_new_serials_puts_each_unit_in_stock_at_the_unit_cost()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");

        var adjustment = await Api.PostOk("/api/stock-adjustments", new
        {
            warehouseId = warehouse,
            reason = "Found in the back room",
            lines = new[] { In(product, 3, 25m, ["FOUND-0001..FOUND-0003"]) },
        });

        var number = (string)adjustment["number"]!;
        Assert.Matches(AdjustmentNumber(), number);
        Assert.Equal("Found in the back room", (string)adjustment["reason"]!);
        var line = adjustment["lines"]![0]!;
        Assert.Equal("In", (string)line["direction"]!);
        Assert.Equal(new[] { "FOUND-0001", "FOUND-0002", "FOUND-0003" }, line["serials"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(25m, (decimal)line["unitCost"]!);
        Assert.Equal(75m, (decimal)line["totalCost"]!);

        Assert.Equal(3m, await Api.OnHand(product, warehouse));
        Assert.Equal(75m, await Api.Value(product, warehouse));
        var unit = await Api.Serial(product, "found-0002");
        Assert.Equal("InStock", (string)unit["status"]!);
        Assert.Equal(warehouse, (int)unit["warehouseId"]!);
        Assert.Equal(25m, (decimal)unit["unitCost"]!);
        var history = Assert.Single(unit["history"]!.AsArray())!;
        Assert.Equal("StockAdjustment", (string)history["sourceType"]!);
        Assert.Equal(number, (string)history["sourceNumber"]!);
        Assert.Equal($"Adjusted in on {number}: Found in the back room — serial FOUND-0002", (string)history["description"]!);

        var read = await Api.Get($"/api/stock-adjustments/{(int)adjustment["id"]!}");
        Assert.Equal(adjustment.ToJsonString(), read.ToJsonString());
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Adjusting_in_a_serial_that_is_out_brings_back_the_same_unit_with_its_history_continuing()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.SerialsInStock(warehouse, 10m, "BACK-1", "BACK-2");
        var before = await Api.Serial(product, "BACK-1");
        var written = await Api.Adjust(warehouse, Out(product, 1, ["BACK-1"]));
        Assert.Equal("Out", (string)(await Api.Serial(product, "BACK-1"))["status"]!);
        Assert.Equal(10m, (decimal)written["lines"]![0]!["totalCost"]!);

        var found = await Api.Adjust(warehouse, In(product, 1, 12m, [" back-1 "]));

        var after = await Api.Serial(product, "BACK-1");
        Assert.Equal((long)before["id"]!, (long)after["id"]!);
        Assert.Equal("BACK-1", (string)after["serial"]!);
        Assert.Equal("InStock", (string)after["status"]!);
        Assert.Equal(warehouse, (int)after["warehouseId"]!);
        Assert.Equal(12m, (decimal)after["unitCost"]!);
        var history = after["history"]!.AsArray();
        Assert.Equal(new[] { 1m, -1m, 1m }, history.Select(h => (decimal)h!["quantity"]!));
        Assert.Equal((string)found["number"]!, (string)history[2]!["sourceNumber"]!);
        Assert.Equal(new[] { "BACK-1" }, found["lines"]![0]!["serials"]!.AsArray().Select(s => (string)s!));
        Assert.Single((await Api.Get($"/api/products/{product}/serials?search=BACK-1"))["items"]!.AsArray());
        Assert.Equal(2m, await Api.OnHand(product, warehouse));
        Assert.Equal(22m, await Api.Value(product, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Adjusting_in_a_serial_already_in_stock_is_refused_naming_it_and_changes_nothing()
    {
        var warehouse = await Api.Warehouse();
        var other = await Api.Warehouse();
        var product = await Api.SerialsInStock(other, 10m, "HERE-1");
        var before = await Api.Snapshot(product);

        var problem = await Api.AdjustRefused(warehouse, HttpStatusCode.Conflict, In(product, 2, 5m, ["here-1", "NEW-1"]));

        problem.Mentions("Line 1", "HERE-1", "already in stock");
        Assert.Contains(problem.Errors, e => (string?)e["serial"] == "here-1"); // as typed, so a page can mark it in place
        Assert.Equal(before, await Api.Snapshot(product));
        await Api.Refused(HttpMethod.Get, $"/api/products/{product}/serials/NEW-1", null, HttpStatusCode.NotFound);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task One_adjustment_may_mix_in_and_out_lines()
    {
        var warehouse = await Api.Warehouse();
        var serialized = await Api.SerialsInStock(warehouse, 10m, "MIX-A", "MIX-B");
        var fifo = await Api.Product("Fifo");
        await Api.ReceiveFifo(warehouse, fifo, (5, 4m));

        var adjustment = await Api.Adjust(warehouse,
            Out(serialized, 1, ["MIX-A"]),
            In(fifo, 3, 5m),
            In(serialized, 1, 15m, ["MIX-C"]),
            Out(fifo, 2));

        var lines = adjustment["lines"]!.AsArray();
        Assert.Equal(new[] { "Out", "In", "In", "Out" }, lines.Select(l => (string)l!["direction"]!));
        Assert.Equal(new[] { 1, 2, 3, 4 }, lines.Select(l => (int)l!["lineNumber"]!));
        Assert.Equal(new[] { 10m, 15m, 15m, 8m }, lines.Select(l => (decimal)l!["totalCost"]!));
        Assert.Equal("Out", (string)(await Api.Serial(serialized, "MIX-A"))["status"]!);
        Assert.Equal("InStock", (string)(await Api.Serial(serialized, "MIX-C"))["status"]!);
        Assert.Equal(2m, await Api.OnHand(serialized, warehouse));
        Assert.Equal(25m, await Api.Value(serialized, warehouse));
        Assert.Equal(6m, await Api.OnHand(fifo, warehouse));
        Assert.Equal(3 * 4m + 3 * 5m, await Api.Value(fifo, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Adjusting_out_serials_not_in_stock_in_that_warehouse_is_refused_naming_each()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.SerialsInStock(warehouse, 10m, "KEEP-1", "GONE-1");
        await Api.Adjust(warehouse, Out(product, 1, ["GONE-1"]));
        var elsewhere = await Api.Warehouse();
        await Api.Adjust(elsewhere, In(product, 1, 10m, ["AWAY-1"]));
        var before = await Api.Snapshot(product);

        var problem = await Api.AdjustRefused(warehouse, HttpStatusCode.Conflict,
            Out(product, 4, ["KEEP-1", "GONE-1", "AWAY-1", "NEVER-1"]));

        problem.Mentions("GONE-1", "AWAY-1", "NEVER-1");
        Assert.Equal(3, problem.Errors.Count);
        Assert.DoesNotContain(problem.Messages, m => m.Contains("KEEP-1", StringComparison.Ordinal));
        Assert.Equal(before, await Api.Snapshot(product));
        Assert.Equal("InStock", (string)(await Api.Serial(product, "KEEP-1"))["status"]!);
        Assert.Equal("InStock", (string)(await Api.Serial(product, "AWAY-1"))["status"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Adjusting_out_more_Fifo_stock_than_the_warehouse_holds_is_refused_and_stock_never_goes_negative()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        await Api.ReceiveFifo(warehouse, product, (5, 3m));
        var before = await Api.Snapshot(product);

        var problem = await Api.AdjustRefused(warehouse, HttpStatusCode.Conflict, Out(product, 3), Out(product, 3));

        problem.Mentions("Line 2", "only 2 in stock");
        Assert.Equal(before, await Api.Snapshot(product));
        Assert.Equal(5m, await Api.OnHand(product, warehouse));

        await Api.Adjust(warehouse, Out(product, 5));
        Assert.Equal(0m, await Api.OnHand(product, warehouse));
        (await Api.AdjustRefused(warehouse, HttpStatusCode.Conflict, Out(product, 0.5m))).Mentions("only 0 in stock");
        Assert.Equal(0m, await Api.OnHand(product, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Adjusting_out_Fifo_stock_takes_the_oldest_layer_first_at_its_cost()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        await Api.ReceiveFifo(warehouse, product, (5, 2m), (5, 3m));

        var adjustment = await Api.Adjust(warehouse, Out(product, 7));

        var line = adjustment["lines"]![0]!;
        Assert.Equal(5 * 2m + 2 * 3m, (decimal)line["totalCost"]!);
        Assert.Equal(Math.Round(16m / 7, 6), (decimal)line["unitCost"]!);
        var rows = await Api.MovementsOf(product, (string)adjustment["number"]!);
        Assert.Equal(new[] { (-5m, 2m), (-2m, 3m) }, rows.Select(r => ((decimal)r["quantity"]!, (decimal)r["unitCost"]!)));
        Assert.Equal(3m, await Api.OnHand(product, warehouse));
        Assert.Equal(3 * 3m, await Api.Value(product, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task An_in_line_without_a_unit_cost_is_refused_when_the_product_has_no_cost_price()
    {
        var warehouse = await Api.Warehouse();
        var costless = await Api.Product("Fifo");
        var priced = await Api.Product("Fifo", costPrice: 4.5m);
        var before = await Api.Snapshot(costless, priced);

        var problem = await Api.AdjustRefused(warehouse, HttpStatusCode.BadRequest, In(priced, 2), In(costless, 2));

        problem.Mentions("Line 2", "unitCost");
        Assert.Equal(2, (int)Assert.Single(problem.Errors)["line"]!);
        Assert.Equal(before, await Api.Snapshot(costless, priced));

        var adjustment = await Api.Adjust(warehouse, In(priced, 2));
        Assert.Equal(4.5m, (decimal)adjustment["lines"]![0]!["unitCost"]!);
        Assert.Equal(9m, await Api.Value(priced, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task An_effective_date_in_the_future_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var before = await Api.Snapshot(product);

        var problem = await Api.PostRefused("/api/stock-adjustments", new
        {
            warehouseId = warehouse,
            reason = "Counted early",
            effectiveDate = DateTimeOffset.UtcNow.AddDays(1),
            lines = new[] { In(product, 1, 2m) },
        }, HttpStatusCode.BadRequest);

        problem.Mentions("effective date", "future");
        Assert.Equal(before, await Api.Snapshot(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task The_ledger_rows_of_an_adjustment_occur_at_its_effective_date()
    {
        var warehouse = await Api.Warehouse();
        var serialized = await Api.SerialsInStock(warehouse, 10m, "LATE-1");
        var fifo = await Api.Product("Fifo");
        var effective = DateTime.UtcNow.AddDays(-3);
        effective = new DateTime(effective.Year, effective.Month, effective.Day, effective.Hour, effective.Minute, effective.Second, DateTimeKind.Utc);

        var adjustment = await Api.PostOk("/api/stock-adjustments", new
        {
            warehouseId = warehouse,
            reason = "Stock take last week",
            effectiveDate = effective,
            lines = new[] { Out(serialized, 1, ["LATE-1"]), In(fifo, 4, 1.25m) },
        });

        Assert.Equal(effective, (DateTime)adjustment["effectiveDate"]!);
        var number = (string)adjustment["number"]!;
        var rows = (await Api.MovementsOf(serialized, number)).Concat(await Api.MovementsOf(fifo, number)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(effective, (DateTime)r["occurredAt"]!));
        Assert.Equal("Adjusted out on " + number + ": Stock take last week — serial LATE-1", (string)rows[0]["description"]!);
        Assert.Equal("Adjusted in on " + number + ": Stock take last week", (string)rows[1]["description"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task An_unknown_direction_and_a_missing_reason_are_refused_together()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo", costPrice: 1m);
        var before = await Api.Snapshot(product);

        var problem = await Api.PostRefused("/api/stock-adjustments", new
        {
            warehouseId = warehouse,
            reason = "  ",
            lines = new object[] { new { productId = product, direction = "Sideways", quantity = 1 }, new { productId = product, quantity = 1 } },
        }, HttpStatusCode.BadRequest);

        problem.Mentions("reason", "Line 1: direction 'Sideways' is not known", "Line 2: give its direction");
        Assert.Equal(3, problem.Errors.Count);
        Assert.Equal(before, await Api.Snapshot(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_serial_given_on_both_an_out_and_an_in_line_is_refused_as_given_twice()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.SerialsInStock(warehouse, 10m, "BOTH-1");
        var before = await Api.Snapshot(product);

        var problem = await Api.AdjustRefused(warehouse, HttpStatusCode.BadRequest, Out(product, 1, ["BOTH-1"]), In(product, 1, 9m, ["both-1"]));

        problem.Mentions("Line 2", "given twice", "line 1");
        Assert.Equal(before, await Api.Snapshot(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task An_unknown_adjustment_is_not_found()
    {
        var problem = await Api.Refused(HttpMethod.Get, "/api/stock-adjustments/999999", null, HttpStatusCode.NotFound);
        problem.Mentions("999999");
    }
}
