using System.Net;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Sales;
using static Stocktrail.Tests.Batches.BatchTestApi;

namespace Stocktrail.Tests.Batches;

/// <summary>Batch-tracked products in every document: receipts split across batches, uses, sales, adjustments, transfers, production.</summary>
public sealed class BatchTrackingTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task A_receipt_splits_a_line_across_batches_that_add_up_to_its_quantity()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 10, 2.5m));

        var receipt = await Api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new[] { new { lineId = lines[0], quantity = 10m, batches = new[] { B("LOT-A", 6), B("LOT-B", 4) } } },
        });

        Assert.Equal([("LOT-A", 6m), ("LOT-B", 4m)], Pairs(receipt["lines"]![0]!["batches"]));
        Assert.Equal([("LOT-A", warehouse, 6m), ("LOT-B", warehouse, 4m)], await Api.BatchesOf(product));
        Assert.Equal(10m, await Api.OnHand(product, warehouse));
        Assert.Equal(25m, await Api.ValueIn(product, warehouse));
        var rows = (await Api.Movements(product)).Select(m => ((string)m!["batch"]!, (decimal)m["quantity"]!, (decimal)m["unitCost"]!)).OrderBy(r => r.Item1).ToList();
        Assert.Equal([("LOT-A", 6m, 2.5m), ("LOT-B", 4m, 2.5m)], rows);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_receipt_whose_batches_do_not_add_up_to_the_line_or_that_gives_none_is_refused_naming_the_line()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 10, 2m), (product, 5, 2m));
        var before = await Api.BatchSnapshot(product);

        var problem = await Api.PostRefused($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new object[]
            {
                new { lineId = lines[0], quantity = 10m, batches = new[] { B("LOT-A", 6), B("LOT-B", 3) } },
                new { lineId = lines[1], quantity = 5m },
            },
        }, HttpStatusCode.BadRequest);

        problem.Mentions("Line 1", "add up to 9, not the line's quantity of 10");
        problem.Mentions("Line 2", "batch-tracked");
        Assert.Contains(problem.Errors, e => (int?)e["line"] == 1);
        Assert.Contains(problem.Errors, e => (int?)e["line"] == 2);
        Assert.Equal(before, await Api.BatchSnapshot(product));
        Assert.Equal(0m, (decimal)(await Api.Get($"/api/purchase-orders/{order}"))["lines"]![0]!["receivedQuantity"]!);

        var fifo = await Api.Product("Fifo");
        var (fifoOrder, fifoLines) = await Api.ApprovedOrder(warehouse, (fifo, 2, 1m));
        var notBatch = await Api.PostRefused($"/api/purchase-orders/{fifoOrder}/receipts", new
        {
            lines = new[] { new { lineId = fifoLines[0], quantity = 2m, batches = new[] { B("LOT-A", 2) } } },
        }, HttpStatusCode.BadRequest);
        notBatch.Mentions("Line 1", "not by batch");
        Assert.Equal(0m, await Api.OnHand(fifo));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Batch_codes_are_trimmed_and_compared_without_regard_to_letter_case()
    {
        var warehouse = await Api.Warehouse();
        var van = await Api.Warehouse();
        var product = await Api.Product("Batch");
        await Api.ReceiveBatches(warehouse, product, 2m, (" LOT-1 ", 5));
        await Api.ReceiveBatches(warehouse, product, 2m, ("lot-1", 3));
        await Api.ReceiveBatches(van, product, 2m, ("Lot-1", 1));

        // One batch, kept as first entered (trimmed), wherever it is and however it was typed later.
        Assert.Equal([("LOT-1", warehouse, 8m), ("LOT-1", van, 1m)], await Api.BatchesOf(product));
        Assert.All(await Api.Movements(product), m => Assert.Equal("LOT-1", (string)m!["batch"]!));

        var project = await Api.Project();
        var used = await Api.UseOnProject(project, warehouse, Using(product, 8, ("  Lot-1", 8)));
        Assert.Equal(16m, (decimal)used["totalCost"]!);
        Assert.Equal([("LOT-1", van, 1m)], await Api.BatchesOf(product));
        Assert.Equal(0m, await Api.OnHand(product, warehouse));

        // The same code twice in one line, however it is typed, is one batch given twice.
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 4, 2m));
        var twice = await Api.PostRefused($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new[] { new { lineId = lines[0], quantity = 4m, batches = new[] { B("lot-2", 2), B(" LOT-2", 2) } } },
        }, HttpStatusCode.BadRequest);
        twice.Mentions("Line 1", "batch LOT-2 is given twice");
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Blank_batch_codes_control_characters_and_codes_over_64_characters_are_all_refused_at_once()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 4, 2m));
        var before = await Api.BatchSnapshot(product);
        var tooLong = new string('L', 65);

        var problem = await Api.PostRefused($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new[] { new { lineId = lines[0], quantity = 4m, batches = new[] { B("   ", 1), B("LOT\u0007BELL", 1), B(tooLong, 1), B(new string('K', 64), 1) } } },
        }, HttpStatusCode.BadRequest);

        problem.Mentions("A blank batch code was given");
        problem.Mentions("contains a control character");
        problem.Mentions("65 characters long; at most 64");
        Assert.Equal(3, problem.Errors.Count);
        Assert.All(problem.Errors, e => Assert.Equal(1, (int)e["line"]!));
        Assert.Equal(before, await Api.BatchSnapshot(product));

        // A code of exactly 64 characters is fine.
        await Api.ReceiveBatches(warehouse, product, 2m, (new string('K', 64), 4));
        Assert.Equal(4m, Assert.Single(await Api.BatchesOf(product)).OnHand);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Project_materials_name_the_batches_and_the_quantity_from_each_and_the_project_lists_them()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch");
        await Api.ReceiveBatches(warehouse, product, 3m, ("LOT-A", 6), ("LOT-B", 4));
        var project = await Api.Project();

        var used = await Api.UseOnProject(project, warehouse, Using(product, 5, ("lot-a", 3), ("LOT-B", 2)));

        Assert.Equal(15m, (decimal)used["totalCost"]!);
        Assert.Equal([("LOT-A", 3m), ("LOT-B", 2m)], Pairs(used["lines"]![0]!["batches"]));
        Assert.Equal([("LOT-A", warehouse, 3m), ("LOT-B", warehouse, 2m)], await Api.BatchesOf(product));
        var item = (await Api.Get($"/api/projects/{project}/materials"))["items"]!.AsArray().Single()!;
        Assert.Equal(5m, (decimal)item["quantity"]!);
        Assert.Equal(15m, (decimal)item["totalCost"]!);
        Assert.Equal([("LOT-A", 3m), ("LOT-B", 2m)], Pairs(item["batches"]));

        // Returned from the project, a batch comes back into the same batch.
        await Api.PostOk($"/api/projects/{project}/material-returns", new { warehouseId = warehouse, lines = new[] { Using(product, 1, ("LOT-B", 1)) } });
        Assert.Equal([("LOT-A", warehouse, 3m), ("LOT-B", warehouse, 3m)], await Api.BatchesOf(product));
        Assert.Equal(18m, await Api.ValueIn(product, warehouse));

        // Without batches a batch product cannot be used; the line is named.
        var problem = await Api.PostRefused($"/api/projects/{project}/materials",
            new { warehouseId = warehouse, lines = new[] { Using(product, 1) } }, HttpStatusCode.BadRequest);
        problem.Mentions("Line 1", "batch-tracked");
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_production_job_consumes_named_batches_and_its_output_enters_stock_as_a_batch_at_the_jobs_cost()
    {
        var warehouse = await Api.Warehouse();
        var paint = await Api.Product("Batch");
        var output = await Api.Product("Batch");
        await Api.ReceiveBatches(warehouse, paint, 4m, ("PAINT-1", 10));
        var job = await Api.PostOk("/api/production-jobs", new { outputProductId = output, quantity = 4, warehouseId = warehouse });
        var jobId = (int)job["id"]!;

        var consumed = await Api.PostOk($"/api/production-jobs/{jobId}/materials", new { warehouseId = warehouse, lines = new[] { Using(paint, 6, ("paint-1", 6)) } });
        Assert.Equal(24m, (decimal)consumed["totalCost"]!);
        var listed = (await Api.Get($"/api/production-jobs/{jobId}/materials"))["items"]!.AsArray().Single()!;
        Assert.Equal([("PAINT-1", 6m)], Pairs(listed["batches"]));

        var wrongSplit = await Api.PostRefused($"/api/production-jobs/{jobId}/complete",
            new { actualQuantity = 4m, batches = new[] { B("OUT-1", 3) } }, HttpStatusCode.BadRequest);
        wrongSplit.Mentions("add up to 3, not the line's quantity of 4");

        var completed = await Api.PostOk($"/api/production-jobs/{jobId}/complete",
            new { actualQuantity = 4m, batches = new[] { B(" OUT-1 ", 3), B("OUT-2", 1) } }, HttpStatusCode.OK);

        Assert.Equal("Completed", (string)completed["status"]!);
        Assert.Equal(6m, (decimal)completed["outputUnitCost"]!);
        Assert.Equal([("OUT-1", warehouse, 3m), ("OUT-2", warehouse, 1m)], await Api.BatchesOf(output));
        Assert.Equal(24m, await Api.ValueIn(output, warehouse));
        Assert.Equal([("PAINT-1", warehouse, 4m)], await Api.BatchesOf(paint));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_sale_dispatches_named_batches_and_a_customer_return_brings_them_back_at_the_cost_they_left_at()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch");
        await Api.ReceiveBatches(warehouse, product, 2m, ("LOT-A", 5));
        await Api.ReceiveBatches(warehouse, product, 4m, ("LOT-A", 5), ("LOT-B", 5));
        var sale = await Api.NewSale(warehouse, (product, 8, 10m));

        var dispatched = await Api.Dispatch(sale.Id, SalesTestApi.BatchLine(sale.LineIds[0], 8, ("lot-a", 7), ("LOT-B", 1)));

        // LOT-A leaves oldest layer first: 5 at 2, then 2 at 4; LOT-B 1 at 4.
        Assert.Equal(5 * 2m + 2 * 4m + 4m, (decimal)dispatched["totalCost"]!);
        Assert.Equal([("LOT-A", warehouse, 3m), ("LOT-B", warehouse, 4m)], await Api.BatchesOf(product));

        var tooMany = await Api.CustomerReturnRefused(sale.Id, HttpStatusCode.Conflict, SalesTestApi.BatchLine(sale.LineIds[0], 2, ("LOT-B", 2)));
        tooMany.Mentions("only 1 of batch LOT-B left on");

        var returned = await Api.CustomerReturn(sale.Id, SalesTestApi.BatchLine(sale.LineIds[0], 3, ("LOT-A", 2), ("LOT-B", 1)));
        // Batch stock comes back at the average cost that batch left this sale at: LOT-A 18/7 a unit, LOT-B 4.
        var lotA = Math.Round(18m / 7m, 6);
        Assert.Equal(2 * lotA + 4m, (decimal)returned["totalCost"]!);
        Assert.Equal([("LOT-A", warehouse, 5m), ("LOT-B", warehouse, 5m)], await Api.BatchesOf(product));
        Assert.Equal(3 * 4m + 2 * lotA + 5 * 4m, await Api.ValueIn(product, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task An_adjustment_brings_batches_in_at_a_cost_and_writes_named_batches_off_at_theirs()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch");
        await Api.ReceiveBatches(warehouse, product, 5m, ("LOT-A", 4));

        var adjusted = await Api.PostOk("/api/stock-adjustments", new
        {
            warehouseId = warehouse,
            reason = "Found on the shelf, one tin spoilt",
            lines = new object[]
            {
                new { productId = product, direction = "In", quantity = 3m, unitCost = 6m, batches = new[] { B("FOUND-1", 2), B("lot-a", 1) } },
                new { productId = product, direction = "Out", quantity = 2m, batches = new[] { B("LOT-A", 2) } },
            },
        });

        // Without expiry dates batches are listed oldest first.
        Assert.Equal([("LOT-A", warehouse, 3m), ("FOUND-1", warehouse, 2m)], await Api.BatchesOf(product));
        // LOT-A leaves oldest first: the two written off are the received ones at 5; the one found at 6 stays.
        Assert.Equal(2 * 6m + 2 * 5m + 6m, await Api.ValueIn(product, warehouse));
        // The batch typed as lot-a is recorded under LOT-A, as it was first received.
        var rows = (await Api.Movements(product)).Where(m => (string)m!["sourceNumber"]! == (string)adjusted["number"]!)
            .Select(m => ((string)m!["batch"]!, (decimal)m["quantity"]!, (decimal)m["unitCost"]!)).Order().ToList();
        Assert.Equal([("FOUND-1", 2m, 6m), ("LOT-A", -2m, 5m), ("LOT-A", 1m, 6m)], rows);

        var before = await Api.BatchSnapshot(product);
        var problem = await Api.PostRefused("/api/stock-adjustments", new
        {
            warehouseId = warehouse,
            reason = "Write off",
            lines = new[] { new { productId = product, direction = "Out", quantity = 3m, batches = new[] { B("FOUND-1", 3) } } },
        }, HttpStatusCode.Conflict);
        problem.Mentions("Line 1", "batch FOUND-1 holds only 2");
        Assert.Equal(before, await Api.BatchSnapshot(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_transfer_moves_a_batch_with_its_code_and_the_cost_of_each_layer()
    {
        var main = await Api.Warehouse();
        var van = await Api.Warehouse();
        var product = await Api.Product("Batch");
        await Api.ReceiveBatches(main, product, 2m, ("LOT-A", 3));
        await Api.ReceiveBatches(main, product, 3m, ("LOT-A", 3));

        var transfer = await Api.PostOk("/api/stock-transfers", new
        {
            fromWarehouseId = main,
            toWarehouseId = van,
            lines = new[] { new { productId = product, quantity = 4m, batches = new[] { B("lot-a", 4) } } },
        });

        Assert.Equal([("LOT-A", main, 2m), ("LOT-A", van, 4m)], await Api.BatchesOf(product));
        Assert.Equal(3 * 2m + 1 * 3m, await Api.ValueIn(product, van));
        Assert.Equal(2 * 3m, await Api.ValueIn(product, main));
        Assert.Equal(15m, await Api.ValueIn(product));
        var arrived = (await Api.Movements(product))
            .Where(m => (string)m!["sourceNumber"]! == (string)transfer["number"]! && (int)m["warehouseId"]! == van)
            .Select(m => ((string)m!["batch"]!, (decimal)m["quantity"]!, (decimal)m["unitCost"]!)).OrderBy(r => r.Item3).ToList();
        Assert.Equal([("LOT-A", 3m, 2m), ("LOT-A", 1m, 3m)], arrived);

        // In the van the batch is used oldest first too: what came from the older layer leaves first.
        var project = await Api.Project();
        var used = await Api.UseOnProject(project, van, Using(product, 4, ("LOT-A", 4)));
        Assert.Equal(9m, (decimal)used["totalCost"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Taking_more_than_a_batch_holds_in_that_warehouse_is_refused_naming_the_batch_and_what_it_holds()
    {
        var main = await Api.Warehouse("MAIN-" + Api.Unique("W"));
        var van = await Api.Warehouse();
        var product = await Api.Product("Batch");
        await Api.ReceiveBatches(main, product, 2m, ("LOT-A", 5), ("LOT-B", 2));
        await Api.ReceiveBatches(van, product, 2m, ("LOT-C", 9));
        var project = await Api.Project();
        var sale = await Api.NewSale(main, (product, 20, 5m));
        var before = await Api.BatchSnapshot(product);

        var use = await Api.PostRefused($"/api/projects/{project}/materials",
            new { warehouseId = main, lines = new[] { Using(product, 8, ("LOT-A", 6), ("lot-b", 2)) } }, HttpStatusCode.Conflict);
        use.Mentions("Line 1", "batch LOT-A holds only 5 in warehouse MAIN-", "6 cannot be taken");
        Assert.Equal("LOT-A", (string)Assert.Single(use.Errors)["batch"]!);

        // LOT-C is in the van, not in the main warehouse.
        var elsewhere = await Api.PostRefused($"/api/projects/{project}/materials",
            new { warehouseId = main, lines = new[] { Using(product, 1, ("LOT-C", 1)) } }, HttpStatusCode.Conflict);
        elsewhere.Mentions("batch LOT-C holds only 0 in warehouse MAIN-");

        var dispatch = await Api.DispatchRefused(sale.Id, HttpStatusCode.Conflict, SalesTestApi.BatchLine(sale.LineIds[0], 3, ("LOT-B", 3)));
        dispatch.Mentions("batch LOT-B holds only 2");

        var transfer = await Api.PostRefused("/api/stock-transfers", new
        {
            fromWarehouseId = main,
            toWarehouseId = van,
            lines = new[] { new { productId = product, quantity = 7m, batches = new[] { B("LOT-A", 4), B("LOT-B", 3) } } },
        }, HttpStatusCode.Conflict);
        transfer.Mentions("batch LOT-B holds only 2");

        // Two lines of one request that together take more than the batch holds.
        var twoLines = await Api.PostRefused($"/api/projects/{project}/materials",
            new { warehouseId = main, lines = new[] { Using(product, 3, ("LOT-A", 3)), Using(product, 3, ("LOT-A", 3)) } }, HttpStatusCode.Conflict);
        twoLines.Mentions("Line 2", "batch LOT-A holds only 2");

        Assert.Equal(before, await Api.BatchSnapshot(product));
        Assert.Empty((await Api.Get($"/api/projects/{project}/materials"))["items"]!.AsArray());
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_batch_received_twice_at_two_costs_is_used_oldest_first()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch");
        await Api.ReceiveBatches(warehouse, product, 2m, ("LOT-X", 5));
        await Api.ReceiveBatches(warehouse, product, 3m, ("LOT-X", 5), ("LOT-Y", 1));
        var project = await Api.Project();

        var used = await Api.UseOnProject(project, warehouse, Using(product, 7, ("LOT-X", 7)));
        Assert.Equal(5 * 2m + 2 * 3m, (decimal)used["totalCost"]!);
        var rows = (await Api.Movements(product)).Where(m => (string)m!["sourceType"]! == "Project")
            .Select(m => ((decimal)m!["quantity"]!, (decimal)m["unitCost"]!)).OrderBy(r => r.Item2).ToList();
        Assert.Equal([(-5m, 2m), (-2m, 3m)], rows);

        var sale = await Api.NewSale(warehouse, (product, 2, 10m));
        var dispatched = await Api.Dispatch(sale.Id, SalesTestApi.BatchLine(sale.LineIds[0], 2, ("LOT-X", 2)));
        Assert.Equal(6m, (decimal)dispatched["totalCost"]!);
        Assert.Equal([("LOT-X", warehouse, 1m), ("LOT-Y", warehouse, 1m)], await Api.BatchesOf(product));
        Assert.Equal(6m, await Api.ValueIn(product, warehouse));

        var cogs = (await Api.Movements(product)).Where(m => (decimal)m!["quantity"]! < 0).Sum(m => -(decimal)m!["quantity"]! * (decimal)m["unitCost"]!);
        Assert.Equal(22m, cogs);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task The_batches_of_a_product_are_listed_with_what_each_holds_in_each_warehouse()
    {
        var main = await Api.Warehouse();
        var van = await Api.Warehouse();
        var product = await Api.Product("Batch");
        var other = await Api.Product("Batch");
        await Api.ReceiveBatches(main, product, 1m, ("B-2", 4), ("B-1", 6), ("B-3", 1));
        await Api.ReceiveBatches(van, product, 1m, ("b-1", 2));
        await Api.ReceiveBatches(main, other, 1m, ("B-1", 50));
        var project = await Api.Project();
        await Api.UseOnProject(project, main, Using(product, 1, ("B-3", 1)));

        // A batch used up is no longer listed; each warehouse a batch is in is a row of its own. Without expiry dates
        // they are listed oldest first, the batches of one receipt by code.
        Assert.Equal([("B-1", main, 6m), ("B-2", main, 4m), ("B-1", van, 2m)], await Api.BatchesOf(product));
        Assert.Equal([("B-1", van, 2m)], await Api.BatchesOf(product, van));
        Assert.Equal([("B-1", main, 50m)], await Api.BatchesOf(other));

        var fifo = await Api.Product("Fifo");
        Assert.Empty(await Api.BatchesOf(fifo));
        await Api.Refused(HttpMethod.Get, "/api/products/999999/batches", null, HttpStatusCode.NotFound);
        await Api.AssertLedgerConsistent();
    }
}
