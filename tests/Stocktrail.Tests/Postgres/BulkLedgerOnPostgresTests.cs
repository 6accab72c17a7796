using System.Net;
using System.Net.Http.Json;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Sales;
using static Stocktrail.Tests.Sales.SalesTestApi;

namespace Stocktrail.Tests.Postgres;

/// <summary>
/// The PostgreSQL statement paths of large documents: new units and their ledger rows by binary COPY, and the dispatch's
/// conditional update over a bigint[] of unit ids, checked for what they leave behind and for what they refuse.
/// </summary>
public sealed class BulkLedgerOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public async Task A_large_receipt_by_copy_leaves_every_unit_its_ledger_row_and_the_level()
    {
        var warehouse = await Api.Warehouse();
        var serials = Enumerable.Range(1, 5_000).Select(i => $"COPY-{i:D5}").ToArray();

        var product = await Api.SerialsInStock(warehouse, 2.125m, serials);

        Assert.Equal(5_000, await Api.OnHand(product, warehouse));
        Assert.Equal(10_625m, (decimal)(await Api.Stock(product))["value"]!);
        var unit = await Api.Serial(product, "copy-04321");
        Assert.Equal("COPY-04321", (string)unit["serial"]!);
        Assert.Equal("InStock", (string)unit["status"]!);
        Assert.Equal(2.125m, (decimal)unit["unitCost"]!);
        var movements = await Api.Movements(product);
        Assert.Equal(5_000, movements.Count);
        Assert.Equal(5_000, movements.Select(m => (string)m!["serial"]!).Distinct().Count());
        Assert.All(movements, m => Assert.Equal(2.125m, (decimal)m!["value"]!));
        Assert.Contains(movements, m => (string)m!["serial"]! == "COPY-00007" && ((string)m["description"]!).Contains("COPY-00007"));
        await Api.AssertLedgerConsistent();
    }

    [PostgresFact]
    public async Task A_large_receipt_naming_a_serial_already_in_stock_is_refused_by_name_and_changes_nothing()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 3_001, 10m));
        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 1, serials = new[] { "DUP-01500" } } } });
        var serials = Enumerable.Range(1, 3_000).Select(i => $"DUP-{i:D5}").ToArray();

        var problem = await Api.PostRefused($"/api/purchase-orders/{order}/receipts",
            new { lines = new[] { new { lineId = lines[0], quantity = 3_000, serials } } }, HttpStatusCode.Conflict);

        problem.Mentions("DUP-01500", "already in stock");
        Assert.Equal(1, await Api.OnHand(product));
        Assert.Single(await Api.Movements(product));
        Assert.Equal(404, (int)(await Api.Http.GetAsync($"/api/products/{product}/serials/DUP-00001")).StatusCode);
        await Api.AssertLedgerConsistent();
    }

    [PostgresFact]
    public async Task Two_simultaneous_dispatches_of_the_same_thousand_serials_let_exactly_one_through_whole()
    {
        var warehouse = await Api.Warehouse();
        var serials = Enumerable.Range(1, 4_000).Select(i => $"TWO-{i:D5}").ToArray();
        var product = await Api.SerialsInStock(warehouse, 5m, serials);
        var picked = serials.Where((_, i) => i % 4 == 1).ToArray();
        var first = await Api.NewSale(warehouse, (product, picked.Length, 9m));
        var second = await Api.NewSale(warehouse, (product, picked.Length, 9m));

        var responses = await Task.WhenAll(new[] { first, second }.Select(s =>
            Api.Http.PostAsJsonAsync($"/api/stock-sales/{s.Id}/dispatches", new { lines = new[] { Line(s.LineIds[0], picked.Length, picked) } })));

        var bodies = string.Join(" | ", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync())));
        Assert.True(responses.Select(r => r.StatusCode).Order().SequenceEqual([HttpStatusCode.Created, HttpStatusCode.Conflict]),
            $"Expected one 201 and one 409: {bodies[..Math.Min(bodies.Length, 2_000)]}");
        Assert.Equal(3_000, await Api.OnHand(product, warehouse));
        Assert.Equal(15_000m, (decimal)(await Api.Stock(product))["value"]!);
        Assert.Equal("Out", (string)(await Api.Serial(product, picked[^1]))["status"]!);
        Assert.Equal("InStock", (string)(await Api.Serial(product, "TWO-00001"))["status"]!);
        Assert.Equal(5_000, (await Api.Movements(product)).Count);
        await Api.AssertLedgerConsistent();
    }
}
