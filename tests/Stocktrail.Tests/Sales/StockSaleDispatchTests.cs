using System.Net;
using System.Text.RegularExpressions;
using Stocktrail.Tests.Infrastructure;
using static Stocktrail.Tests.Sales.SalesTestApi;

namespace Stocktrail.Tests.Sales;

public sealed class StockSaleDispatchTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task A_sale_is_created_with_its_lines_numbered_and_nothing_dispatched()
    {
        var warehouse = await Api.Warehouse();
        var serialized = await Api.SerialsInStock(warehouse, 50m, Api.Unique("SN"));
        var fifo = await Api.FifoInStock(warehouse, (4, 10m));
        var sale = await Api.NewSale(warehouse, (serialized, 1, 99.5m), (fifo, 2.5m, 20m));

        Assert.Matches(new Regex(@"^SS-\d{5}$"), sale.Number);
        var read = await Api.SaleById(sale.Id);
        Assert.Equal("Open", (string)read["status"]!);
        Assert.Equal(sale.CustomerId, (int)read["customerId"]!);
        Assert.Equal(warehouse, (int)read["warehouseId"]!);
        var lines = read["lines"]!.AsArray();
        Assert.Equal(new[] { 1, 2 }, lines.Select(l => (int)l!["lineNumber"]!));
        Assert.Equal(new[] { "Serial", "Fifo" }, lines.Select(l => (string)l!["trackingType"]!));
        Assert.Equal(99.5m, (decimal)lines[0]!["unitPrice"]!);
        Assert.Equal(2.5m, (decimal)lines[1]!["openQuantity"]!);
        Assert.All(lines, l => Assert.Equal(0m, (decimal)l!["dispatchedQuantity"]!));

        var list = (await Api.Get("/api/stock-sales"))["items"]!.AsArray();
        Assert.Contains(list, s => (int)s!["id"]! == sale.Id && (string)s!["number"]! == sale.Number && (string)s!["customerName"]! == sale.CustomerName);
        Assert.Equal(4m, await Api.OnHand(fifo, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Creating_a_sale_with_bad_lines_is_refused_naming_every_problem()
    {
        var warehouse = await Api.Warehouse();
        var serialized = await Api.Product("Serial");
        var problem = await Api.PostRefused("/api/stock-sales", new
        {
            customerId = 999_999,
            warehouseId = warehouse,
            lines = new object[]
            {
                new { productId = serialized, quantity = 1.5m, unitPrice = 10m },
                new { productId = 999_999, quantity = 1m, unitPrice = 10m },
                new { productId = serialized, quantity = 0m, unitPrice = -1m },
            },
        }, HttpStatusCode.BadRequest);

        problem.Mentions("no customer with id 999999", "Line 1", "serialized units are whole", "Line 2: there is no product",
            "Line 3", "must be more than zero", "unit price cannot be negative");
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Dispatching_a_serialized_line_in_parts_takes_out_the_named_serials_each_at_its_own_cost()
    {
        var warehouse = await Api.Warehouse();
        var (a1, a2, b1) = (Api.Unique("SN"), Api.Unique("SN"), Api.Unique("SN"));
        var product = await Api.SerialsInStock(warehouse, 100m, a1, a2);
        await Api.ReceiveSerials(product, warehouse, 130m, b1);
        var sale = await Api.NewSale(warehouse, (product, 3, 250m));

        var first = await Api.Dispatch(sale.Id, Line(sale.LineIds[0], 1, b1.ToLowerInvariant()));
        Assert.Equal("PartiallyDispatched", (string)first["status"]!);
        Assert.Equal(130m, (decimal)first["totalCost"]!);
        Assert.Equal(new[] { b1 }, first["lines"]![0]!["serials"]!.AsArray().Select(s => (string)s!));
        var unit = await Api.Serial(product, b1);
        Assert.Equal("Out", (string)unit["status"]!);
        Assert.Null(unit["warehouseId"]);
        Assert.Equal(2m, await Api.OnHand(product, warehouse));

        var second = await Api.Dispatch(sale.Id, Line(sale.LineIds[0], 2, a1, a2));
        Assert.Equal("Dispatched", (string)second["status"]!);
        Assert.Equal(200m, (decimal)second["totalCost"]!);
        Assert.Equal(0m, await Api.OnHand(product, warehouse));
        Assert.Equal(0m, (decimal)(await Api.Stock(product))["value"]!);

        var line = (await Api.SaleById(sale.Id))["lines"]![0]!;
        Assert.Equal(3m, (decimal)line["dispatchedQuantity"]!);
        Assert.Equal(0m, (decimal)line["openQuantity"]!);
        Assert.Equal(new[] { b1, a1, a2 }, line["serials"]!.AsArray().Select(s => (string)s!));

        var rows = await Api.SaleMovements(product, sale.Id);
        Assert.Equal(new[] { b1, a1, a2 }, rows.Select(r => (string)r["serial"]!));
        Assert.All(rows, r => Assert.Equal(-1m, (decimal)r["quantity"]!));
        Assert.Equal(new[] { 130m, 100m, 100m }, rows.Select(r => (decimal)r["unitCost"]!));
        Assert.Equal(new[] { -130m, -100m, -100m }, rows.Select(r => (decimal)r["value"]!));
        Assert.All(rows, r => Assert.Equal(sale.Number, (string)r["sourceNumber"]!));
        Assert.Contains($"Dispatched on {sale.Number} to {sale.CustomerName}", (string)rows[0]["description"]!);
        Assert.Contains(b1, (string)rows[0]["description"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_fifo_dispatch_takes_the_oldest_layer_first_at_its_cost()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.FifoInStock(warehouse, (5, 10m), (5, 14m));
        var sale = await Api.NewSale(warehouse, (product, 8, 30m));

        var dispatched = await Api.Dispatch(sale.Id, Line(sale.LineIds[0], 7));

        Assert.Equal(5 * 10m + 2 * 14m, (decimal)dispatched["totalCost"]!);
        var rows = await Api.SaleMovements(product, sale.Id);
        Assert.Equal(new[] { (-5m, 10m), (-2m, 14m) }, rows.Select(r => ((decimal)r["quantity"]!, (decimal)r["unitCost"]!)));
        Assert.Equal(3m, await Api.OnHand(product, warehouse));
        Assert.Equal(3 * 14m, (decimal)(await Api.Stock(product))["value"]!);
        var line = (await Api.SaleById(sale.Id))["lines"]![0]!;
        Assert.Equal(7m, (decimal)line["dispatchedQuantity"]!);
        Assert.Equal(1m, (decimal)line["openQuantity"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_batch_line_is_dispatched_from_the_named_batches_and_a_return_brings_them_back()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 10, 4m));
        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new[] { new { lineId = lines[0], quantity = 10m, batches = new[] { new { batch = "LOT-A", quantity = 6m }, new { batch = "LOT-B", quantity = 4m } } } },
        });
        var sale = await Api.NewSale(warehouse, (product, 5, 9m));

        var dispatched = await Api.Dispatch(sale.Id, BatchLine(sale.LineIds[0], 5, ("LOT-A", 2), ("LOT-B", 3)));

        Assert.Equal(20m, (decimal)dispatched["totalCost"]!);
        var line = (await Api.SaleById(sale.Id))["lines"]![0]!;
        Assert.Equal(new[] { ("LOT-A", 2m), ("LOT-B", 3m) },
            line["batches"]!.AsArray().Select(b => ((string)b!["batch"]!, (decimal)b!["quantity"]!)).OrderBy(b => b.Item1));
        Assert.Equal(5m, await Api.OnHand(product, warehouse));

        var problem = await Api.CustomerReturnRefused(sale.Id, HttpStatusCode.Conflict, BatchLine(sale.LineIds[0], 3, ("LOT-A", 3)));
        problem.Mentions("only 2 of batch LOT-A left on");

        await Api.CustomerReturn(sale.Id, BatchLine(sale.LineIds[0], 2, ("LOT-B", 2)));
        line = (await Api.SaleById(sale.Id))["lines"]![0]!;
        Assert.Equal(new[] { ("LOT-A", 2m), ("LOT-B", 1m) },
            line["batches"]!.AsArray().Select(b => ((string)b!["batch"]!, (decimal)b!["quantity"]!)).OrderBy(b => b.Item1));
        Assert.Equal(7m, await Api.OnHand(product, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Dispatching_a_line_of_another_sale_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.FifoInStock(warehouse, (5, 10m));
        var sale = await Api.NewSale(warehouse, (product, 2, 30m));
        var other = await Api.NewSale(warehouse, (product, 2, 30m));
        var before = await Api.Snapshot(sale.Id, product);

        var problem = await Api.DispatchRefused(sale.Id, HttpStatusCode.BadRequest, Line(other.LineIds[0], 1));

        problem.Mentions($"Line 1: line id {other.LineIds[0]} is not a line of {sale.Number}");
        Assert.Equal(1, (int)problem.Errors[0]["line"]!);
        Assert.Equal(before, await Api.Snapshot(sale.Id, product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Dispatching_more_than_a_line_has_left_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.FifoInStock(warehouse, (20, 10m));
        var sale = await Api.NewSale(warehouse, (product, 5, 30m));
        await Api.Dispatch(sale.Id, Line(sale.LineIds[0], 3));
        var before = await Api.Snapshot(sale.Id, product);

        var problem = await Api.DispatchRefused(sale.Id, HttpStatusCode.Conflict, Line(sale.LineIds[0], 3));
        problem.Mentions("sale line 1 has 2 of its 5 left to dispatch; 3 cannot be dispatched");

        // Two request lines naming the same sale line count together.
        problem = await Api.DispatchRefused(sale.Id, HttpStatusCode.Conflict, Line(sale.LineIds[0], 1), Line(sale.LineIds[0], 2));
        problem.Mentions("Line 2", "has 1 of its 5 left to dispatch; 2 cannot be dispatched");

        Assert.Equal(before, await Api.Snapshot(sale.Id, product));
        Assert.Equal(17m, await Api.OnHand(product, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Dispatching_a_serialized_line_with_a_serial_count_other_than_its_quantity_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var (s1, s2) = (Api.Unique("SN"), Api.Unique("SN"));
        var product = await Api.SerialsInStock(warehouse, 10m, s1, s2);
        var sale = await Api.NewSale(warehouse, (product, 2, 30m));
        var before = await Api.Snapshot(sale.Id, product);

        var problem = await Api.DispatchRefused(sale.Id, HttpStatusCode.BadRequest, Line(sale.LineIds[0], 2, s1));
        problem.Mentions("Line 1", "1 serial was given for a quantity of 2");

        problem = await Api.DispatchRefused(sale.Id, HttpStatusCode.BadRequest, Line(sale.LineIds[0], 2));
        problem.Mentions("Line 1", "is serialized; give the serial of each of the 2 units");

        Assert.Equal(before, await Api.Snapshot(sale.Id, product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Dispatching_serials_on_a_fifo_line_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.FifoInStock(warehouse, (5, 10m));
        var sale = await Api.NewSale(warehouse, (product, 1, 30m));
        var before = await Api.Snapshot(sale.Id, product);

        var problem = await Api.DispatchRefused(sale.Id, HttpStatusCode.BadRequest, Line(sale.LineIds[0], 1, "SN-1"));

        problem.Mentions("Line 1", "is tracked as Fifo, not by serial; serials cannot be given for it");
        Assert.Equal(before, await Api.Snapshot(sale.Id, product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Dispatching_serials_not_in_stock_in_the_sales_warehouse_or_of_another_product_is_refused_naming_each()
    {
        var warehouse = await Api.Warehouse();
        var elsewhere = await Api.Warehouse();
        var (gone, away, foreign, good) = (Api.Unique("SN"), Api.Unique("SN"), Api.Unique("SN"), Api.Unique("SN"));
        var unknown = Api.Unique("SN");
        var product = await Api.SerialsInStock(warehouse, 10m, gone, good);
        await Api.ReceiveSerials(product, elsewhere, 10m, away);
        var otherProduct = await Api.SerialsInStock(warehouse, 10m, foreign);
        var earlier = await Api.NewSale(warehouse, (product, 1, 30m));
        await Api.Dispatch(earlier.Id, Line(earlier.LineIds[0], 1, gone));

        var sale = await Api.NewSale(warehouse, (product, 5, 30m));
        var before = await Api.Snapshot(sale.Id, product, otherProduct);

        var problem = await Api.DispatchRefused(sale.Id, HttpStatusCode.Conflict, Line(sale.LineIds[0], 5, gone, away, foreign, unknown, good));

        problem.Mentions($"serial {gone} is not in stock", $"serial {away} is in stock in warehouse", "transfer it first",
            $"serial {foreign} belongs to", $"has no unit with serial {unknown}");
        Assert.Equal(4, problem.Errors.Count);
        Assert.Equal(new[] { gone, away, foreign, unknown }.Order(), problem.Errors.Select(e => (string)e["serial"]!).Order());
        Assert.Equal(before, await Api.Snapshot(sale.Id, product, otherProduct));
        Assert.Equal("InStock", (string)(await Api.Serial(product, good))["status"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Dispatching_more_fifo_stock_than_the_warehouse_holds_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var elsewhere = await Api.Warehouse();
        var product = await Api.FifoInStock(warehouse, (3, 10m));
        var (order, lines) = await Api.ApprovedOrder(elsewhere, (product, 10, 10m));
        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 10m } } });
        var sale = await Api.NewSale(warehouse, (product, 5, 30m));
        var before = await Api.Snapshot(sale.Id, product);

        var problem = await Api.DispatchRefused(sale.Id, HttpStatusCode.Conflict, Line(sale.LineIds[0], 4));

        problem.Mentions("Line 1", "only 3 in stock in warehouse", "4 cannot be taken");
        Assert.Equal(before, await Api.Snapshot(sale.Id, product));
        Assert.Equal(3m, await Api.OnHand(product, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Dispatching_on_a_completed_sale_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.FifoInStock(warehouse, (5, 10m));
        var sale = await Api.NewSale(warehouse, (product, 2, 30m));
        await Api.PostOk($"/api/stock-sales/{sale.Id}/complete", new { }, HttpStatusCode.OK);
        var before = await Api.Snapshot(sale.Id, product);

        var problem = await Api.DispatchRefused(sale.Id, HttpStatusCode.Conflict, Line(sale.LineIds[0], 1));

        problem.Mentions($"{sale.Number} is Completed");
        Assert.Equal(before, await Api.Snapshot(sale.Id, product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_dispatch_with_several_bad_lines_reports_every_problem_at_once_and_changes_nothing()
    {
        var warehouse = await Api.Warehouse();
        var (good, missing) = (Api.Unique("SN"), Api.Unique("SN"));
        var serialized = await Api.SerialsInStock(warehouse, 10m, good);
        var fifo = await Api.FifoInStock(warehouse, (2, 10m));
        var sale = await Api.NewSale(warehouse, (serialized, 2, 30m), (fifo, 5, 30m));
        var other = await Api.NewSale(warehouse, (fifo, 1, 30m));
        var before = await Api.Snapshot(sale.Id, serialized, fifo);

        var problem = await Api.DispatchRefused(sale.Id, HttpStatusCode.BadRequest,
            Line(sale.LineIds[0], 2, good, missing),
            Line(sale.LineIds[1], 4),
            Line(other.LineIds[0], 1));

        problem.Mentions($"Line 1 ({(string)(await Api.SaleById(sale.Id))["lines"]![0]!["sku"]!}): ", $"has no unit with serial {missing}",
            "Line 2", "only 2 in stock", "Line 3: line id");
        Assert.Equal(before, await Api.Snapshot(sale.Id, serialized, fifo));
        await Api.AssertLedgerConsistent();
    }
}
