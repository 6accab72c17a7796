using System.Net;
using System.Text.RegularExpressions;
using Stocktrail.Tests.Infrastructure;
using static Stocktrail.Tests.Adjustments.StockDocumentsApi;

namespace Stocktrail.Tests.Transfers;

public sealed partial class StockTransferTests(StocktrailFactory factory) : ApiTest(factory)
{
    [GeneratedRegex(@"^TRF-\d{5}$")]
    private static partial Regex TransferNumber();

    [Fact]
    public async Task Transferring_serials_moves_the_same_units_to_the_other_warehouse_at_their_own_cost()
    {
        var from = await Api.Warehouse();
        var to = await Api.Warehouse();
        var product = await Api.SerialsInStock(from, 10m, "MOVE-1", "MOVE-2", "MOVE-3");
        await Api.Adjust(from, In(product, 1, 14m, ["MOVE-4"]));
        var before = await Api.Serial(product, "MOVE-1");

        var transfer = await Api.Transfer(from, to, Moving(product, 2, ["move-1", "MOVE-4"]));

        var number = (string)transfer["number"]!;
        Assert.Matches(TransferNumber(), number);
        Assert.Equal(from, (int)transfer["fromWarehouseId"]!);
        Assert.Equal(to, (int)transfer["toWarehouseId"]!);
        var line = transfer["lines"]![0]!;
        Assert.Equal(new[] { "MOVE-1", "MOVE-4" }, line["serials"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(24m, (decimal)line["totalCost"]!);

        var after = await Api.Serial(product, "MOVE-1");
        Assert.Equal((long)before["id"]!, (long)after["id"]!);
        Assert.Equal("InStock", (string)after["status"]!);
        Assert.Equal(to, (int)after["warehouseId"]!);
        Assert.Equal(10m, (decimal)after["unitCost"]!);
        Assert.Equal(14m, (decimal)(await Api.Serial(product, "MOVE-4"))["unitCost"]!);
        var history = after["history"]!.AsArray();
        Assert.Equal(new[] { (1m, from), (-1m, from), (1m, to) }, history.Select(h => ((decimal)h!["quantity"]!, (int)h["warehouseId"]!)));

        var rows = await Api.MovementsOf(product, number);
        Assert.Equal(4, rows.Count);
        Assert.Equal(new[] { -1m, -1m, 1m, 1m }, rows.Select(r => (decimal)r["quantity"]!));
        Assert.Equal(new[] { from, from, to, to }, rows.Select(r => (int)r["warehouseId"]!));
        Assert.Equal(0m, rows.Sum(r => (decimal)r["value"]!));
        Assert.StartsWith("Transferred out to ", (string)rows[0]["description"]!);
        Assert.EndsWith($"on {number} — serial MOVE-1", (string)rows[0]["description"]!);
        Assert.StartsWith("Transferred in from ", (string)rows[2]["description"]!);

        Assert.Equal(2m, await Api.OnHand(product, from));
        Assert.Equal(2m, await Api.OnHand(product, to));
        Assert.Equal(20m, await Api.Value(product, from));
        Assert.Equal(24m, await Api.Value(product, to));
        Assert.Equal(44m, await Api.Value(product));
        Assert.Equal(transfer.ToJsonString(), (await Api.Get($"/api/stock-transfers/{(int)transfer["id"]!}")).ToJsonString());
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Transferring_Fifo_stock_keeps_each_layers_cost_so_the_value_moves_exactly()
    {
        var from = await Api.Warehouse();
        var to = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        await Api.ReceiveFifo(from, product, (4, 2m), (4, 5m));

        var transfer = await Api.Transfer(from, to, Moving(product, 6));

        Assert.Equal(4 * 2m + 2 * 5m, (decimal)transfer["lines"]![0]!["totalCost"]!);
        Assert.Equal(2m, await Api.OnHand(product, from));
        Assert.Equal(6m, await Api.OnHand(product, to));
        Assert.Equal(2 * 5m, await Api.Value(product, from));
        Assert.Equal(18m, await Api.Value(product, to));
        Assert.Equal(28m, await Api.Value(product));

        // The layers arrived as they left: oldest cost first in the destination too.
        var used = await Api.Adjust(to, Out(product, 5));
        Assert.Equal(4 * 2m + 1 * 5m, (decimal)used["lines"]![0]!["totalCost"]!);
        Assert.Equal(5m, await Api.Value(product, to));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Transferring_batches_moves_each_batch_with_its_code_and_cost()
    {
        var from = await Api.Warehouse();
        var to = await Api.Warehouse();
        var product = await Api.Product("Batch");
        await Api.ReceiveBatches(from, product, 7m, ("LOT-A", 5), ("LOT-B", 3));

        var transfer = await Api.Transfer(from, to, Moving(product, 5, batches: [Batch("LOT-A", 2), Batch("lot-b", 3)]));

        var line = transfer["lines"]![0]!;
        Assert.Equal(35m, (decimal)line["totalCost"]!);
        Assert.Equal(new[] { ("LOT-A", 2m), ("LOT-B", 3m) },
            line["batches"]!.AsArray().Select(b => ((string)b!["batch"]!, (decimal)b["quantity"]!)));
        var batches = (await Api.Get($"/api/products/{product}/batches"))["items"]!.AsArray().Select(b => ((string)b!["batch"]!, (int)b["warehouseId"]!, (decimal)b["onHand"]!)).ToList();
        Assert.Contains(("LOT-A", from, 3m), batches);
        Assert.Contains(("LOT-A", to, 2m), batches);
        Assert.Contains(("LOT-B", to, 3m), batches);
        Assert.Equal(3, batches.Count);
        Assert.Equal(21m, await Api.Value(product, from));
        Assert.Equal(35m, await Api.Value(product, to));

        var rows = await Api.MovementsOf(product, (string)transfer["number"]!);
        // Typed as lot-b, the batch arrives under the code it was received as.
        Assert.Equal(new[] { "LOT-A", "LOT-B" }, rows.Where(r => (int)r["warehouseId"]! == to).Select(r => (string)r["batch"]!));
        Assert.Equal(new[] { -2m, -3m, 2m, 3m }, rows.Select(r => (decimal)r["quantity"]!));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Transferring_a_serial_that_is_in_another_warehouse_is_refused_naming_it()
    {
        var from = await Api.Warehouse();
        var to = await Api.Warehouse();
        var elsewhere = await Api.Warehouse();
        var product = await Api.SerialsInStock(from, 10m, "OK-1");
        await Api.Adjust(elsewhere, In(product, 1, 10m, ["AWAY-1"]));
        var before = await Api.Snapshot(product);

        var problem = await Api.TransferRefused(from, to, HttpStatusCode.Conflict, Moving(product, 2, ["OK-1", "AWAY-1"]));

        problem.Mentions("Line 1", "AWAY-1", "not");
        var error = Assert.Single(problem.Errors);
        Assert.Equal("AWAY-1", (string)error["serial"]!);
        Assert.Equal(before, await Api.Snapshot(product));
        Assert.Equal(from, (int)(await Api.Serial(product, "OK-1"))["warehouseId"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Transferring_more_Fifo_stock_than_the_source_holds_is_refused()
    {
        var from = await Api.Warehouse();
        var to = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        await Api.ReceiveFifo(from, product, (3, 2m));
        var before = await Api.Snapshot(product);

        var problem = await Api.TransferRefused(from, to, HttpStatusCode.Conflict, Moving(product, 4));

        problem.Mentions("only 3 in stock");
        Assert.Equal(before, await Api.Snapshot(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Transferring_into_the_same_warehouse_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.SerialsInStock(warehouse, 10m, "STAY-1");
        var before = await Api.Snapshot(product);

        var problem = await Api.TransferRefused(warehouse, warehouse, HttpStatusCode.BadRequest, Moving(product, 1, ["STAY-1"]));

        problem.Mentions("two different warehouses");
        Assert.Equal(before, await Api.Snapshot(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Transferring_to_an_unknown_warehouse_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.SerialsInStock(warehouse, 10m, "KNOWN-1");
        var before = await Api.Snapshot(product);

        var problem = await Api.TransferRefused(warehouse, 999999, HttpStatusCode.BadRequest, Moving(product, 1, ["KNOWN-1"]));

        problem.Mentions("no warehouse with id 999999");
        Assert.Equal(before, await Api.Snapshot(product));
        await Api.AssertLedgerConsistent();
    }
}
