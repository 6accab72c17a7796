using System.Net;
using System.Net.Http.Json;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Sales;

namespace Stocktrail.Tests.Postgres;

/// <summary>Returns of what left on a document (a sale, a project), on PostgreSQL, where two returns really run side by side.</summary>
public sealed class ReturnRacesOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public async Task Two_simultaneous_returns_of_a_projects_last_used_unit_bring_back_one_and_refuse_the_other()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.FifoInStock(warehouse, (1m, 4m));
        var project = (int)(await Api.PostOk("/api/projects", new { name = Api.Unique("Fit-out") }))["id"]!;
        await Api.PostOk($"/api/projects/{project}/materials", new { warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 1 } } });

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            Api.Http.PostAsJsonAsync($"/api/projects/{project}/material-returns", new { warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 1 } } })));

        var bodies = string.Join(" | ", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync())));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Created) == 1, $"Expected one 201: {bodies}");
        Assert.Equal(HttpStatusCode.Conflict, responses.Single(r => r.StatusCode != HttpStatusCode.Created).StatusCode);
        Assert.Equal(1m, await Api.OnHand(product, warehouse));
        Assert.Equal(4m, (decimal)(await Api.Stock(product))["value"]!);
        await Api.AssertLedgerConsistent();
    }

    [PostgresFact]
    public async Task Ten_simultaneous_returns_on_one_sale_queue_behind_each_other_and_all_go_through()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.FifoInStock(warehouse, (20m, 3m));
        var sale = await Api.NewSale(warehouse, (product, 20m, 9m));
        await Api.Dispatch(sale.Id, SalesTestApi.Line(sale.LineIds[0], 20m));

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Api.Http.PostAsJsonAsync($"/api/stock-sales/{sale.Id}/returns", new { lines = new[] { SalesTestApi.Line(sale.LineIds[0], 1m) } })));

        var bodies = string.Join(" | ", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync())));
        Assert.True(responses.All(r => r.StatusCode == HttpStatusCode.Created), $"Expected ten 201: {bodies}");
        Assert.Equal(10m, (decimal)(await Api.SaleById(sale.Id))["lines"]![0]!["returnedQuantity"]!);
        Assert.Equal(10m, await Api.OnHand(product, warehouse));
        Assert.Equal(30m, (decimal)(await Api.Stock(product))["value"]!);
        await Api.AssertLedgerConsistent();
    }

    [PostgresFact]
    public async Task Two_simultaneous_returns_of_the_last_unit_let_exactly_one_through_and_the_other_is_told_why()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.FifoInStock(warehouse, (1m, 3m));
        var sale = await Api.NewSale(warehouse, (product, 1m, 9m));
        await Api.Dispatch(sale.Id, SalesTestApi.Line(sale.LineIds[0], 1m));

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            Api.Http.PostAsJsonAsync($"/api/stock-sales/{sale.Id}/returns", new { lines = new[] { SalesTestApi.Line(sale.LineIds[0], 1m) } })));

        var bodies = string.Join(" | ", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync())));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Created) == 1, $"Expected one 201: {bodies}");
        var refused = responses.Single(r => r.StatusCode != HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("has 0 dispatched and not yet returned", await refused.Content.ReadAsStringAsync());
        Assert.Equal(1m, await Api.OnHand(product, warehouse));
        await Api.AssertLedgerConsistent();
    }
}
