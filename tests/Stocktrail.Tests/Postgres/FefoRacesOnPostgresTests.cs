using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;
using static Stocktrail.Tests.Sales.SalesTestApi;

namespace Stocktrail.Tests.Postgres;

/// <summary>
/// FEFO dispatches racing on PostgreSQL, where requests really run side by side: each picks the earliest-expiring
/// batches it sees, and the ledger's conditional updates let exactly what is in stock through, never a unit twice.
/// </summary>
public sealed class FefoRacesOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public async Task Twenty_simultaneous_fefo_dispatches_of_two_units_with_twenty_in_stock_let_exactly_ten_through_and_take_no_unit_twice()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 25, 2m));
        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new[] { new { lineId = lines[0], quantity = 25m, batches = new object[]
            {
                new { batch = "FIRST", quantity = 6m, expiresOn = today.AddDays(3).ToString("yyyy-MM-dd") },
                new { batch = "SECOND", quantity = 14m, expiresOn = today.AddDays(9).ToString("yyyy-MM-dd") },
                new { batch = "EXPIRED", quantity = 5m, expiresOn = today.AddDays(-1).ToString("yyyy-MM-dd") },
            } } },
        });
        var sales = new List<Sale>();
        for (var i = 0; i < 20; i++) sales.Add(await Api.NewSale(warehouse, (product, 2, 10m)));

        var responses = await Task.WhenAll(sales.Select(s =>
            Api.Http.PostAsJsonAsync($"/api/stock-sales/{s.Id}/dispatches", new { lines = new[] { new { lineId = s.LineIds[0], quantity = 2m, pick = "Fefo" } } })));

        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Created) == 10, $"Expected ten 201: {string.Join(" | ", bodies)}");
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Conflict) == 10, $"Expected ten 409: {string.Join(" | ", bodies)}");
        var taken = bodies.Where((_, i) => responses[i].StatusCode == HttpStatusCode.Created)
            .SelectMany(b => JsonNode.Parse(b)!["lines"]!.AsArray()[0]!["batches"]!.AsArray())
            .GroupBy(b => (string)b!["batch"]!).ToDictionary(g => g.Key, g => g.Sum(b => (decimal)b!["quantity"]!));
        Assert.Equal(new Dictionary<string, decimal> { ["FIRST"] = 6m, ["SECOND"] = 14m }, taken);
        Assert.Equal(5m, await Api.OnHand(product, warehouse));
        await Api.AssertLedgerConsistent();
    }
}
