using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Tests.Adjustments;
using Stocktrail.Tests.Infrastructure;
using static Stocktrail.Tests.Infrastructure.ReceivingApi;

namespace Stocktrail.Tests.Receiving;

public sealed class SerialReturnsAndCorrectionsTests(StocktrailFactory factory) : ApiTest(factory)
{
    /// <summary>
    /// The documents that take units out come later; until then a unit leaves stock through the ledger writer itself,
    /// exactly as those documents will post it.
    /// </summary>
    private async Task TakeOut(int productId, int warehouseId, string serial)
    {
        var unit = await Api.Serial(productId, serial);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
        var ledger = scope.ServiceProvider.GetRequiredService<LedgerWriter>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var posting = new Posting(DateTime.UtcNow);
        posting.SerialsOut.Add(new SerialsOut(productId, warehouseId,
            [new KnownUnit((long)unit["id"]!, (string)unit["serial"]!, (decimal)unit["unitCost"]!)],
            new DocumentRef(SourceType.StockAdjustment, 1, "ADJ-TEST"), MovementKind.AdjustedOut, "Adjusted out by the test"));
        await ledger.AppendAsync(posting, CancellationToken.None);
        await tx.CommitAsync();
    }

    [Fact]
    public async Task A_serial_that_left_stock_is_received_again_as_the_same_unit_with_its_history_continuing()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (first, firstLines) = await Api.ApprovedOrder(warehouse, (product, 2, 10m));
        await Api.Receive(first, Line(firstLines[0], 2, "RET-1", "RET-2"));
        var before = await Api.Serial(product, "RET-1");

        await TakeOut(product, warehouse, "RET-1");
        var outside = await Api.Serial(product, "ret-1");
        Assert.Equal("Out", (string)outside["status"]!);
        Assert.Null(outside["warehouseId"]);
        Assert.Equal(1m, await Api.OnHand(product, warehouse));
        Assert.Equal(new[] { "RET-1" }, (await Api.Serials(product, "?status=Out")).Select(s => (string)s["serial"]!));
        Assert.Equal(new[] { "RET-2" }, (await Api.Serials(product, "?status=InStock")).Select(s => (string)s["serial"]!));
        var lookup = Assert.Single((await Api.Get("/api/serials/ret-1"))["items"]!.AsArray(), i => (int)i!["productId"]! == product)!;
        Assert.Equal("Out", (string)lookup["status"]!);
        Assert.Null(lookup["warehouseId"]);
        await Api.AssertLedgerConsistent();

        var other = await Api.Warehouse();
        var (second, secondLines) = await Api.ApprovedOrder(other, (product, 1, 12m));
        await Api.Receive(second, Line(secondLines[0], 1, " ret-1 "));

        var after = await Api.Serial(product, "RET-1");
        Assert.Equal((long)before["id"]!, (long)after["id"]!);
        Assert.Equal("RET-1", (string)after["serial"]!);
        Assert.Equal("InStock", (string)after["status"]!);
        Assert.Equal(other, (int)after["warehouseId"]!);
        Assert.Equal(12m, (decimal)after["unitCost"]!);
        var history = after["history"]!.AsArray();
        Assert.Equal(3, history.Count);
        Assert.Equal(new[] { 1m, -1m, 1m }, history.Select(h => (decimal)h!["quantity"]!));
        Assert.Equal(new[] { warehouse, warehouse, other }, history.Select(h => (int)h!["warehouseId"]!));
        Assert.Equal("ADJ-TEST", (string)history[1]!["sourceNumber"]!);
        Assert.Single(await Api.Serials(product, "?search=RET-1"));
        Assert.Equal(1m, await Api.OnHand(product, warehouse));
        Assert.Equal(1m, await Api.OnHand(product, other));
        Assert.Equal(22m, (decimal)(await Api.Stock(product))["value"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_serial_received_again_while_still_in_stock_is_refused_on_another_order()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (first, firstLines) = await Api.ApprovedOrder(warehouse, (product, 1, 10m));
        await Api.Receive(first, Line(firstLines[0], 1, "TWICE-1"));
        var (second, secondLines) = await Api.ApprovedOrder(warehouse, (product, 1, 10m));
        var before = await Api.Snapshot(product, second);

        var problem = await Api.ReceiveRefused(second, HttpStatusCode.Conflict, Line(secondLines[0], 1, "twice-1"));

        problem.Mentions("TWICE-1", "already in stock");
        Assert.Equal("twice-1", (string)problem.Errors[0]["serial"]!);
        Assert.Equal(before, await Api.Snapshot(product, second));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_received_serial_is_corrected_before_completion_and_the_correction_is_in_its_history()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 2, 7m));
        await Api.Receive(order, Line(lines[0], 2, "TYPO-1", "OK-2"));

        var corrected = await Api.PostOk($"/api/purchase-orders/{order}/serial-corrections",
            new { productId = product, from = " typo-1 ", to = "FIXED-1" }, HttpStatusCode.OK);

        Assert.Equal(new[] { "FIXED-1", "OK-2" }, corrected["lines"]![0]!["serials"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(404, (int)(await Api.Http.GetAsync($"/api/products/{product}/serials/TYPO-1")).StatusCode);
        var unit = await Api.Serial(product, "FIXED-1");
        Assert.Equal("InStock", (string)unit["status"]!);
        Assert.Equal(7m, (decimal)unit["unitCost"]!);
        var history = unit["history"]!.AsArray();
        Assert.Equal(2, history.Count);
        Assert.Equal(0m, (decimal)history[1]!["quantity"]!);
        Assert.Contains("TYPO-1", (string)history[1]!["description"]!);
        Assert.Contains("FIXED-1", (string)history[1]!["description"]!);
        Assert.Equal(2m, await Api.OnHand(product));
        Assert.Equal(14m, (decimal)(await Api.Stock(product))["value"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_serial_correction_is_refused_once_the_order_is_completed()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 1, 7m));
        await Api.Receive(order, Line(lines[0], 1, "LOCK-1"));
        await Api.PostOk($"/api/purchase-orders/{order}/complete", new { }, HttpStatusCode.OK);

        var problem = await Api.PostRefused($"/api/purchase-orders/{order}/serial-corrections",
            new { productId = product, from = "LOCK-1", to = "LOCK-2" }, HttpStatusCode.Conflict);

        problem.Mentions("Completed");
        Assert.Single((await Api.Serial(product, "LOCK-1"))["history"]!.AsArray());
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_serial_correction_to_a_serial_that_exists_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 2, 7m));
        await Api.Receive(order, Line(lines[0], 2, "EX-1", "EX-2"));

        var problem = await Api.PostRefused($"/api/purchase-orders/{order}/serial-corrections",
            new { productId = product, from = "EX-1", to = "ex-2" }, HttpStatusCode.Conflict);

        problem.Mentions("ex-2", "already belongs to another unit");
        Assert.Equal("InStock", (string)(await Api.Serial(product, "EX-1"))["status"]!);
        Assert.Single((await Api.Serial(product, "EX-1"))["history"]!.AsArray());
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_serial_correction_for_a_serial_not_received_on_that_order_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 1, 7m));
        await Api.Receive(order, Line(lines[0], 1, "HERE-1"));
        var (other, otherLines) = await Api.ApprovedOrder(warehouse, (product, 1, 7m));
        await Api.Receive(other, Line(otherLines[0], 1, "THERE-1"));

        var problem = await Api.PostRefused($"/api/purchase-orders/{order}/serial-corrections",
            new { productId = product, from = "THERE-1", to = "THERE-9" }, HttpStatusCode.Conflict);
        problem.Mentions("THERE-1", "was not received on");

        problem = await Api.PostRefused($"/api/purchase-orders/{order}/serial-corrections",
            new { productId = product, from = "NEVER-1", to = "NEVER-2" }, HttpStatusCode.Conflict);
        problem.Mentions("NEVER-1", "was not received on");

        Assert.Single((await Api.Serial(product, "THERE-1"))["history"]!.AsArray());
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_serial_correction_for_a_unit_that_left_stock_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 1, 7m));
        await Api.Receive(order, Line(lines[0], 1, "GONE-1"));
        await TakeOut(product, warehouse, "GONE-1");

        var problem = await Api.PostRefused($"/api/purchase-orders/{order}/serial-corrections",
            new { productId = product, from = "GONE-1", to = "GONE-2" }, HttpStatusCode.Conflict);

        problem.Mentions("GONE-1", "left stock");
        Assert.Equal(2, (await Api.Serial(product, "GONE-1"))["history"]!.AsArray().Count);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_serial_correction_is_allowed_only_on_the_order_that_received_the_unit_last()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (first, firstLines) = await Api.ApprovedOrder(warehouse, (product, 1, 7m));
        await Api.Receive(first, Line(firstLines[0], 1, "AGAIN-1"));
        await Api.Adjust(warehouse, StockDocumentsApi.Out(product, 1, ["AGAIN-1"]));
        var (second, secondLines) = await Api.ApprovedOrder(warehouse, (product, 1, 9m));
        await Api.Receive(second, Line(secondLines[0], 1, "AGAIN-1"));
        var before = await Api.Snapshot(product, first);

        var problem = await Api.PostRefused($"/api/purchase-orders/{first}/serial-corrections",
            new { productId = product, from = "AGAIN-1", to = "AGAIN-9" }, HttpStatusCode.Conflict);

        problem.Mentions("AGAIN-1", "received again on");
        Assert.Equal("AGAIN-1", (string)problem.Errors[0]["serial"]!);
        Assert.Equal(before, await Api.Snapshot(product, first));
        var corrected = await Api.PostOk($"/api/purchase-orders/{second}/serial-corrections",
            new { productId = product, from = "AGAIN-1", to = "AGAIN-9" }, HttpStatusCode.OK);
        Assert.Equal(new[] { "AGAIN-9" }, corrected["lines"]![0]!["serials"]!.AsArray().Select(s => (string)s!));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_serial_correction_with_bad_serials_reports_both()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 1, 7m));
        await Api.Receive(order, Line(lines[0], 1, "BAD-1"));

        var problem = await Api.PostRefused($"/api/purchase-orders/{order}/serial-corrections",
            new { productId = product, from = " ", to = new string('x', 65) }, HttpStatusCode.BadRequest);

        Assert.Equal(2, problem.Errors.Count);
        problem.Mentions("From:", "To:");
        await Api.AssertLedgerConsistent();
    }
}
