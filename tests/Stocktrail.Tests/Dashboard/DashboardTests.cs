using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Stocktrail.Tests.Infrastructure;
using static Stocktrail.Tests.Infrastructure.ReceivingApi;

namespace Stocktrail.Tests.Dashboard;

public sealed class DashboardTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task Stock_shows_on_hand_value_and_incoming_per_warehouse()
    {
        var north = await Api.Warehouse();
        var south = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var (approved, approvedLines) = await Api.ApprovedOrder(north, (product, 10, 2m));
        await Api.Receive(approved, Line(approvedLines[0], 4));
        var (partial, partialLines) = await Api.ApprovedOrder(south, (product, 5, 3m), (product, 2, 3m));
        await Api.Receive(partial, Line(partialLines[0], 5));
        await Api.ApprovedOrder(south, (product, 7, 1m));
        // Neither a draft nor a completed order is incoming.
        await Api.PostOk("/api/purchase-orders", new { supplierId = await Api.Supplier(), warehouseId = north, lines = new[] { new { productId = product, quantity = 100m, unitCost = 1m } } });
        var (completed, completedLines) = await Api.ApprovedOrder(north, (product, 50, 1m));
        await Api.Receive(completed, Line(completedLines[0], 1));
        await Api.PostOk($"/api/purchase-orders/{completed}/complete", new { }, HttpStatusCode.OK);

        var stock = await Api.Stock(product);

        Assert.Equal(product, (int)stock["productId"]!);
        Assert.Equal(10m, (decimal)stock["onHand"]!);
        Assert.Equal(4 * 2m + 5 * 3m + 1m, (decimal)stock["value"]!);
        Assert.Equal(6m + 2m + 7m, (decimal)stock["incoming"]!);
        var warehouses = stock["warehouses"]!.AsArray().ToDictionary(w => (int)w!["warehouseId"]!);
        Assert.Equal(2, warehouses.Count);
        Assert.Equal(5m, (decimal)warehouses[north]!["onHand"]!);
        Assert.Equal(9m, (decimal)warehouses[north]!["value"]!);
        Assert.Equal(6m, (decimal)warehouses[north]!["incoming"]!);
        Assert.Equal(5m, (decimal)warehouses[south]!["onHand"]!);
        Assert.Equal(15m, (decimal)warehouses[south]!["value"]!);
        Assert.Equal(9m, (decimal)warehouses[south]!["incoming"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task The_stock_overview_pages_by_key_and_its_total_value_counts_every_matching_product_on_every_page()
    {
        var warehouse = await Api.Warehouse();
        var name = Api.Unique("Overview");
        var values = new[] { 12m, 30m, 7.5m };
        foreach (var value in values)
        {
            var product = (int)(await Api.PostOk("/api/products", new { sku = Api.Unique("OV"), name, trackingType = "Fifo" }))["id"]!;
            var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 1, value));
            await Api.Receive(order, Line(lines[0], 1));
        }
        using var scope = Factory.Services.CreateScope();
        var overview = scope.ServiceProvider.GetRequiredService<Stocktrail.Features.Dashboard.StockOverview.Handler>();

        var first = await overview.HandleAsync(name, showEmpty: false, null, null, 2, CancellationToken.None);
        var second = await overview.HandleAsync(name, showEmpty: false, first.Next, null, 2, CancellationToken.None);
        var whole = await overview.HandleAsync(name, showEmpty: false, null, null, null, CancellationToken.None);

        Assert.Equal(2, first.Items.Count);
        Assert.NotNull(first.Next);
        Assert.Null(first.Prev);
        Assert.Single(second.Items);
        Assert.Null(second.Next);
        Assert.Equal(values.Sum(), first.TotalValue);
        Assert.Equal(values.Sum(), second.TotalValue);
        Assert.Equal(3, whole.Items.Count);
        Assert.Null(whole.Next);
        Assert.Equal(values.Sum(), whole.TotalValue);
    }

    [Fact]
    public async Task A_product_never_stocked_shows_zero()
    {
        var product = await Api.Product("Serial");

        var stock = await Api.Stock(product);

        Assert.Equal(0m, (decimal)stock["onHand"]!);
        Assert.Equal(0m, (decimal)stock["value"]!);
        Assert.Equal(0m, (decimal)stock["incoming"]!);
        Assert.Empty(stock["warehouses"]!.AsArray());
        Assert.Empty(await Api.Movements(product));
        Assert.Empty(await Api.Serials(product));
    }

    [Fact]
    public async Task Movements_are_newest_first_one_row_per_serialized_unit_with_its_serial()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 3, 5m));
        await Api.Receive(order, Line(lines[0], 2, "MV-1", "MV-2"));
        await Api.Receive(order, Line(lines[0], 1, "MV-3"));
        var number = (string)(await Api.Order(order))["number"]!;

        var movements = await Api.Movements(product);

        Assert.Equal(3, movements.Count);
        Assert.Equal("MV-3", (string)movements[0]!["serial"]!);
        var ids = movements.Select(m => (long)m!["id"]!).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        var times = movements.Select(m => (DateTime)m!["occurredAt"]!).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.All(movements, m =>
        {
            Assert.Equal(1m, (decimal)m!["quantity"]!);
            Assert.Equal(5m, (decimal)m["unitCost"]!);
            Assert.Equal(warehouse, (int)m["warehouseId"]!);
            Assert.Equal("PurchaseOrder", (string)m["sourceType"]!);
            Assert.Equal(order, (int)m["sourceId"]!);
            Assert.Equal(number, (string)m["sourceNumber"]!);
            Assert.Contains((string)m["serial"]!, (string)m["description"]!);
            Assert.Contains(number, (string)m["description"]!);
        });
        var otherWarehouse = await Api.Warehouse();
        Assert.Empty((await Api.Get($"/api/products/{product}/movements?warehouseId={otherWarehouse}"))["items"]!.AsArray());
        var paged = await Api.Get($"/api/products/{product}/movements?page=2&pageSize=2");
        Assert.Equal("MV-1", (string)paged["items"]![0]!["serial"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Serials_are_listed_with_status_and_warehouse_filters()
    {
        var north = await Api.Warehouse();
        var south = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (a, aLines) = await Api.ApprovedOrder(north, (product, 2, 1m));
        await Api.Receive(a, Line(aLines[0], 2, "N-1", "N-2"));
        var (b, bLines) = await Api.ApprovedOrder(south, (product, 1, 2m));
        await Api.Receive(b, Line(bLines[0], 1, "S-1"));

        var all = await Api.Serials(product);
        var inNorth = await Api.Serials(product, $"?warehouseId={north}");
        var inStock = await Api.Serials(product, "?status=InStock");
        var outOfStock = await Api.Serials(product, "?status=Out");

        Assert.Equal(3, all.Count);
        Assert.Equal(new[] { "N-1", "N-2" }, inNorth.Select(s => (string)s["serial"]!));
        Assert.All(inNorth, s => Assert.Equal(north, (int)s["warehouseId"]!));
        Assert.Equal(3, inStock.Count);
        Assert.All(inStock, s => Assert.Equal("InStock", (string)s["status"]!));
        Assert.Empty(outOfStock);
        Assert.Equal(2m, (decimal)all.Single(s => (string)s["serial"]! == "S-1")["unitCost"]!);
        await Api.Refused(HttpMethod.Get, $"/api/products/{product}/serials?status=Lost", null, HttpStatusCode.BadRequest);
        await Api.Refused(HttpMethod.Get, $"/api/products/{product}/serials?status=1", null, HttpStatusCode.BadRequest);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_serial_detail_shows_where_it_is_and_its_history()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 1, 9m));
        await Api.Receive(order, Line(lines[0], 1, "Det-1"));

        var unit = await Api.Serial(product, " DET-1 ");

        Assert.Equal("Det-1", (string)unit["serial"]!);
        Assert.Equal("InStock", (string)unit["status"]!);
        Assert.Equal(warehouse, (int)unit["warehouseId"]!);
        Assert.Equal(9m, (decimal)unit["unitCost"]!);
        var entry = Assert.Single(unit["history"]!.AsArray())!;
        Assert.Equal(1m, (decimal)entry["quantity"]!);
        Assert.Equal(warehouse, (int)entry["warehouseId"]!);
        Assert.Equal("PurchaseOrder", (string)entry["sourceType"]!);
        Assert.Equal((string)(await Api.Order(order))["number"]!, (string)entry["sourceNumber"]!);
        Assert.Contains("Det-1", (string)entry["description"]!);
        var missing = await Api.Refused(HttpMethod.Get, $"/api/products/{product}/serials/NOPE-1", null, HttpStatusCode.NotFound);
        Assert.Contains("NOPE-1", missing.Detail);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_serial_is_looked_up_across_products()
    {
        var warehouse = await Api.Warehouse();
        var serial = Api.Unique("COMMON");
        var first = await Api.SerialsInStock(warehouse, 1m, serial);
        var second = await Api.SerialsInStock(warehouse, 2m, serial.ToLowerInvariant());
        await Api.SerialsInStock(warehouse, 3m, Api.Unique("OTHER"));

        var found = (await Api.Get($"/api/serials/{serial}"))["items"]!.AsArray();

        Assert.Equal(2, found.Count);
        Assert.Equal(new[] { first, second }.Order(), found.Select(f => (int)f!["productId"]!).Order());
        Assert.All(found, f =>
        {
            Assert.Equal("InStock", (string)f!["status"]!);
            Assert.Equal(warehouse, (int)f["warehouseId"]!);
            Assert.False(string.IsNullOrEmpty((string)f["sku"]!));
        });
        Assert.Contains(found, f => (string)f!["serial"]! == serial.ToLowerInvariant());
        Assert.Empty((await Api.Get($"/api/serials/{Api.Unique("NONE")}"))["items"]!.AsArray());
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_page_past_any_list_is_refused_rather_than_wrapping_round_to_page_one()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.SerialsInStock(warehouse, 1m, "PG-1");

        foreach (var path in new[] { $"/api/products/{product}/movements?page=2147483647", $"/api/products/{product}/serials?page=2147483647&pageSize=10000" })
        {
            var problem = await Api.Refused(HttpMethod.Get, path, null, System.Net.HttpStatusCode.BadRequest);
            problem.Mentions("page 2147483647 is past any list");
        }
    }
}
