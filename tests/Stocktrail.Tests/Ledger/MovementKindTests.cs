using System.Net;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Ledger;

/// <summary>Every document's rows say what they are: the movements list and a serial's history show each row's kind.</summary>
public sealed class MovementKindTests(StocktrailFactory factory) : ApiTest(factory)
{
    private async Task<List<(string Kind, decimal Quantity, string Description, JsonNode Row)>> Kinds(int productId) =>
        (await Api.Movements(productId)).Reverse().Select(m => ((string)m!["kind"]!, (decimal)m["quantity"]!, (string)m["description"]!, m)).ToList();

    [Fact]
    public async Task Received_dispatched_returned_revalued_and_corrected_serials_show_their_kinds_and_receipt()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 3, 10m));
        var (a, b, c) = (Api.Unique("A"), Api.Unique("B"), Api.Unique("C"));
        var receipt = await Api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 3, serials = new[] { a, b, c } } } });
        var sale = await Api.PostOk("/api/stock-sales", new { customerId = await Api.Customer(), warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 2, unitPrice = 20m } } });
        var saleLine = (int)sale["lines"]![0]!["id"]!;
        await Api.PostOk($"/api/stock-sales/{(int)sale["id"]!}/dispatches", new { lines = new[] { new { lineId = saleLine, quantity = 2, serials = new[] { a, b } } } });
        await Api.PostOk($"/api/stock-sales/{(int)sale["id"]!}/returns", new { lines = new[] { new { lineId = saleLine, quantity = 1, serials = new[] { b } } } });
        await Api.PostOk($"/api/purchase-orders/{order}/landed-costs", new { description = "Freight", amount = 6m }, HttpStatusCode.OK);
        await Api.PostOk($"/api/purchase-orders/{order}/serial-corrections", new { productId = product, from = c, to = c + "Z" }, HttpStatusCode.OK);

        var rows = await Kinds(product);
        Assert.Equal(["Received", "Received", "Received", "Dispatched", "Dispatched", "CustomerReturn", "Revalued", "Revalued", "Revalued", "ChargedToCostOfGoods", "SerialCorrected"],
            rows.Select(r => r.Kind));
        Assert.All(rows.Where(r => r.Kind == "Received"), r => Assert.Equal((int)receipt["id"]!, (int)r.Row["receiptId"]!));
        Assert.All(rows.Where(r => r.Kind != "Received"), r => Assert.Null(r.Row["receiptId"]));
        Assert.All(rows, r => Assert.Null(r.Row["costLayerId"]));
        // Two units in stock are revalued (b came back); a is gone, so its share is the pair's: +2 then −2 of value.
        Assert.Equal(2m, (decimal)rows.Single(r => r.Kind == "Revalued" && r.Row["serial"] is null).Row["value"]!);
        Assert.Equal(-2m, (decimal)rows.Single(r => r.Kind == "ChargedToCostOfGoods").Row["value"]!);

        var history = (await Api.Serial(product, b))["history"]!.AsArray().Select(h => (string)h!["kind"]!);
        Assert.Equal(["Received", "Dispatched", "CustomerReturn", "Revalued"], history);
        Assert.Equal(["Received", "Revalued", "SerialCorrected"], (await Api.Serial(product, c + "Z"))["history"]!.AsArray().Select(h => (string)h!["kind"]!));
        Assert.Equal(12m, (decimal)(await Api.Serial(product, b))["unitCost"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Materials_production_adjustments_and_transfers_of_fifo_stock_show_their_kinds_and_layers()
    {
        var (main, van) = (await Api.Warehouse(), await Api.Warehouse());
        var part = await Api.Product("Fifo");
        var output = await Api.Product("Fifo");
        var (order, lines) = await Api.ApprovedOrder(main, (part, 20, 2m));
        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 20 } } });
        var project = (int)(await Api.PostOk("/api/projects", new { name = Api.Unique("Project") }))["id"]!;
        await Api.PostOk($"/api/projects/{project}/materials", new { warehouseId = main, lines = new[] { new { productId = part, quantity = 5 } } });
        await Api.PostOk($"/api/projects/{project}/material-returns", new { warehouseId = main, lines = new[] { new { productId = part, quantity = 2 } } });
        var job = (int)(await Api.PostOk("/api/production-jobs", new { outputProductId = output, quantity = 1, warehouseId = main }))["id"]!;
        await Api.PostOk($"/api/production-jobs/{job}/materials", new { warehouseId = main, lines = new[] { new { productId = part, quantity = 3 } } });
        await Api.PostOk($"/api/production-jobs/{job}/complete", new { actualQuantity = 1 }, HttpStatusCode.OK);
        await Api.PostOk("/api/stock-adjustments", new
        {
            warehouseId = main, reason = "Recount",
            lines = new object[] { new { productId = part, direction = "Out", quantity = 1 }, new { productId = part, direction = "In", quantity = 4, unitCost = 2.5m } },
        });
        await Api.PostOk("/api/stock-transfers", new { fromWarehouseId = main, toWarehouseId = van, lines = new[] { new { productId = part, quantity = 2 } } });

        var rows = await Kinds(part);
        Assert.Equal(["Received", "Used", "MaterialReturned", "Consumed", "AdjustedOut", "AdjustedIn", "TransferredOut", "TransferredIn"], rows.Select(r => r.Kind));
        Assert.All(rows, r => Assert.NotNull(r.Row["costLayerId"]));
        var received = (long)rows[0].Row["costLayerId"]!;
        Assert.Equal(received, (long)rows.Single(r => r.Kind == "Used").Row["costLayerId"]!);
        Assert.NotEqual(received, (long)rows.Single(r => r.Kind == "TransferredIn").Row["costLayerId"]!);
        Assert.Equal(["Produced"], (await Kinds(output)).Select(r => r.Kind));
        await Api.AssertLedgerConsistent();
    }
}
