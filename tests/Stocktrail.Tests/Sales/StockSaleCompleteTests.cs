using System.Net;
using Stocktrail.Tests.Infrastructure;
using static Stocktrail.Tests.Sales.SalesTestApi;

namespace Stocktrail.Tests.Sales;

public sealed class StockSaleCompleteTests(StocktrailFactory factory) : ApiTest(factory)
{
    private Task<System.Text.Json.Nodes.JsonNode> Complete(int saleId) => Api.PostOk($"/api/stock-sales/{saleId}/complete", new { }, HttpStatusCode.OK);

    private Task<Problem> CompleteRefused(int saleId, HttpStatusCode expected) => Api.Refused(HttpMethod.Post, $"/api/stock-sales/{saleId}/complete", null, expected);

    [Fact]
    public async Task Complete_is_refused_for_a_sale_with_open_serialized_lines_naming_each_of_them()
    {
        var warehouse = await Api.Warehouse();
        var fifo = await Api.FifoInStock(warehouse, (10, 5m));
        var first = await Api.SerialsInStock(warehouse, 10m, Api.Unique("SN"), Api.Unique("SN"));
        var second = await Api.SerialsInStock(warehouse, 10m, Api.Unique("SN"));
        var sale = await Api.NewSale(warehouse, (fifo, 3, 9m), (first, 2, 30m), (second, 1, 30m));
        var skus = (await Api.SaleById(sale.Id))["lines"]!.AsArray().Select(l => (string)l!["sku"]!).ToArray();
        var before = await Api.Snapshot(sale.Id, fifo, first, second);

        var problem = await CompleteRefused(sale.Id, HttpStatusCode.Conflict);

        Assert.Contains("Complete is not available", problem.Detail);
        Assert.Contains("serials must be chosen", problem.Detail);
        Assert.Equal(new[] { 2, 3 }, problem.Errors.Select(e => (int)e["line"]!));
        problem.Mentions($"line 2 ({skus[1]}) is serialized: its serials must be chosen", $"line 3 ({skus[2]}) is serialized");
        Assert.DoesNotContain(problem.Messages, m => m.Contains(skus[0], StringComparison.Ordinal));
        Assert.Equal(before, await Api.Snapshot(sale.Id, fifo, first, second));
        Assert.Equal(10m, await Api.OnHand(fifo, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Complete_is_refused_for_a_sale_with_an_open_batch_line_because_its_batches_must_be_chosen()
    {
        var warehouse = await Api.Warehouse();
        var batch = await Api.Product("Batch");
        var sale = await Api.NewSale(warehouse, (batch, 4, 9m));

        var problem = await CompleteRefused(sale.Id, HttpStatusCode.Conflict);

        problem.Mentions("Complete is not available", "line 1", "batch-tracked: its batches must be chosen");
        Assert.Equal("Open", (string)(await Api.SaleById(sale.Id))["status"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Complete_on_a_sale_of_fifo_and_non_stock_lines_dispatches_everything_still_open_at_fifo_cost_and_closes()
    {
        var warehouse = await Api.Warehouse();
        var fifo = await Api.FifoInStock(warehouse, (4, 10m), (6, 12m));
        var service = await Api.Product("NonStock", costPrice: 25m);
        var sale = await Api.NewSale(warehouse, (fifo, 7, 20m), (service, 2, 60m));
        await Api.Dispatch(sale.Id, Line(sale.LineIds[0], 2));

        var completed = await Complete(sale.Id);

        Assert.Equal("Completed", (string)completed["status"]!);
        Assert.All(completed["lines"]!.AsArray(), l => Assert.Equal(0m, (decimal)l!["openQuantity"]!));
        Assert.Equal(new[] { 7m, 2m }, completed["lines"]!.AsArray().Select(l => (decimal)l!["dispatchedQuantity"]!));
        var rows = await Api.SaleMovements(fifo, sale.Id);
        // 2 at 10 first, then Complete takes the other 2 at 10 and 3 of the later layer at 12.
        Assert.Equal(new[] { (-2m, 10m), (-2m, 10m), (-3m, 12m) }, rows.Select(r => ((decimal)r["quantity"]!, (decimal)r["unitCost"]!)));
        Assert.Equal(3m, await Api.OnHand(fifo, warehouse));
        Assert.Equal(36m, (decimal)(await Api.Stock(fifo))["value"]!);
        Assert.Equal("Completed", (string)(await Api.SaleById(sale.Id))["status"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_sale_with_serialized_lines_is_never_completed_in_one_step_but_is_dispatched_in_full_instead()
    {
        var warehouse = await Api.Warehouse();
        var serial = Api.Unique("SN");
        var serialized = await Api.SerialsInStock(warehouse, 40m, serial);
        var fifo = await Api.FifoInStock(warehouse, (5, 10m));
        var sale = await Api.NewSale(warehouse, (serialized, 1, 90m), (fifo, 5, 20m));
        await Api.Dispatch(sale.Id, Line(sale.LineIds[0], 1, serial));

        var problem = await CompleteRefused(sale.Id, HttpStatusCode.Conflict);
        problem.Mentions("line 1", "closed by dispatching them");
        Assert.Equal(5m, await Api.OnHand(fifo, warehouse));

        await Api.Dispatch(sale.Id, Line(sale.LineIds[1], 5));
        var dispatched = await Api.SaleById(sale.Id);
        Assert.Equal("Dispatched", (string)dispatched["status"]!);
        Assert.Equal(new[] { serial }, dispatched["lines"]![0]!["serials"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(0m, await Api.OnHand(fifo, warehouse));
        Assert.Equal(0m, await Api.OnHand(serialized, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Complete_is_refused_when_the_warehouse_holds_too_little_of_an_open_fifo_line()
    {
        var warehouse = await Api.Warehouse();
        var fifo = await Api.FifoInStock(warehouse, (2, 10m));
        var sale = await Api.NewSale(warehouse, (fifo, 5, 20m));
        var before = await Api.Snapshot(sale.Id, fifo);

        var problem = await CompleteRefused(sale.Id, HttpStatusCode.Conflict);

        problem.Mentions("Line 1", "only 2 in stock", "5 cannot be taken");
        Assert.Equal(before, await Api.Snapshot(sale.Id, fifo));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_completed_sale_cannot_be_completed_again()
    {
        var warehouse = await Api.Warehouse();
        var fifo = await Api.FifoInStock(warehouse, (2, 10m));
        var sale = await Api.NewSale(warehouse, (fifo, 1, 20m));
        await Complete(sale.Id);

        var problem = await CompleteRefused(sale.Id, HttpStatusCode.Conflict);

        problem.Mentions($"{sale.Number} is Completed");
        Assert.Equal(1m, await Api.OnHand(fifo, warehouse));
        await Api.AssertLedgerConsistent();
    }
}
