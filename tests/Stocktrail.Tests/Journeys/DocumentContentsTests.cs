using System.Net;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Batches;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Sales;
using static Stocktrail.Tests.Batches.BatchTestApi;

namespace Stocktrail.Tests.Journeys;

/// <summary>
/// "What is on this document now" is read from the ledger by one reader for every document: after returns, each
/// document shows what is still out on it, serials compared by their key whatever case they were typed in.
/// </summary>
public sealed class DocumentContentsTests(StocktrailFactory factory) : ApiTest(factory)
{
    private static IEnumerable<string> Strings(JsonNode? array) => array!.AsArray().Select(s => (string)s!);

    [Fact]
    public async Task A_sale_shows_what_is_with_the_customer_after_returns_typed_in_another_case()
    {
        var warehouse = await Api.Warehouse();
        var serialized = await Api.SerialsInStock(warehouse, 10m, "DC-S1", "DC-S2", "DC-S3");
        var batched = await Api.Product("Batch");
        await Api.ReceiveBatches(warehouse, batched, 2m, ("Lot-A", 5), ("Lot-B", 5));
        var sale = await Api.NewSale(warehouse, (serialized, 3, 50m), (batched, 6, 5m));
        await Api.Dispatch(sale.Id, SalesTestApi.Line(sale.LineIds[0], 3, "DC-S1", "DC-S2", "DC-S3"),
            SalesTestApi.BatchLine(sale.LineIds[1], 6, ("Lot-A", 5), ("Lot-B", 1)));

        await Api.CustomerReturn(sale.Id, SalesTestApi.Line(sale.LineIds[0], 1, " dc-s2 "), SalesTestApi.BatchLine(sale.LineIds[1], 2, ("lot-a", 2)));

        var lines = (await Api.SaleById(sale.Id))["lines"]!.AsArray();
        Assert.Equal(["DC-S1", "DC-S3"], Strings(lines[0]!["serials"]));
        Assert.Equal([("Lot-A", 3m), ("Lot-B", 1m)], Pairs(lines[1]!["batches"]));
        var again = await Api.CustomerReturnRefused(sale.Id, HttpStatusCode.Conflict, SalesTestApi.Line(sale.LineIds[0], 1, "DC-S2"));
        again.Mentions("serial DC-S2 did not leave on", "or is already back");
        var tooMany = await Api.CustomerReturnRefused(sale.Id, HttpStatusCode.Conflict, SalesTestApi.BatchLine(sale.LineIds[1], 4, ("LOT-A", 4)));
        tooMany.Mentions("only 3 of batch LOT-A left on");
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_unit_that_came_back_another_way_and_left_on_another_sale_is_no_longer_on_the_first()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.SerialsInStock(warehouse, 10m, "DC-R1");
        var first = await Api.NewSale(warehouse, (product, 1, 20m));
        await Api.Dispatch(first.Id, SalesTestApi.Line(first.LineIds[0], 1, "DC-R1"));
        await Api.PostOk("/api/stock-adjustments", new
        {
            warehouseId = warehouse, reason = "Found on the shelf",
            lines = new[] { new { productId = product, direction = "In", quantity = 1, unitCost = 10m, serials = new[] { "dc-r1" } } },
        });
        var second = await Api.NewSale(warehouse, (product, 1, 20m));
        await Api.Dispatch(second.Id, SalesTestApi.Line(second.LineIds[0], 1, "DC-R1"));

        Assert.Empty((await Api.SaleById(first.Id))["lines"]![0]!["serials"]!.AsArray());
        Assert.Equal(["DC-R1"], Strings((await Api.SaleById(second.Id))["lines"]![0]!["serials"]));
        var refused = await Api.CustomerReturnRefused(first.Id, HttpStatusCode.Conflict, SalesTestApi.Line(first.LineIds[0], 1, "DC-R1"));
        refused.Mentions("serial DC-R1 did not leave on");
        await Api.CustomerReturn(second.Id, SalesTestApi.Line(second.LineIds[0], 1, "Dc-R1"));
        Assert.Equal(1, await Api.OnHand(product, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_project_lists_what_it_still_holds_and_its_cost_from_the_ledger_after_returns()
    {
        var warehouse = await Api.Warehouse();
        var serialized = await Api.SerialsInStock(warehouse, 30m, "DC-P1", "DC-P2");
        var batched = await Api.Product("Batch");
        await Api.ReceiveBatches(warehouse, batched, 2m, ("Bx-1", 10));
        var fifo = await Api.FifoInStock(warehouse, (10, 1m));
        var project = await Api.Project();
        await Api.UseOnProject(project, warehouse,
            new { productId = serialized, quantity = 2, serials = new[] { "DC-P1", "DC-P2" } }, Using(batched, 6, ("Bx-1", 6)), new { productId = fifo, quantity = 4 });

        await Api.PostOk($"/api/projects/{project}/material-returns", new
        {
            warehouseId = warehouse,
            lines = new object[] { new { productId = serialized, quantity = 1, serials = new[] { "dc-p2" } }, Using(batched, 2, ("bX-1", 2)), new { productId = fifo, quantity = 1 } },
        });

        var materials = await Api.Get($"/api/projects/{project}/materials");
        var items = materials["items"]!.AsArray();
        Assert.Equal(["DC-P1"], Strings(items.Single(i => (int)i!["productId"]! == serialized)!["serials"]));
        Assert.Equal([("Bx-1", 4m)], Pairs(items.Single(i => (int)i!["productId"]! == batched)!["batches"]));
        Assert.Equal(3m, (decimal)items.Single(i => (int)i!["productId"]! == fifo)!["quantity"]!);
        Assert.Equal(30m + 4 * 2m + 3 * 1m, (decimal)materials["totalCost"]!);
        var refused = await Api.PostRefused($"/api/projects/{project}/material-returns",
            new { warehouseId = warehouse, lines = new[] { new { productId = serialized, quantity = 1, serials = new[] { "DC-P2" } } } }, HttpStatusCode.Conflict);
        refused.Mentions("serial DC-P2 did not leave on");
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_production_job_costs_its_output_at_what_the_ledger_says_it_still_consumed()
    {
        var warehouse = await Api.Warehouse();
        var component = await Api.SerialsInStock(warehouse, 40m, "DC-C1", "DC-C2");
        var fifo = await Api.FifoInStock(warehouse, (10, 0.5m));
        var output = await Api.Product("Serial");
        var job = (int)(await Api.PostOk("/api/production-jobs", new { outputProductId = output, quantity = 1, warehouseId = warehouse }))["id"]!;
        await Api.PostOk($"/api/production-jobs/{job}/materials", new
        {
            warehouseId = warehouse,
            lines = new object[] { new { productId = component, quantity = 2, serials = new[] { "DC-C1", "DC-C2" } }, new { productId = fifo, quantity = 6 } },
        });
        await Api.PostOk($"/api/production-jobs/{job}/material-returns", new
        {
            warehouseId = warehouse,
            lines = new object[] { new { productId = component, quantity = 1, serials = new[] { "dc-c1" } }, new { productId = fifo, quantity = 2 } },
        });

        var materials = (await Api.Get($"/api/production-jobs/{job}/materials"))["items"]!.AsArray();
        Assert.Equal(["DC-C2"], Strings(materials.Single(i => (int)i!["productId"]! == component)!["serials"]));
        var completed = await Api.PostOk($"/api/production-jobs/{job}/complete",
            new { actualQuantity = 1, serials = new[] { "DC-OUT-1" }, outputs = new[] { new { serial = "DC-OUT-1", components = new[] { new { productId = component, serials = new[] { "dc-c2" } } } } } },
            HttpStatusCode.OK);

        Assert.Equal(42m, (decimal)completed["outputUnitCost"]!);
        Assert.Equal(42m, (decimal)completed["consumedCost"]!);
        Assert.Equal(42m, (decimal)(await Api.Get($"/api/production-jobs/{job}"))["consumedCost"]!);
        Assert.Equal(42m, (decimal)(await Api.Serial(output, "DC-OUT-1"))["unitCost"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_purchase_order_lists_each_receipt_with_who_when_its_lines_and_its_serials_as_they_are_now()
    {
        var warehouse = await Api.Warehouse();
        var serialized = await Api.Product("Serial");
        var batched = await Api.Product("Batch");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (serialized, 3, 10m), (batched, 8, 1m));
        var first = await Api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new object[] { new { lineId = lines[0], quantity = 2, serials = new[] { "DC-TYPO", "DC-OK" } }, new { lineId = lines[1], quantity = 5, batches = new[] { B("Lot-9", 5) } } },
        });
        var second = await Api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new object[] { new { lineId = lines[0], quantity = 1, serials = new[] { "DC-THIRD" } }, new { lineId = lines[1], quantity = 3, batches = new[] { B("lot-9", 3) } } },
        });
        await Api.PostOk($"/api/purchase-orders/{order}/serial-corrections", new { productId = serialized, from = "dc-typo", to = "DC-FIXED" }, HttpStatusCode.OK);

        var dto = await Api.Get($"/api/purchase-orders/{order}");
        var receipts = dto["receipts"]!.AsArray();
        Assert.Equal([(int)first["id"]!, (int)second["id"]!], receipts.Select(r => (int)r!["id"]!));
        Assert.Equal((DateTime)first["receivedAt"]!, (DateTime)receipts[0]!["receivedAt"]!);
        Assert.All(receipts, r => Assert.Equal((string)dto["createdBy"]!, (string)r!["receivedBy"]!));
        Assert.Equal(["DC-FIXED", "DC-OK"], Strings(receipts[0]!["lines"]![0]!["serials"]));
        Assert.Equal(["DC-THIRD"], Strings(receipts[1]!["lines"]![0]!["serials"]));
        Assert.Equal([("Lot-9", 5m)], Pairs(receipts[0]!["lines"]![1]!["batches"]));
        // The second receipt typed the batch in another case: it is the same batch, shown as first entered.
        Assert.Equal([("Lot-9", 3m)], Pairs(receipts[1]!["lines"]![1]!["batches"]));
        Assert.Equal([1, 2], receipts[1]!["lines"]!.AsArray().Select(l => (int)l!["lineNumber"]!));
        // The order's own lines: everything received on them, batches compared by their key.
        Assert.Equal(["DC-FIXED", "DC-OK", "DC-THIRD"], Strings(dto["lines"]![0]!["serials"]));
        Assert.Equal([("Lot-9", 8m)], Pairs(dto["lines"]![1]!["batches"]));
    }
}
