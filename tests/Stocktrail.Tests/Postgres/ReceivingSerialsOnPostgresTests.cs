using System.Net;
using System.Net.Http.Json;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Postgres;

/// <summary>Receiving serials through the set-based ledger statements, on PostgreSQL.</summary>
public sealed class ReceivingSerialsOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public async Task Receiving_serials_puts_each_unit_in_stock_at_the_line_cost()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 3, 12.125m));

        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 3, serials = new[] { "SN-1", "SN-2", "SN-3" } } } });

        Assert.Equal(3, await Api.OnHand(product, warehouse));
        Assert.Equal(36.375m, (decimal)(await Api.Stock(product))["value"]!);
        var unit = await Api.Serial(product, "sn-2");
        Assert.Equal("SN-2", (string)unit["serial"]!);
        Assert.Equal("InStock", (string)unit["status"]!);
        Assert.Equal(warehouse, (int)unit["warehouseId"]!);
        Assert.Equal(12.125m, (decimal)unit["unitCost"]!);
        var movements = await Api.Movements(product);
        Assert.Equal(3, movements.Count);
        Assert.All(movements, m => Assert.Equal(1m, (decimal)m!["quantity"]!));
        Assert.Contains(movements, m => (string)m!["serial"]! == "SN-3" && ((string)m["description"]!).Contains("SN-3"));
        await Api.AssertLedgerConsistent();
    }

    [PostgresFact]
    public async Task Receiving_many_serials_in_one_receipt_moves_them_all()
    {
        var warehouse = await Api.Warehouse();
        var serials = Enumerable.Range(1, 2_000).Select(i => $"BULK-{i:D5}").ToArray();

        var product = await Api.SerialsInStock(warehouse, 3.5m, serials);

        Assert.Equal(2_000, await Api.OnHand(product, warehouse));
        Assert.Equal(7_000m, (decimal)(await Api.Stock(product))["value"]!);
        Assert.Equal("InStock", (string)(await Api.Serial(product, "bulk-01999"))["status"]!);
        await Api.AssertLedgerConsistent();
    }

    [PostgresFact]
    public async Task Receiving_a_serial_already_in_stock_is_refused_and_changes_nothing()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 4, 10m));
        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 1, serials = new[] { "A-1" } } } });

        var problem = await Api.PostRefused($"/api/purchase-orders/{order}/receipts",
            new { lines = new[] { new { lineId = lines[0], quantity = 2, serials = new[] { " a-1 ", "A-2" } } } }, HttpStatusCode.Conflict);

        problem.Mentions("A-1", "already in stock");
        Assert.Equal(1, await Api.OnHand(product));
        Assert.Equal(404, (int)(await Api.Http.GetAsync($"/api/products/{product}/serials/A-2")).StatusCode);
        await Api.AssertLedgerConsistent();
    }

    [PostgresFact]
    public async Task Two_simultaneous_receipts_of_one_serial_on_two_orders_record_it_once()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        const int rounds = 5;

        for (var round = 1; round <= rounds; round++)
        {
            var first = await Api.ApprovedOrder(warehouse, (product, 1, 10m));
            var second = await Api.ApprovedOrder(warehouse, (product, 1, 11m));
            var serial = $"RACE-{round}";

            var answers = await Task.WhenAll(
                Api.Http.PostAsJsonAsync($"/api/purchase-orders/{first.Id}/receipts", new { lines = new[] { new { lineId = first.LineIds[0], quantity = 1, serials = new[] { serial } } } }),
                Api.Http.PostAsJsonAsync($"/api/purchase-orders/{second.Id}/receipts", new { lines = new[] { new { lineId = second.LineIds[0], quantity = 1, serials = new[] { serial } } } }));

            var statuses = answers.Select(a => a.StatusCode).OrderBy(s => s).ToArray();
            var bodies = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));
            Assert.True(statuses.SequenceEqual([HttpStatusCode.Created, HttpStatusCode.Conflict]),
                $"Round {round}: expected one 201 and one 409, got {string.Join(", ", answers.Select((a, i) => $"{(int)a.StatusCode} {bodies[i]}"))}");
            var refused = answers.Single(a => a.StatusCode == HttpStatusCode.Conflict);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            // Even in the first round, before the product has any stock: the loser queued and was told which serial.
            Assert.Contains($"serial {serial} is already in stock", await refused.Content.ReadAsStringAsync());
            Assert.Equal("InStock", (string)(await Api.Serial(product, serial))["status"]!);
        }

        Assert.Equal(rounds, await Api.OnHand(product, warehouse));
        Assert.Equal(rounds, (await Api.Movements(product)).Count);
        await Api.AssertLedgerConsistent();
    }
}
