using System.Net;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Receiving;

public sealed class ReceivingSerialsTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task Receiving_serials_puts_each_unit_in_stock_at_the_line_cost()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 3, 12.5m));

        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 3, serials = new[] { "SN-1", "SN-2", "SN-3" } } } });

        Assert.Equal(3, await Api.OnHand(product, warehouse));
        Assert.Equal(37.5m, (decimal)(await Api.Stock(product))["value"]!);
        var unit = await Api.Serial(product, "sn-2");
        Assert.Equal("SN-2", (string)unit["serial"]!);
        Assert.Equal("InStock", (string)unit["status"]!);
        Assert.Equal(warehouse, (int)unit["warehouseId"]!);
        var movements = await Api.Movements(product);
        Assert.Equal(3, movements.Count);
        Assert.All(movements, m => Assert.Equal(1m, (decimal)m!["quantity"]!));
        Assert.Contains(movements, m => (string)m!["serial"]! == "SN-3" && ((string)m["description"]!).Contains("SN-3"));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
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
}

public sealed class LargeReceiptTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task A_receipt_of_more_serials_than_SQL_allows_parameters_is_received_whole()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 40_000, 2m));

        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 40_000, serials = new[] { "BIG-00001.." } } } });

        Assert.Equal(40_000, await Api.OnHand(product, warehouse));
        var again = await Api.PostRefused($"/api/purchase-orders/{order}/receipts",
            new { lines = new[] { new { lineId = lines[0], quantity = 1, serials = new[] { "big-40000" } } } }, System.Net.HttpStatusCode.Conflict);
        again.Mentions("BIG-40000");
        await Api.AssertLedgerConsistent();
    }
}
