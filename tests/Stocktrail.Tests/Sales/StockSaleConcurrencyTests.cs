using System.Net;
using System.Net.Http.Json;
using Stocktrail.Tests.Infrastructure;
using static Stocktrail.Tests.Sales.SalesTestApi;

namespace Stocktrail.Tests.Sales;

public sealed class StockSaleConcurrencyTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public Task Twenty_simultaneous_dispatches_of_the_same_serial_on_twenty_sales_let_exactly_one_through() =>
        DispatchRaces.OneSerialOnTwentySales(Api);

    [Fact]
    public Task Twenty_simultaneous_dispatches_of_one_fifo_unit_with_ten_in_stock_let_exactly_ten_through() =>
        DispatchRaces.TenFifoUnitsForTwentySales(Api);
}

/// <summary>
/// Races of many dispatches at once, run on each database: the database lets exactly what is in stock through. With
/// <c>other</c> (a second app node on the same database) every other dispatch goes to it.
/// </summary>
public static class DispatchRaces
{
    public static async Task OneSerialOnTwentySales(Api Api, Api? other = null)
    {
        var warehouse = await Api.Warehouse();
        var (serial, bystander) = (Api.Unique("RACE"), Api.Unique("RACE"));
        var product = await Api.SerialsInStock(warehouse, 75m, serial, bystander);
        var sales = new List<Sale>();
        for (var i = 0; i < 20; i++) sales.Add(await Api.NewSale(warehouse, (product, 1, 100m)));

        var responses = await Task.WhenAll(sales.Select((s, i) =>
            Node(Api, other, i).PostAsJsonAsync($"/api/stock-sales/{s.Id}/dispatches", new { lines = new[] { Line(s.LineIds[0], 1, serial) } })));

        var bodies = string.Join(" | ", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync())));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Created) == 1, $"Expected one 201: {bodies}");
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Conflict) == 19, $"Expected nineteen 409: {bodies}");
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains(serial, await refused.Content.ReadAsStringAsync());
        }

        var unit = await Api.Serial(product, serial);
        Assert.Equal("Out", (string)unit["status"]!);
        Assert.Equal(2, unit["history"]!.AsArray().Count);
        var winner = sales[Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.Created)];
        foreach (var sale in sales)
            Assert.Equal(sale == winner ? 1m : 0m, (decimal)(await Api.SaleById(sale.Id))["lines"]![0]!["dispatchedQuantity"]!);
        Assert.Equal(1m, await Api.OnHand(product, warehouse));
        Assert.Equal(75m, (decimal)(await Api.Stock(product))["value"]!);
        await Api.AssertLedgerConsistent();
    }

    public static async Task TenFifoUnitsForTwentySales(Api Api, Api? other = null)
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.FifoInStock(warehouse, (4, 10m), (6, 11m));
        var sales = new List<Sale>();
        for (var i = 0; i < 20; i++) sales.Add(await Api.NewSale(warehouse, (product, 1, 30m)));

        var responses = await Task.WhenAll(sales.Select((s, i) =>
            Node(Api, other, i).PostAsJsonAsync($"/api/stock-sales/{s.Id}/dispatches", new { lines = new[] { Line(s.LineIds[0], 1) } })));

        var bodies = string.Join(" | ", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync())));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Created) == 10, $"Expected ten 201: {bodies}");
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Conflict) == 10, $"Expected ten 409: {bodies}");
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.Conflict),
            r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
        Assert.Equal(0m, await Api.OnHand(product, warehouse));
        Assert.Equal(0m, (decimal)(await Api.Stock(product))["value"]!);
        var costs = (await Task.WhenAll(responses.Where(r => r.StatusCode == HttpStatusCode.Created)
            .Select(r => r.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>()))).Select(n => (decimal)n!["totalCost"]!);
        Assert.Equal(4 * 10m + 6 * 11m, costs.Sum());
        await Api.AssertLedgerConsistent();
    }

    private static HttpClient Node(Api api, Api? other, int i) => other is not null && i % 2 == 1 ? other.Http : api.Http;
}
