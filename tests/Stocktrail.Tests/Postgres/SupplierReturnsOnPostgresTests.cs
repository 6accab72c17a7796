using System.Net;
using System.Net.Http.Json;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Postgres;

/// <summary>Supplier returns on PostgreSQL, where requests really run side by side and the database decides.</summary>
public sealed class SupplierReturnsOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public async Task A_serial_and_a_batch_go_back_at_their_own_cost_and_the_ledger_check_stays_clean()
    {
        var warehouse = await Api.Warehouse();
        var (serialProduct, batchProduct) = (await Api.Product("Serial"), await Api.Product("Batch"));
        var serial = Api.Unique("SN");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (serialProduct, 1, 70m), (batchProduct, 10, 2.5m));
        await Api.Receive(order, ReceivingApi.Line(lines[0], 1, serial),
            new { lineId = lines[1], quantity = 10, batches = new[] { new { batch = "LOT-PG", quantity = 10 } } });

        var returned = await Api.PostOk($"/api/purchase-orders/{order}/returns", new
        {
            reason = "Wrong part",
            lines = new object[] { ReceivingApi.Line(lines[0], 1, serial), new { lineId = lines[1], quantity = 4, batches = new[] { new { batch = "lot-pg", quantity = 4 } } } },
        });

        Assert.Equal(80m, (decimal)returned["totalCost"]!);
        Assert.Equal("ReturnedToSupplier", (string)(await Api.Serial(serialProduct, serial))["disposition"]!);
        Assert.Equal(6m, await Api.OnHand(batchProduct, warehouse));
        Assert.Equal(15m, (decimal)(await Api.Stock(batchProduct))["value"]!);
        var orderLines = (await Api.Order(order))["lines"]!.AsArray();
        Assert.Equal(new[] { 1m, 4m }, orderLines.Select(l => (decimal)l!["returnedQuantity"]!));
        await Api.AssertLedgerConsistent();
    }

    [PostgresFact]
    public async Task Two_simultaneous_returns_of_the_same_serial_let_exactly_one_through()
    {
        var warehouse = await Api.Warehouse();
        var serial = Api.Unique("RACE");
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 1, 50m));
        await Api.Receive(order, ReceivingApi.Line(lines[0], 1, serial));

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            Api.Http.PostAsJsonAsync($"/api/purchase-orders/{order}/returns", new { lines = new[] { ReceivingApi.Line(lines[0], 1, serial) } })));

        var bodies = string.Join(" | ", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync())));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Created) == 1, $"Expected one 201: {bodies}");
        var refused = responses.Single(r => r.StatusCode != HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains(serial, await refused.Content.ReadAsStringAsync());

        var unit = await Api.Serial(product, serial);
        Assert.Equal(new[] { "Received", "ReturnedToSupplier" }, unit["history"]!.AsArray().Select(h => (string)h!["kind"]!));
        Assert.Equal(1m, (decimal)(await Api.Order(order))["lines"]![0]!["returnedQuantity"]!);
        Assert.Equal(0m, await Api.OnHand(product, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [PostgresFact]
    public async Task Ten_simultaneous_returns_of_different_serials_on_one_order_all_go_through()
    {
        var warehouse = await Api.Warehouse();
        var serials = Enumerable.Range(0, 10).Select(_ => Api.Unique("SN")).ToArray();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 10, 5m));
        await Api.Receive(order, ReceivingApi.Line(lines[0], 10, serials));

        var responses = await Task.WhenAll(serials.Select(s =>
            Api.Http.PostAsJsonAsync($"/api/purchase-orders/{order}/returns", new { lines = new[] { ReceivingApi.Line(lines[0], 1, s) } })));

        var bodies = string.Join(" | ", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync())));
        Assert.True(responses.All(r => r.StatusCode == HttpStatusCode.Created), $"Expected ten 201: {bodies}");
        Assert.Equal(10m, (decimal)(await Api.Order(order))["lines"]![0]!["returnedQuantity"]!);
        Assert.Equal(0m, await Api.OnHand(product, warehouse));
        await Api.AssertLedgerConsistent();
    }
}
