using System.Net;
using Stocktrail.Tests.Infrastructure;
using static Stocktrail.Tests.Sales.SalesTestApi;

namespace Stocktrail.Tests.Sales;

public sealed class StockSaleReturnTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task A_returned_serial_comes_back_in_stock_at_the_cost_it_left_at_and_its_history_continues()
    {
        var warehouse = await Api.Warehouse();
        var (serial, other) = (Api.Unique("SN"), Api.Unique("SN"));
        var product = await Api.SerialsInStock(warehouse, 80m, serial, other);
        var sale = await Api.NewSale(warehouse, (product, 2, 200m));
        await Api.Dispatch(sale.Id, Line(sale.LineIds[0], 2, serial, other));
        var unit = await Api.Serial(product, serial);

        var returned = await Api.CustomerReturn(sale.Id, Line(sale.LineIds[0], 1, serial.ToLowerInvariant()));

        Assert.Equal(80m, (decimal)returned["totalCost"]!);
        Assert.Equal(new[] { serial }, returned["lines"]![0]!["serials"]!.AsArray().Select(s => (string)s!));
        var back = await Api.Serial(product, serial);
        Assert.Equal((long)unit["id"]!, (long)back["id"]!);
        Assert.Equal("InStock", (string)back["status"]!);
        Assert.Equal(warehouse, (int)back["warehouseId"]!);
        Assert.Equal(80m, (decimal)back["unitCost"]!);
        var history = back["history"]!.AsArray();
        Assert.Equal(new[] { "PurchaseOrder", "StockSale", "StockSale" }, history.Select(h => (string)h!["sourceType"]!));
        Assert.Equal(new[] { 1m, -1m, 1m }, history.Select(h => (decimal)h!["quantity"]!));
        Assert.Contains($"Dispatched on {sale.Number} to {sale.CustomerName}", (string)history[1]!["description"]!);
        Assert.Contains($"Returned by {sale.CustomerName} on {sale.Number}", (string)history[2]!["description"]!);
        Assert.Equal(80m, (decimal)history[2]!["unitCost"]!);

        var line = (await Api.SaleById(sale.Id))["lines"]![0]!;
        Assert.Equal(2m, (decimal)line["dispatchedQuantity"]!);
        Assert.Equal(1m, (decimal)line["returnedQuantity"]!);
        Assert.Equal(new[] { other }, line["serials"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(1m, await Api.OnHand(product, warehouse));
        Assert.Equal(80m, (decimal)(await Api.Stock(product))["value"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Returning_a_serial_not_dispatched_on_that_sale_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var (onOther, onThis, neverSold) = (Api.Unique("SN"), Api.Unique("SN"), Api.Unique("SN"));
        var product = await Api.SerialsInStock(warehouse, 10m, onOther, onThis, neverSold);
        var sale = await Api.NewSale(warehouse, (product, 1, 30m));
        var other = await Api.NewSale(warehouse, (product, 1, 30m));
        await Api.Dispatch(sale.Id, Line(sale.LineIds[0], 1, onThis));
        await Api.Dispatch(other.Id, Line(other.LineIds[0], 1, onOther));
        var before = await Api.Snapshot(sale.Id, product);

        var problem = await Api.CustomerReturnRefused(sale.Id, HttpStatusCode.Conflict, Line(sale.LineIds[0], 1, onOther));
        problem.Mentions($"serial {onOther} did not leave on {sale.Number}");
        Assert.Equal(onOther, (string)problem.Errors.Single()["serial"]!);

        problem = await Api.CustomerReturnRefused(sale.Id, HttpStatusCode.Conflict, Line(sale.LineIds[0], 1, neverSold));
        problem.Mentions($"serial {neverSold} did not leave on {sale.Number}");

        Assert.Equal(before, await Api.Snapshot(sale.Id, product));
        Assert.Equal("Out", (string)(await Api.Serial(product, onOther))["status"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Returning_more_than_a_line_has_dispatched_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.FifoInStock(warehouse, (10, 10m));
        var sale = await Api.NewSale(warehouse, (product, 5, 30m));
        await Api.Dispatch(sale.Id, Line(sale.LineIds[0], 3));
        var before = await Api.Snapshot(sale.Id, product);

        var problem = await Api.CustomerReturnRefused(sale.Id, HttpStatusCode.Conflict, Line(sale.LineIds[0], 4));

        problem.Mentions("sale line 1 has 3 dispatched and not yet returned; 4 cannot be returned");
        Assert.Equal(before, await Api.Snapshot(sale.Id, product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Returned_fifo_stock_comes_back_at_the_cost_it_left_at()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.FifoInStock(warehouse, (4, 10m), (4, 16m));
        var sale = await Api.NewSale(warehouse, (product, 4, 30m));
        await Api.Dispatch(sale.Id, Line(sale.LineIds[0], 4));

        var returned = await Api.CustomerReturn(sale.Id, Line(sale.LineIds[0], 2));

        Assert.Equal(20m, (decimal)returned["totalCost"]!);
        Assert.Equal(6m, await Api.OnHand(product, warehouse));
        Assert.Equal(2 * 10m + 4 * 16m, (decimal)(await Api.Stock(product))["value"]!);
        Assert.Equal(2m, (decimal)(await Api.SaleById(sale.Id))["lines"]![0]!["returnedQuantity"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_completed_sale_still_takes_a_customer_return()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.FifoInStock(warehouse, (3, 10m));
        var sale = await Api.NewSale(warehouse, (product, 3, 30m));
        await Api.PostOk($"/api/stock-sales/{sale.Id}/complete", new { }, HttpStatusCode.OK);

        await Api.CustomerReturn(sale.Id, Line(sale.LineIds[0], 1));

        var read = await Api.SaleById(sale.Id);
        Assert.Equal("Completed", (string)read["status"]!);
        Assert.Equal(1m, (decimal)read["lines"]![0]!["returnedQuantity"]!);
        Assert.Equal(1m, await Api.OnHand(product, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_returned_serial_can_be_dispatched_again_on_another_sale_at_its_own_cost()
    {
        var warehouse = await Api.Warehouse();
        var serial = Api.Unique("SN");
        var product = await Api.SerialsInStock(warehouse, 55m, serial);
        var first = await Api.NewSale(warehouse, (product, 1, 100m));
        await Api.Dispatch(first.Id, Line(first.LineIds[0], 1, serial));
        await Api.CustomerReturn(first.Id, Line(first.LineIds[0], 1, serial));
        var second = await Api.NewSale(warehouse, (product, 1, 90m));

        var dispatched = await Api.Dispatch(second.Id, Line(second.LineIds[0], 1, serial));

        Assert.Equal(55m, (decimal)dispatched["totalCost"]!);
        var unit = await Api.Serial(product, serial);
        Assert.Equal("Out", (string)unit["status"]!);
        var history = unit["history"]!.AsArray();
        Assert.Equal(new[] { 1m, -1m, 1m, -1m }, history.Select(h => (decimal)h!["quantity"]!));
        Assert.Equal(new[] { first.Id, first.Id, second.Id }, history.Skip(1).Select(h => (int)h!["sourceId"]!));
        Assert.Contains($"to {second.CustomerName}", (string)history[3]!["description"]!);
        Assert.Equal(0m, await Api.OnHand(product, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_serial_that_came_back_another_way_and_left_again_cannot_be_returned_on_the_first_sale()
    {
        var warehouse = await Api.Warehouse();
        var serial = Api.Unique("SN");
        var product = await Api.SerialsInStock(warehouse, 50m, serial);
        var first = await Api.NewSale(warehouse, (product, 1, 100m));
        await Api.Dispatch(first.Id, Line(first.LineIds[0], 1, serial));
        await Api.ReceiveSerials(product, warehouse, 70m, serial);
        var second = await Api.NewSale(warehouse, (product, 1, 100m));
        await Api.Dispatch(second.Id, Line(second.LineIds[0], 1, serial));
        var before = await Api.Snapshot(first.Id, product);

        var problem = await Api.CustomerReturnRefused(first.Id, HttpStatusCode.Conflict, Line(first.LineIds[0], 1, serial));
        problem.Mentions($"serial {serial} did not leave on {first.Number}");
        Assert.Equal(before, await Api.Snapshot(first.Id, product));

        var returned = await Api.CustomerReturn(second.Id, Line(second.LineIds[0], 1, serial));
        Assert.Equal(70m, (decimal)returned["totalCost"]!);
        Assert.Equal("InStock", (string)(await Api.Serial(product, serial))["status"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_serial_comes_back_only_on_the_sale_line_it_left_on()
    {
        var warehouse = await Api.Warehouse();
        var (s1, s2) = (Api.Unique("SN"), Api.Unique("SN"));
        var product = await Api.SerialsInStock(warehouse, 10m, s1, s2);
        var sale = await Api.NewSale(warehouse, (product, 1, 30m), (product, 1, 35m));
        await Api.Dispatch(sale.Id, Line(sale.LineIds[0], 1, s1), Line(sale.LineIds[1], 1, s2));
        var before = await Api.Snapshot(sale.Id, product);

        var problem = await Api.CustomerReturnRefused(sale.Id, HttpStatusCode.Conflict, Line(sale.LineIds[1], 1, s1));

        problem.Mentions($"serial {s1} left on sale line 1 of {sale.Number}, not on line 2");
        Assert.Equal(before, await Api.Snapshot(sale.Id, product));
        await Api.AssertLedgerConsistent();
    }
}
