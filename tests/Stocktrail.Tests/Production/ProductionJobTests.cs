using System.Net;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Production;

public sealed class ProductionJobTests(StocktrailFactory factory) : ApiTest(factory)
{
    private async Task<int> Job(int outputProduct, decimal quantity, int warehouse) =>
        (int)(await Api.PostOk("/api/production-jobs", new { outputProductId = outputProduct, quantity, warehouseId = warehouse }))["id"]!;

    [Fact]
    public async Task Completing_a_job_puts_its_serialized_output_in_stock_at_the_consumed_cost_per_unit()
    {
        var warehouse = await Api.Warehouse();
        var board = await Api.SerialsInStock(warehouse, 30m, "B-1", "B-2", "B-3");
        var screws = await Api.Product("Fifo");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (screws, 100, 0.5m));
        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 100 } } });
        var finished = await Api.Product("Serial");
        var job = await Job(finished, 3, warehouse);
        await Api.PostOk($"/api/production-jobs/{job}/materials", new
        {
            warehouseId = warehouse,
            lines = new object[] { new { productId = board, quantity = 2, serials = new[] { "B-1", "B-2" } }, new { productId = screws, quantity = 8 } },
        });

        var completed = await Api.PostOk($"/api/production-jobs/{job}/complete", new { actualQuantity = 2, serials = new[] { "F-0001..F-0002" } }, HttpStatusCode.OK);

        Assert.Equal("Completed", (string)completed["status"]!);
        Assert.Equal(32m, (decimal)completed["outputUnitCost"]!); // (2×30 + 8×0.5) / 2
        Assert.Equal(2, await Api.OnHand(finished, warehouse));
        Assert.Equal(64m, (decimal)(await Api.Stock(finished))["value"]!);
        Assert.Equal(32m, (decimal)(await Api.Serial(finished, "F-0002"))["unitCost"]!);
        Assert.Equal(1, await Api.OnHand(board));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Completing_a_job_needs_one_new_serial_per_unit_and_a_whole_quantity()
    {
        var warehouse = await Api.Warehouse();
        var finished = await Api.SerialsInStock(warehouse, 1m, "OLD-1");
        var job = await Job(finished, 2, warehouse);

        var missing = await Api.PostRefused($"/api/production-jobs/{job}/complete", new { actualQuantity = 2 }, HttpStatusCode.BadRequest);
        missing.Mentions("give the serial of each of the 2 units");
        var fraction = await Api.PostRefused($"/api/production-jobs/{job}/complete", new { actualQuantity = 1.5, serials = new[] { "X-1", "X-2" } }, HttpStatusCode.BadRequest);
        fraction.Mentions("units are whole");
        var existing = await Api.PostRefused($"/api/production-jobs/{job}/complete", new { actualQuantity = 1, serials = new[] { "old-1" } }, HttpStatusCode.Conflict);
        existing.Mentions("serial OLD-1 already exists");

        Assert.Equal("Open", (string)(await Api.Get($"/api/production-jobs/{job}"))["status"]!);
        Assert.Equal(1, await Api.OnHand(finished));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_completed_job_takes_no_more_materials()
    {
        var warehouse = await Api.Warehouse();
        var part = await Api.SerialsInStock(warehouse, 3m, "P-1", "P-2");
        var output = await Api.Product("Fifo");
        var job = await Job(output, 1, warehouse);
        await Api.PostOk($"/api/production-jobs/{job}/materials", new { warehouseId = warehouse, lines = new[] { new { productId = part, quantity = 1, serials = new[] { "P-1" } } } });
        await Api.PostOk($"/api/production-jobs/{job}/complete", new { actualQuantity = 1 }, HttpStatusCode.OK);

        var problem = await Api.PostRefused($"/api/production-jobs/{job}/materials",
            new { warehouseId = warehouse, lines = new[] { new { productId = part, quantity = 1, serials = new[] { "P-2" } } } }, HttpStatusCode.Conflict);

        problem.Mentions("is Completed", "takes no more materials");
        Assert.Equal("InStock", (string)(await Api.Serial(part, "P-2"))["status"]!);
        Assert.Equal(3m, (decimal)(await Api.Stock(output))["value"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task By_default_every_consumed_component_is_traced_into_every_produced_unit_through_two_levels()
    {
        var warehouse = await Api.Warehouse();
        var chip = await Api.SerialsInStock(warehouse, 5m, "CHIP-1");
        var board = await Api.Product("Serial");
        var boardJob = await Job(board, 1, warehouse);
        await Api.PostOk($"/api/production-jobs/{boardJob}/materials", new { warehouseId = warehouse, lines = new[] { new { productId = chip, quantity = 1, serials = new[] { "CHIP-1" } } } });
        await Api.PostOk($"/api/production-jobs/{boardJob}/complete", new { actualQuantity = 1, serials = new[] { "BOARD-1" } }, HttpStatusCode.OK);
        var device = await Api.Product("Serial");
        var deviceJob = await Job(device, 1, warehouse);
        await Api.PostOk($"/api/production-jobs/{deviceJob}/materials", new { warehouseId = warehouse, lines = new[] { new { productId = board, quantity = 1, serials = new[] { "BOARD-1" } } } });
        await Api.PostOk($"/api/production-jobs/{deviceJob}/complete", new { actualQuantity = 1, serials = new[] { "DEV-1" } }, HttpStatusCode.OK);

        var down = (await Api.Get($"/api/products/{device}/serials/DEV-1/trace?direction=down"))["root"]!;
        var boardNode = down["components"]!.AsArray().Single()!;
        Assert.Equal("BOARD-1", (string)boardNode["serial"]!);
        Assert.Equal("CHIP-1", (string)boardNode["components"]!.AsArray().Single()!["serial"]!);
        Assert.Contains(boardNode["components"]![0]!["documents"]!.AsArray(), d => (string)d!["sourceType"]! == "PurchaseOrder");

        var up = (await Api.Get($"/api/products/{chip}/serials/CHIP-1/trace?direction=up"))["root"]!;
        Assert.Equal("DEV-1", (string)up["builtInto"]![0]!["builtInto"]![0]!["serial"]!);
        Assert.Equal(5m, (decimal)(await Api.Serial(device, "DEV-1"))["unitCost"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Stated_outputs_record_which_component_went_into_which_unit()
    {
        var warehouse = await Api.Warehouse();
        var motor = await Api.SerialsInStock(warehouse, 50m, "M-1", "M-2");
        var pump = await Api.Product("Serial");
        var job = await Job(pump, 2, warehouse);
        await Api.PostOk($"/api/production-jobs/{job}/materials", new { warehouseId = warehouse, lines = new[] { new { productId = motor, quantity = 2, serials = new[] { "M-1", "M-2" } } } });

        await Api.PostOk($"/api/production-jobs/{job}/complete", new
        {
            actualQuantity = 2,
            serials = new[] { "PUMP-A", "PUMP-B" },
            outputs = new[]
            {
                new { serial = "PUMP-A", components = new[] { new { productId = motor, serials = new[] { "M-2" } } } },
                new { serial = "PUMP-B", components = new[] { new { productId = motor, serials = new[] { "M-1" } } } },
            },
        }, HttpStatusCode.OK);

        static IEnumerable<string> Parts(JsonNode trace) => trace["root"]!["components"]!.AsArray().Select(c => (string)c!["serial"]!);
        Assert.Equal(["M-2"], Parts(await Api.Get($"/api/products/{pump}/serials/PUMP-A/trace")));
        Assert.Equal(["M-1"], Parts(await Api.Get($"/api/products/{pump}/serials/PUMP-B/trace")));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Tracing_up_from_a_component_built_into_a_batch_reaches_the_sales_of_that_batch()
    {
        var warehouse = await Api.Warehouse();
        var resin = await Api.SerialsInStock(warehouse, 12m, "DRUM-1");
        var paint = await Api.Product("Batch");
        var job = await Job(paint, 10, warehouse);
        await Api.PostOk($"/api/production-jobs/{job}/materials", new { warehouseId = warehouse, lines = new[] { new { productId = resin, quantity = 1, serials = new[] { "DRUM-1" } } } });
        await Api.PostOk($"/api/production-jobs/{job}/complete", new { actualQuantity = 10, batches = new[] { new { batch = "MIX-7", quantity = 10 } } }, HttpStatusCode.OK);
        var sale = await Api.PostOk("/api/stock-sales", new { customerId = await Api.Customer(), warehouseId = warehouse, lines = new[] { new { productId = paint, quantity = 4, unitPrice = 5m } } });
        await Api.PostOk($"/api/stock-sales/{(int)sale["id"]!}/dispatches",
            new { lines = new[] { new { lineId = (int)sale["lines"]![0]!["id"]!, quantity = 4, batches = new[] { new { batch = "mix-7", quantity = 4 } } } } });

        var up = (await Api.Get($"/api/products/{resin}/serials/DRUM-1/trace?direction=up"))["root"]!;

        var batch = up["builtInto"]!.AsArray().Single()!;
        Assert.Equal("MIX-7", (string)batch["batch"]!);
        var documents = batch["documents"]!.AsArray();
        Assert.Equal((string)sale["number"]!, (string)documents.Single()!["sourceNumber"]!);
        Assert.Equal(-4m, (decimal)documents.Single()!["quantity"]!);
        Assert.Equal(1.2m, (decimal)(await Api.Stock(paint))["value"]! / 6m);
        await Api.AssertLedgerConsistent();
    }
}
