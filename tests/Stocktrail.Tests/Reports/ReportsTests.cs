using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Stocktrail.Features.Reconciliation;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Reports;

public sealed class ReportsTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task Stock_value_at_a_date_adds_up_the_ledger_up_to_that_date()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var tenDaysAgo = DateTime.UtcNow.AddDays(-10);
        await Api.PostOk("/api/stock-adjustments", new
        {
            warehouseId = warehouse, reason = "Opening balance", effectiveDate = tenDaysAgo,
            lines = new[] { new { productId = product, direction = "In", quantity = 10, unitCost = 2m } },
        });
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 5, 4m));
        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 5 } } });

        var then = await Api.Get($"/api/reports/stock-value?at={Uri.EscapeDataString(DateTime.UtcNow.AddDays(-5).ToString("O"))}&warehouseId={warehouse}");
        var now = await Api.Get($"/api/reports/stock-value?warehouseId={warehouse}");

        var before = then["items"]!.AsArray().Single(i => (int)i!["productId"]! == product)!;
        Assert.Equal(10m, (decimal)before["onHand"]!);
        Assert.Equal(20m, (decimal)before["value"]!);
        var after = now["items"]!.AsArray().Single(i => (int)i!["productId"]! == product)!;
        Assert.Equal(15m, (decimal)after["onHand"]!);
        Assert.Equal(40m, (decimal)after["value"]!);
        Assert.Equal(40m, (decimal)now["total"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Cost_of_goods_lists_each_document_with_the_cost_of_what_left_and_downloads_as_csv()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.SerialsInStock(warehouse, 30m, "COGS-1", "COGS-2", "COGS-3");
        var project = (int)(await Api.PostOk("/api/projects", new { name = Api.Unique("Project") }))["id"]!;
        var used = await Api.PostOk($"/api/projects/{project}/materials", new { warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 2, serials = new[] { "COGS-1", "COGS-2" } } } });
        var from = Uri.EscapeDataString(DateTime.UtcNow.AddMinutes(-5).ToString("O"));

        var report = await Api.Get($"/api/reports/cost-of-goods?from={from}");
        var item = report["items"]!.AsArray().Single(i => (int)i!["productId"]! == product)!;
        Assert.Equal((string)used["number"]!, (string)item["sourceNumber"]!);
        Assert.Equal("Project", (string)item["sourceType"]!);
        Assert.Equal(2m, (decimal)item["quantity"]!);
        Assert.Equal(60m, (decimal)item["cost"]!);

        var csv = await Api.Http.GetAsync($"/api/reports/cost-of-goods?from={from}&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var rows = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("occurredAt,sourceType,sourceId,sourceNumber,productId,sku,quantity,cost", rows[0]);
        Assert.Contains(rows, r => r.Contains((string)used["number"]!) && r.EndsWith(",2,60"));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Availability_lists_every_serial_and_batch_where_it_is()
    {
        var warehouse = await Api.Warehouse();
        var serialized = await Api.SerialsInStock(warehouse, 5m, "AV-1", "AV-2");
        var batch = await Api.Product("Batch");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (batch, 7, 1m));
        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 7, batches = new[] { new { batch = "LOT-A", quantity = 3 }, new { batch = "LOT-B", quantity = 4 } } } } });

        var serials = (await Api.Get($"/api/reports/availability?productId={serialized}"))["items"]!.AsArray();
        Assert.Equal(["AV-1", "AV-2"], serials.Select(i => (string)i!["serial"]!));
        Assert.All(serials, i => Assert.Equal(warehouse, (int)i!["warehouseId"]!));
        var batches = (await Api.Get($"/api/reports/availability?productId={batch}&warehouseId={warehouse}"))["items"]!.AsArray();
        Assert.Equal([("LOT-A", 3m), ("LOT-B", 4m)], batches.Select(i => ((string)i!["batch"]!, (decimal)i["onHand"]!)));
        var unknownFormat = await Api.Refused(HttpMethod.Get, "/api/reports/availability?format=pdf", null, HttpStatusCode.BadRequest);
        unknownFormat.Mentions("format 'pdf' is not known");
    }

    [Fact]
    public async Task The_reconcile_command_answers_zero_when_the_stock_agrees_with_the_ledger()
    {
        var warehouse = await Api.Warehouse();
        await Api.SerialsInStock(warehouse, 1m, "CMD-1");

        Assert.Equal(0, await ReconcileCommand.RunAsync(Factory.Services));
    }
}
