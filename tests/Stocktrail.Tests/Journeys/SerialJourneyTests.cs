using System.Net;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Journeys;

/// <summary>One serial followed through its whole life, as a stock controller would trace it.</summary>
public sealed class SerialJourneyTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task A_component_is_followed_from_receipt_into_a_finished_unit_through_dispatch_return_and_redispatch()
    {
        var warehouse = await Api.Warehouse();
        var sensor = await Api.SerialsInStock(warehouse, 20m, "SENS-1", "SENS-2");
        var controller = await Api.Product("Serial");
        var job = (int)(await Api.PostOk("/api/production-jobs", new { outputProductId = controller, quantity = 1, warehouseId = warehouse }))["id"]!;
        await Api.PostOk($"/api/production-jobs/{job}/materials", new { warehouseId = warehouse, lines = new[] { new { productId = sensor, quantity = 1, serials = new[] { "SENS-2" } } } });
        await Api.PostOk($"/api/production-jobs/{job}/complete", new { actualQuantity = 1, serials = new[] { "CTRL-1" } }, HttpStatusCode.OK);

        var customer = await Api.Customer();
        var sale = await Api.PostOk("/api/stock-sales", new { customerId = customer, warehouseId = warehouse, lines = new[] { new { productId = controller, quantity = 1, unitPrice = 99m } } });
        var (saleId, saleLine) = ((int)sale["id"]!, (int)sale["lines"]![0]!["id"]!);
        await Api.PostOk($"/api/stock-sales/{saleId}/dispatches", new { lines = new[] { new { lineId = saleLine, quantity = 1, serials = new[] { "CTRL-1" } } } });
        await Api.PostOk($"/api/stock-sales/{saleId}/returns", new { lines = new[] { new { lineId = saleLine, quantity = 1, serials = new[] { "ctrl-1" } } } });
        var secondCustomer = await Api.Customer();
        var resale = await Api.PostOk("/api/stock-sales", new { customerId = secondCustomer, warehouseId = warehouse, lines = new[] { new { productId = controller, quantity = 1, unitPrice = 89m } } });
        await Api.PostOk($"/api/stock-sales/{(int)resale["id"]!}/dispatches", new { lines = new[] { new { lineId = (int)resale["lines"]![0]!["id"]!, quantity = 1, serials = new[] { "CTRL-1" } } } });

        var sensorHistory = (await Api.Serial(sensor, "SENS-2"))["history"]!.AsArray();
        Assert.Equal(["PurchaseOrder", "ProductionJob"], sensorHistory.Select(h => (string)h!["sourceType"]!));
        var unit = await Api.Serial(controller, "CTRL-1");
        Assert.Equal("Out", (string)unit["status"]!);
        Assert.Equal(20m, (decimal)unit["unitCost"]!);
        var history = unit["history"]!.AsArray();
        Assert.Equal(["ProductionJob", "StockSale", "StockSale", "StockSale"], history.Select(h => (string)h!["sourceType"]!));
        Assert.Equal([1m, -1m, 1m, -1m], history.Select(h => (decimal)h!["quantity"]!));
        Assert.All(history, h => Assert.Equal(20m, (decimal)h!["unitCost"]!));
        Assert.Equal((string)resale["number"]!, (string)history[3]!["sourceNumber"]!);

        var down = (await Api.Get($"/api/products/{controller}/serials/CTRL-1/trace?direction=down"))["root"]!;
        var part = down["components"]!.AsArray().Single()!;
        Assert.Equal("SENS-2", (string)part["serial"]!);
        Assert.Equal("PurchaseOrder", (string)part["documents"]![0]!["sourceType"]!);
        var up = (await Api.Get($"/api/products/{sensor}/serials/SENS-2/trace?direction=up"))["root"]!;
        var finished = up["builtInto"]!.AsArray().Single()!;
        Assert.Equal("CTRL-1", (string)finished["serial"]!);
        Assert.Equal(2, finished["documents"]!.AsArray().Count(d => (string)d!["sourceType"]! == "StockSale" && (decimal)d["quantity"]! < 0));
        Assert.Equal(1, await Api.OnHand(sensor));
        Assert.Equal(0, await Api.OnHand(controller));
        await Api.AssertLedgerConsistent();
    }
}
