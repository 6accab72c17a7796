using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Stocktrail.Data;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Tracing;

public sealed class RecallTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task A_batch_recall_finds_every_unit_built_from_it_three_levels_up_and_where_each_is_now()
    {
        var scenario = await RecallScenario.BuildAsync(Api);
        await scenario.AssertBatchRecallAsync(Api);
    }

    [Fact]
    public async Task A_serial_recall_follows_stated_links_only_and_leaves_other_customers_out()
    {
        var s = await RecallScenario.BuildAsync(Api);

        var recall = await Api.Get($"/api/recall?productId={s.Board}&serial=b-2");

        Assert.Equal("B-2", (string)recall["source"]!["serial"]!);
        Assert.Equal(["B-2", "D-2", "K-2"], recall["units"]!.AsArray().Select(u => (string)u!["serial"]!));
        Assert.Equal([0, 1, 2], recall["units"]!.AsArray().Select(u => (int)u!["depth"]!));
        Assert.Equal(s.CustomerB, (int)recall["customers"]!.AsArray().Single()!["customerId"]!);
    }

    [Fact]
    public async Task Trace_down_from_a_kit_reaches_the_chip_batch_through_the_job_level_link()
    {
        var s = await RecallScenario.BuildAsync(Api);

        var root = (await Api.Get($"/api/products/{s.Kit}/serials/K-1/trace?direction=down"))["root"]!;

        var device = root["components"]!.AsArray().Single()!;
        Assert.Equal("D-1", (string)device["serial"]!);
        var board = device["components"]!.AsArray().Single()!;
        Assert.Equal("B-1", (string)board["serial"]!);
        var chip = board["components"]!.AsArray().Single()!;
        Assert.Equal("LOT-7", (string)chip["batch"]!);
        Assert.Equal(1m, (decimal)chip["quantity"]!);
        Assert.Contains(chip["documents"]!.AsArray(), d => (string)d!["sourceType"]! == "PurchaseOrder");
    }

    [Fact]
    public async Task The_recall_downloads_as_csv_and_xlsx_with_one_row_per_unit()
    {
        var s = await RecallScenario.BuildAsync(Api);
        var json = await Api.Get($"/api/recall?productId={s.Chip}&batch=LOT-7");

        var csv = await Api.Http.GetAsync($"/api/recall?productId={s.Chip}&batch=LOT-7&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var csvRows = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split(',')).ToList();
        Assert.Equal(["productId", "sku", "serial", "batch", "quantity", "depth", "status", "warehouseId", "customerId", "customerName", "documentNumber"], csvRows[0]);
        Assert.Equal(json["units"]!.AsArray().Count, csvRows.Count - 1);
        var k1 = csvRows.Single(r => r[2] == "K-1");
        Assert.Equal(["3", "Dispatched", s.CustomerAName, s.SaleA], new[] { k1[5], k1[6], k1[9], k1[10] });

        var xlsx = await Api.Http.GetAsync($"/api/recall?productId={s.Chip}&batch=LOT-7&format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var sheets = stream.GetSheetNames();
        Assert.Equal(["Units", "Customers"], sheets);
        var units = stream.Query(useHeaderRow: true, sheetName: "Units", excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(csvRows.Count - 1, units.Count);
        var k2 = units.Single(u => (string?)u["Serial"] == "K-2");
        Assert.Equal("OnProject", k2["Status"]);
        Assert.Equal(s.Project, k2["DocumentNumber"]);
        var customers = stream.Query(useHeaderRow: true, sheetName: "Customers", excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2m, Convert.ToDecimal(customers.Single(c => Convert.ToInt32(c["CustomerId"]) == s.CustomerA)["Units"]));
    }

    [Fact]
    public async Task A_recall_of_something_unknown_or_unclear_is_refused_naming_it()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.SerialsInStock(warehouse, 1m, "R-1");
        var batchProduct = await Api.Product("Batch");

        (await Get($"/api/recall?productId=999999&serial=R-1", HttpStatusCode.NotFound)).Mentions("no product with id 999999");
        (await Get($"/api/recall?productId={product}&serial=NOPE-1", HttpStatusCode.NotFound)).Mentions("no unit with serial NOPE-1");
        (await Get($"/api/recall?productId={batchProduct}&batch=LOT-X", HttpStatusCode.NotFound)).Mentions("never had batch LOT-X");
        (await Get($"/api/recall?serial=R-1", HttpStatusCode.BadRequest)).Mentions("productId is required");
        (await Get($"/api/recall?productId={product}&serial=R-1&batch=L", HttpStatusCode.BadRequest)).Mentions("either serial or batch");
        (await Get($"/api/recall?productId={product}", HttpStatusCode.BadRequest)).Mentions("either serial or batch");
        (await Get($"/api/recall?productId={product}&serial=R-1&format=pdf", HttpStatusCode.BadRequest)).Mentions("format 'pdf' is not known");
    }

    [Fact]
    public async Task The_default_link_of_50_outputs_from_50_parts_is_50_rows_and_still_traces_both_ways()
    {
        var warehouse = await Api.Warehouse();
        var parts = Enumerable.Range(1, 50).Select(i => $"P-{i:00}").ToArray();
        var part = await Api.SerialsInStock(warehouse, 1m, parts);
        var output = await Api.Product("Serial");
        var job = (int)(await Api.PostOk("/api/production-jobs", new { outputProductId = output, quantity = 50, warehouseId = warehouse }))["id"]!;
        await Api.PostOk($"/api/production-jobs/{job}/materials", new { warehouseId = warehouse, lines = new[] { new { productId = part, quantity = 50, serials = parts } } });
        await Api.PostOk($"/api/production-jobs/{job}/complete", new { actualQuantity = 50, serials = new[] { "OUT-01..OUT-50" } }, HttpStatusCode.OK);

        using (var scope = Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
            Assert.Equal(50, await db.ComponentLinks.CountAsync(l => l.ProductionJobId == job));
            Assert.True(await db.ComponentLinks.AllAsync(l => l.ProductionJobId != job || l.OutputSerialUnitId == null));
        }
        var down = (await Api.Get($"/api/products/{output}/serials/OUT-17/trace"))["root"]!;
        Assert.Equal(parts, down["components"]!.AsArray().Select(c => (string)c!["serial"]!));
        var recall = await Api.Get($"/api/recall?productId={part}&serial=P-03");
        Assert.Equal(51, recall["units"]!.AsArray().Count);
        Assert.Equal(50, recall["units"]!.AsArray().Count(u => (int)u!["depth"]! == 1 && (string)u["status"]! == "InStock"));
        var up = (await Api.Get($"/api/products/{part}/serials/P-03/trace?direction=up"))["root"]!;
        Assert.Equal(50, up["builtInto"]!.AsArray().Count);
    }

    private async Task<Problem> Get(string path, HttpStatusCode expected) => await Api.Refused(HttpMethod.Get, path, null, expected);
}
