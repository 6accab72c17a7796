using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Batches;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Sales;
using Stocktrail.Tests.StockTakes;
using static Stocktrail.Tests.Batches.BatchTestApi;

namespace Stocktrail.Tests.Expiry;

/// <summary>
/// Batch expiry over HTTP: dates given where batches enter stock, one date per batch, changed by PATCH; expired batches
/// refused for use and dispatch (naming batch and date) but written off and transferred; FEFO picking; the ordered
/// batch list; the expiry report and the dashboard notice. "Today" is the business's day (UTC here).
/// </summary>
public sealed class BatchExpiryTests(StocktrailFactory factory) : ApiTest(factory)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private static string Day(int fromToday) => Today.AddDays(fromToday).ToString("yyyy-MM-dd");

    private static object Dated(string batch, decimal quantity, int? expiresInDays) =>
        new { batch, quantity, expiresOn = expiresInDays is { } d ? Day(d) : null };

    /// <summary>Receives one line of batches, each with its own date (days from today, or none).</summary>
    private async Task<JsonNode> Receive(int warehouse, int product, decimal unitCost, params (string Batch, decimal Quantity, int? Days)[] batches)
    {
        var quantity = batches.Sum(b => b.Quantity);
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, quantity, unitCost));
        return await Api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new[] { new { lineId = lines[0], quantity, batches = batches.Select(b => Dated(b.Batch, b.Quantity, b.Days)).ToArray() } },
        });
    }

    private async Task<List<(string Batch, int WarehouseId, decimal OnHand, string? ExpiresOn)>> Batches(int product, int? warehouse = null) =>
        (await Api.Get($"/api/products/{product}/batches{(warehouse is null ? "" : $"?warehouseId={warehouse}")}"))["items"]!.AsArray()
            .Select(b => ((string)b!["batch"]!, (int)b["warehouseId"]!, (decimal)b["onHand"]!, (string?)b["expiresOn"])).ToList();

    private Task<HttpResponseMessage> Patch(int product, string batch, object body) =>
        Api.Http.PatchAsJsonAsync($"/api/products/{product}/batches/{Uri.EscapeDataString(batch)}", body);

    [Fact]
    public async Task Dates_given_on_receipt_adjustment_in_and_production_output_are_listed_earliest_expiry_first_then_oldest_without_a_date_last()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch", costPrice: 2m);
        await Receive(warehouse, product, 2m, ("NODATE-OLD", 1, null), ("LATE", 2, 40));
        await Api.PostOk("/api/stock-adjustments", new
        {
            warehouseId = warehouse, reason = "Found on the shelf",
            lines = new[] { new { productId = product, direction = "In", quantity = 3m, unitCost = 2m, batches = new[] { Dated("SOON", 3, 5) } } },
        });
        var job = (int)(await Api.PostOk("/api/production-jobs", new { outputProductId = product, quantity = 4, warehouseId = warehouse }))["id"]!;
        await Api.PostOk($"/api/production-jobs/{job}/complete", new { actualQuantity = 4m, batches = new[] { Dated("MADE", 4, 20) } }, HttpStatusCode.OK);
        await Receive(warehouse, product, 2m, ("NODATE-NEW", 1, null));

        Assert.Equal([
            ("SOON", warehouse, 3m, Day(5)), ("MADE", warehouse, 4m, Day(20)), ("LATE", warehouse, 2m, Day(40)),
            ("NODATE-OLD", warehouse, 1m, null), ("NODATE-NEW", warehouse, 1m, null)], await Batches(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_different_date_for_a_batch_that_has_one_is_refused_with_409_and_changes_nothing_the_same_date_is_fine()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch");
        await Receive(warehouse, product, 2m, ("LOT-A", 5, 10));
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 3, 2m));
        var before = await Api.BatchSnapshot(product);
        var problem = await Api.PostRefused($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new[] { new { lineId = lines[0], quantity = 3m, batches = new[] { Dated("lot-a", 3, 12) } } },
        }, HttpStatusCode.Conflict);
        problem.Mentions($"batch LOT-A of", $"already expires on {Day(10)}; it cannot be given {Day(12)}", $"PATCH /api/products/{product}/batches/LOT-A");
        Assert.Equal(before, await Api.BatchSnapshot(product));

        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new[] { new { lineId = lines[0], quantity = 3m, batches = new[] { Dated("LOT-A", 3, 10) } } },
        });
        Assert.Equal([("LOT-A", warehouse, 8m, Day(10))], await Batches(product));

        // A batch given two dates in one request is refused too, naming both lines' dates.
        var twice = await Api.PostRefused("/api/stock-adjustments", new
        {
            warehouseId = warehouse, reason = "Found",
            lines = new[]
            {
                new { productId = product, direction = "In", quantity = 1m, unitCost = 1m, batches = new[] { Dated("NEW-1", 1, 3) } },
                new { productId = product, direction = "In", quantity = 1m, unitCost = 1m, batches = new[] { Dated("new-1", 1, 4) } },
            },
        }, HttpStatusCode.BadRequest);
        twice.Mentions($"batch new-1 is given expiry {Day(4)} here and {Day(3)} on line 1");
    }

    [Fact]
    public async Task Patch_changes_a_batchs_date_and_is_refused_for_a_batch_the_product_never_had()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch");
        await Receive(warehouse, product, 2m, ("LOT-A", 5, 10), ("LOT-B", 5, null));

        var changed = await Patch(product, "lot-a", new { expiresOn = Day(2) });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var body = JsonNode.Parse(await changed.Content.ReadAsStringAsync())!;
        Assert.Equal(("LOT-A", Day(2)), ((string)body["batch"]!, (string)body["expiresOn"]!));
        Assert.Equal(HttpStatusCode.OK, (await Patch(product, "LOT-B", new { expiresOn = Day(1) })).StatusCode);
        Assert.Equal([("LOT-B", warehouse, 5m, Day(1)), ("LOT-A", warehouse, 5m, Day(2))], await Batches(product));

        var missing = await Api.Refused(HttpMethod.Patch, $"/api/products/{product}/batches/LOT-Z", new { expiresOn = Day(1) }, HttpStatusCode.NotFound);
        missing.Mentions("has no batch LOT-Z");
    }

    [Fact]
    public async Task An_expired_batch_cannot_be_used_or_dispatched_and_the_refusal_names_the_batch_and_its_date()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch");
        await Receive(warehouse, product, 2m, ("OLD", 5, -1), ("TODAY", 5, 0));
        var before = await Api.BatchSnapshot(product);

        var project = await Api.Project();
        var use = await Api.PostRefused($"/api/projects/{project}/materials", new { warehouseId = warehouse, lines = new[] { Using(product, 2, ("old", 2)) } }, HttpStatusCode.Conflict);
        use.Mentions($"batch OLD expired on {Day(-1)}", "cannot be used");

        var sale = await Api.NewSale(warehouse, (product, 2, 10m));
        var dispatch = await Api.DispatchRefused(sale.Id, HttpStatusCode.Conflict, SalesTestApi.BatchLine(sale.LineIds[0], 2, ("OLD", 2)));
        dispatch.Mentions($"Line 1", $"batch OLD expired on {Day(-1)}", "cannot be dispatched");
        Assert.Equal(before, await Api.BatchSnapshot(product));

        // The last day is still usable: a batch expiring today leaves.
        var dispatched = await Api.Dispatch(sale.Id, SalesTestApi.BatchLine(sale.LineIds[0], 2, ("TODAY", 2)));
        Assert.Equal([("TODAY", 2m)], Pairs(dispatched["lines"]!.AsArray()[0]!["batches"]));
    }

    [Fact]
    public async Task An_expired_batch_may_be_written_off_and_transferred()
    {
        var main = await Api.Warehouse();
        var quarantine = await Api.Warehouse();
        var product = await Api.Product("Batch");
        await Receive(main, product, 2m, ("OLD", 5, -3));

        await Api.PostOk("/api/stock-transfers", new
        {
            fromWarehouseId = main, toWarehouseId = quarantine,
            lines = new[] { new { productId = product, quantity = 5m, batches = new[] { B("OLD", 5) } } },
        });
        await Api.PostOk("/api/stock-adjustments", new
        {
            warehouseId = quarantine, reason = "Expired, destroyed",
            lines = new[] { new { productId = product, direction = "Out", quantity = 5m, batches = new[] { B("OLD", 5) } } },
        });
        Assert.Equal(0m, await Api.OnHand(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Fefo_on_a_dispatch_takes_the_earliest_expiring_usable_batches_never_an_expired_one_and_names_them()
    {
        var warehouse = await Api.Warehouse();
        var other = await Api.Warehouse();
        var product = await Api.Product("Batch");
        await Receive(warehouse, product, 2m, ("NODATE", 10, null), ("LATER", 4, 30), ("EXPIRED", 10, -1));
        await Receive(warehouse, product, 3m, ("SOONER", 3, 2));
        await Receive(other, product, 1m, ("ELSEWHERE", 10, 1));

        var sale = await Api.NewSale(warehouse, (product, 9, 10m));
        var dispatched = await Api.Dispatch(sale.Id, new { lineId = sale.LineIds[0], quantity = 9m, pick = "Fefo" });

        Assert.Equal([("LATER", 4m), ("NODATE", 2m), ("SOONER", 3m)], Pairs(dispatched["lines"]!.AsArray()[0]!["batches"]));
        Assert.Equal(3 * 3m + 4 * 2m + 2 * 2m, (decimal)dispatched["totalCost"]!);
        Assert.Equal([("EXPIRED", warehouse, 10m, Day(-1)), ("NODATE", warehouse, 8m, null)], await Batches(product, warehouse));

        var tooMuch = await Api.NewSale(warehouse, (product, 9, 10m));
        var refused = await Api.DispatchRefused(tooMuch.Id, HttpStatusCode.Conflict, new { lineId = tooMuch.LineIds[0], quantity = 9m, pick = "Fefo" });
        refused.Mentions($"only 8 usable in warehouse", "10 more in expired batches, which cannot be dispatched");
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Fefo_on_a_use_and_a_transfer_names_the_batches_taken_a_transfer_may_take_expired_stock_first()
    {
        var main = await Api.Warehouse();
        var van = await Api.Warehouse();
        var product = await Api.Product("Batch");
        await Receive(main, product, 2m, ("B", 5, 10), ("A", 5, 3), ("X", 2, -2));

        var project = await Api.Project();
        var used = await Api.PostOk($"/api/projects/{project}/materials", new
        {
            warehouseId = main, lines = new[] { new { productId = product, quantity = 6m, pick = "Fefo" } },
        });
        Assert.Equal([("A", 5m), ("B", 1m)], Pairs(used["lines"]!.AsArray()[0]!["batches"]));

        var transfer = await Api.PostOk("/api/stock-transfers", new
        {
            fromWarehouseId = main, toWarehouseId = van, lines = new[] { new { productId = product, quantity = 3m, pick = "Fefo" } },
        });
        Assert.Equal([("B", 1m), ("X", 2m)], Pairs(transfer["lines"]!.AsArray()[0]!["batches"]));
        Assert.Equal([("X", van, 2m, Day(-2)), ("B", main, 3m, Day(10)), ("B", van, 1m, Day(10))], await Batches(product));

        var both = await Api.PostRefused("/api/stock-transfers", new
        {
            fromWarehouseId = main, toWarehouseId = van,
            lines = new[] { new { productId = product, quantity = 1m, pick = "Fefo", batches = new[] { B("B", 1) } } },
        }, HttpStatusCode.BadRequest);
        both.Mentions("give either batches or pick Fefo, not both");
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task The_expiry_report_lists_batches_within_the_window_and_expired_ones_as_json_and_csv()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch");
        var sku = (string)(await Api.Get($"/api/products/{product}"))["sku"]!;
        await Receive(warehouse, product, 2.5m, ("GONE", 2, -4), ("NEAR", 4, 7), ("FAR", 5, 90), ("NONE", 1, null));

        var items = (await Api.Get($"/api/reports/expiry?withinDays=30&warehouseId={warehouse}"))["items"]!.AsArray();
        Assert.Equal([("GONE", 2m, Day(-4), -4, 5m), ("NEAR", 4m, Day(7), 7, 10m)],
            items.Select(i => ((string)i!["batch"]!, (decimal)i["onHand"]!, (string)i["expiresOn"]!, (int)i["daysLeft"]!, (decimal)i["value"]!)).ToList());
        Assert.All(items, i => Assert.Equal((product, sku, warehouse), ((int)i!["productId"]!, (string)i["sku"]!, (int)i["warehouseId"]!)));

        var csv = await Api.Http.GetStringAsync($"/api/reports/expiry?withinDays=100&warehouseId={warehouse}&format=csv");
        var rows = csv.Trim().Split('\n').Select(r => r.TrimEnd('\r')).ToList();
        Assert.Equal("productId,sku,batch,warehouseId,onHand,expiresOn,daysLeft,value", rows[0]);
        Assert.Equal(4, rows.Count);
        Assert.Equal($"{product},{sku},FAR,{warehouse},5,{Day(90)},90,12.5", rows[3]);

        var wrong = await Api.Refused(HttpMethod.Get, "/api/reports/expiry?withinDays=-1", null, HttpStatusCode.BadRequest);
        wrong.Mentions("withinDays must be between 0");
    }

    [Fact]
    public async Task The_count_sheet_shows_each_batchs_date_after_SerialOrBatch_and_a_found_batch_keeps_the_date_the_sheet_gives()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch", costPrice: 2m);
        var sku = await Api.SkuOf(product);
        await Receive(warehouse, product, 2m, ("KNOWN", 4, 12));
        var take = await Api.StartStockTake(warehouse);
        var sheet = await Api.ExportCsv(take);

        Assert.Equal(StockTakeTestApi.ExportHeader, sheet[0]);
        var row = sheet.Single(r => r[0] == sku);
        Assert.Equal(("KNOWN", Day(12)), (row[3], row[4]));

        // The counter adds a batch found on the shelf with its date; a different date for a known batch is refused.
        var wrongDate = StockTakeTestApi.Csv([sheet[0], [sku, "", "", "KNOWN", Day(13), "2", "4", "4"]]);
        var refused = await Api.ImportCsv(take, wrongDate);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains($"batch KNOWN already expires on {Day(12)}; the sheet gives {Day(13)}", await refused.Content.ReadAsStringAsync());

        var counted = StockTakeTestApi.Csv([sheet[0], [sku, "", "", "KNOWN", Day(12), "2", "4", "4"], [sku, "", "", "FOUND", Day(8), "2", "", "3"]]);
        await Api.ImportCsvOk(take, counted);
        await Api.CompleteStockTake(take);

        Assert.Equal([("FOUND", warehouse, 3m, Day(8)), ("KNOWN", warehouse, 4m, Day(12))], await Batches(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_count_sheet_without_the_ExpiresOn_column_is_still_imported()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch", costPrice: 2m);
        var sku = await Api.SkuOf(product);
        await Receive(warehouse, product, 2m, ("OLD-SHEET", 4, 12));
        var take = await Api.StartStockTake(warehouse);
        await Api.ExportCsv(take);

        await Api.ImportCsvOk(take, StockTakeTestApi.Csv([StockTakeTestApi.Header, [sku, "", "", "OLD-SHEET", "2", "4", "5"]]));
        await Api.CompleteStockTake(take);

        Assert.Equal([("OLD-SHEET", warehouse, 5m, Day(12))], await Batches(product));
    }

    [Fact]
    public async Task The_dashboard_notices_batches_expiring_within_the_window()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch");
        var batch = Api.Unique("NOTICE");
        await Receive(warehouse, product, 2m, (batch, 3, 6), (batch + "-FAR", 3, 200));

        var page = await Api.Http.GetStringAsync("/");
        Assert.Contains("expiring within 30 days", page);
        Assert.Contains(batch, page);
        Assert.DoesNotContain(batch + "-FAR", page);

        var report = await Api.Http.GetStringAsync($"/expiry?withinDays=300&warehouseId={warehouse}");
        Assert.Contains(batch + "-FAR", report);
        Assert.Contains(Day(200), report);
    }
}
