using System.Net;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.StockTakes;

public sealed class StockTakeTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task The_count_sheet_lists_fifo_products_batches_and_serials_sorted_by_sku_then_code_in_csv_and_xlsx()
    {
        var warehouse = await Api.Warehouse();
        var code = (string)(await Api.Get("/api/warehouses")).AsArray().First(w => (int)w!["id"]! == warehouse)!["code"]!;
        var prefix = Api.Unique("ST");
        var serial = await Api.SerialsInStock(warehouse, 12.5m, "SN-B", "SN-A", "SN-C");
        var serialSku = await Api.SkuOf(serial);
        var fifo = await Api.Product("Fifo", sku: $"{prefix}-A-FIFO");
        await Api.ReceiveFifo(warehouse, fifo, 10, 2m);
        var batch = await Api.Product("Batch", sku: $"{prefix}-B-BATCH");
        await Api.ReceiveBatches(warehouse, batch, 3m, ("LOT-2", 4), ("LOT-1", 5));
        var take = await Api.StartStockTake(warehouse);

        var csv = await Api.ExportCsv(take);
        var xlsx = await Api.ExportXlsx(take);

        Assert.Equal(StockTakeTestApi.ExportHeader, csv[0]);
        Assert.Equal(StockTakeTestApi.ExportHeader, xlsx[0]);
        var csvRows = csv.Skip(1).ToList();
        Assert.Equal(6, csvRows.Count);
        Assert.Equal(csvRows.Select(r => r[0]).Order(StringComparer.Ordinal), csvRows.Select(r => r[0]));
        string[] Cells(string[] r) => [r[0], r[3], r[5], r[6], r[7]];
        var mine = csvRows.Where(r => r[0].StartsWith(prefix, StringComparison.Ordinal)).Select(Cells).ToList();
        Assert.Equal([$"{prefix}-A-FIFO", "", "2", "10", ""], mine[0]);
        Assert.Equal([$"{prefix}-B-BATCH", "LOT-1", "3", "5", ""], mine[1]);
        Assert.Equal([$"{prefix}-B-BATCH", "LOT-2", "3", "4", ""], mine[2]);
        Assert.Equal(["SN-A", "SN-B", "SN-C"], csvRows.Where(r => r[0] == serialSku).Select(r => r[3]));
        Assert.All(csvRows.Where(r => r[0] == serialSku), r => Assert.Equal([code, "", "12.5", "1", ""], [r[2], r[4], r[5], r[6], r[7]]));

        var xlsxRows = xlsx.Skip(1).ToList();
        Assert.Equal(csvRows.Count, xlsxRows.Count);
        for (var i = 0; i < csvRows.Count; i++)
        {
            Assert.Equal(csvRows[i][0], xlsxRows[i][0]);
            Assert.Equal(csvRows[i][3], xlsxRows[i][3] ?? "");
            Assert.Equal(decimal.Parse(csvRows[i][6]), decimal.Parse(xlsxRows[i][6]!));
            Assert.Null(xlsxRows[i][7]);
        }
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_clean_sheet_shows_its_variances_and_completing_posts_found_and_missing_serials_batches_and_fifo()
    {
        var warehouse = await Api.Warehouse();
        var serial = await Api.SerialsInStock(warehouse, 10m, "U-1", "U-2", "U-3", "U-4", "U-OUT");
        await Api.AdjustSerialsOut(warehouse, serial, "U-OUT");
        var sku = await Api.SkuOf(serial);
        var fifo = await Api.Product("Fifo");
        await Api.ReceiveFifo(warehouse, fifo, 10, 2m);
        var fifoSku = await Api.SkuOf(fifo);
        var batch = await Api.Product("Batch");
        await Api.ReceiveBatches(warehouse, batch, 3m, ("B1", 5), ("B2", 4));
        var batchSku = await Api.SkuOf(batch);
        var take = await Api.StartStockTake(warehouse);

        var sheet = StockTakeTestApi.Count(await Api.ExportCsv(take), r => (r[0], r[3]) switch
        {
            (_, "U-1") or (_, "U-4") => "1",
            (_, "U-2") => "0",
            (_, "U-3") => null,
            (_, "B1") => "6",
            (_, "B2") => "0",
            _ when r[0] == fifoSku => "7",
            _ => null,
        });
        sheet.Add([sku, "", "", "U-NEW", "", "14", "", "1"]);
        sheet.Add([sku, "", "", "U-OUT", "", "", "", "1"]);
        sheet.Add([batchSku, "", "", "B3", "", "4", "", "2"]);

        var result = await Api.ImportCsvOk(take, StockTakeTestApi.Csv(sheet));

        var variances = result["variances"]!.AsArray();
        JsonNode Variance(string? code, string productSku) => variances.Single(v => (string)v!["sku"]! == productSku && ((string?)v["serial"] ?? (string?)v["batch"]) == code)!;
        Assert.Equal(7, variances.Count);
        Assert.Equal("Missing", (string)Variance("U-2", sku)["kind"]!);
        Assert.Equal(-10m, (decimal)Variance("U-2", sku)["value"]!);
        Assert.Equal("Found", (string)Variance("U-NEW", sku)["kind"]!);
        Assert.Equal(14m, (decimal)Variance("U-NEW", sku)["value"]!);
        Assert.Equal(10m, (decimal)Variance("U-OUT", sku)["unitCost"]!);
        Assert.Equal(-6m, (decimal)Variance(null, fifoSku)["value"]!);
        Assert.Equal(3m, (decimal)Variance("B1", batchSku)["value"]!);
        Assert.Equal(-12m, (decimal)Variance("B2", batchSku)["value"]!);
        Assert.Equal("More", (string)Variance("B3", batchSku)["kind"]!);
        Assert.Equal(8m, (decimal)Variance("B3", batchSku)["value"]!);
        Assert.Equal(2, (int)result["summary"]!["found"]!);
        Assert.Equal(1, (int)result["summary"]!["missing"]!);
        Assert.Equal(10m + 14m + 3m + 8m - 10m - 6m - 12m, (decimal)result["summary"]!["netValue"]!);
        Assert.Empty(result["outdated"]!.AsArray());
        Assert.Equal(4m, await Api.OnHand(serial, warehouse));

        var completed = await Api.CompleteStockTake(take);

        Assert.Equal("Completed", (string)completed["status"]!);
        Assert.Equal(5m, await Api.OnHand(serial, warehouse));
        Assert.Equal("Out", (string)(await Api.Serial(serial, "U-2"))["status"]!);
        var found = await Api.Serial(serial, "U-OUT");
        Assert.Equal("InStock", (string)found["status"]!);
        Assert.Equal(3, found["history"]!.AsArray().Count);
        Assert.Equal("StockTake", (string)found["history"]!.AsArray().OrderBy(h => (DateTime)h!["occurredAt"]!).Last()!["sourceType"]!);
        var fresh = await Api.Serial(serial, "U-NEW");
        Assert.Equal(14m, (decimal)fresh["unitCost"]!);
        Assert.Equal(7m, await Api.OnHand(fifo, warehouse));
        var batches = (await Api.Get($"/api/products/{batch}/batches?warehouseId={warehouse}"))["items"]!.AsArray()
            .ToDictionary(b => (string)b!["batch"]!, b => (decimal)b!["onHand"]!);
        Assert.Equal(6m, batches["B1"]);
        Assert.Equal(2m, batches["B3"]);
        Assert.Equal(0m, batches.GetValueOrDefault("B2"));
        var movements = await Api.Movements(fifo);
        Assert.Contains(movements, m => (string)m!["sourceType"]! == "StockTake" && (decimal)m["quantity"]! == -3m && (decimal)m["unitCost"]! == 2m);
        await Api.PostRefused($"/api/stock-takes/{take}/complete", new { }, HttpStatusCode.Conflict);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task An_xlsx_sheet_posted_as_a_form_file_finds_and_loses_serials()
    {
        var warehouse = await Api.Warehouse();
        var serial = await Api.SerialsInStock(warehouse, 5m, "X-1", "X-2", "X-3");
        var sku = await Api.SkuOf(serial);
        var take = await Api.StartStockTake(warehouse);
        var sheet = await Api.ExportXlsx(take);
        var filled = sheet.Select((r, i) => i == 0 ? r : r.Take(7).Append(r[3] == "X-2" ? "0" : "1").ToArray()).ToList();
        filled.Add([sku, null, null, "X-9", null, "6.5", null, "1"]);

        var response = await Api.ImportXlsxAsForm(take, filled);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        await Api.CompleteStockTake(take);

        Assert.Equal(3m, await Api.OnHand(serial, warehouse));
        Assert.Equal("Out", (string)(await Api.Serial(serial, "X-2"))["status"]!);
        Assert.Equal(6.5m, (decimal)(await Api.Serial(serial, "X-9"))["unitCost"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_faulty_sheet_is_refused_with_every_rows_problem_and_changes_nothing()
    {
        var warehouse = await Api.Warehouse();
        var other = await Api.Warehouse();
        var serial = await Api.SerialsInStock(warehouse, 10m, "F-1", "F-2", "F-3");
        var sku = await Api.SkuOf(serial);
        var foreign = await Api.SerialsInStock(warehouse, 10m, "OTHER-1");
        var foreignSku = await Api.SkuOf(foreign);
        await Api.PostOk("/api/stock-transfers", new
        {
            fromWarehouseId = warehouse, toWarehouseId = other,
            lines = new[] { new { productId = serial, quantity = 1, serials = new[] { "F-3" } } },
        });
        var fifo = await Api.Product("Fifo");
        await Api.ReceiveFifo(warehouse, fifo, 4, 1m);
        var fifoSku = await Api.SkuOf(fifo);
        var take = await Api.StartStockTake(warehouse);
        var sheet = await Api.ExportCsv(take);

        List<string[]> rows =
        [
            StockTakeTestApi.Header,
            [sku, "", "", "F-1", "10", "1", "2"],             // row 2: a serial counts 0 or 1
            [sku, "", "", "F-2", "10", "1", "1"],             // row 3: fine
            [sku, "", "", "F-2", "10", "1", "1"],             // row 4: twice
            ["NO-SUCH-SKU", "", "", "", "", "", "3"],         // row 5: unknown SKU
            [sku, "", "", "OTHER-1", "", "", "1"],            // row 6: another product's serial
            [sku, "", "", "F-3", "", "", "1"],                // row 7: in stock in another warehouse
            [fifoSku, "", "", "", "1", "4", "-1"],            // row 8: negative
            [fifoSku, "", "", "", "1", "4", "lots"],          // row 9: not a number (and twice)
            [sku, "", "", "F-NEW", "", "", "1"],              // row 10: new unit, no cost, no cost price
        ];

        var response = await Api.ImportCsv(take, StockTakeTestApi.Csv(rows));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var errors = JsonNode.Parse(text)!["errors"]!.AsArray();
        (int Row, string Column)[] expected =
        [
            (2, "Counted"), (4, "SerialOrBatch"), (5, "Sku"), (6, "SerialOrBatch"), (7, "SerialOrBatch"), (8, "Counted"), (9, "Counted"), (9, "Sku"), (10, "UnitCost"),
        ];
        var actual = errors.Select(e => ((int)e!["row"]!, (string)e["column"]!)).ToHashSet();
        foreach (var problem in expected) Assert.True(actual.Contains(problem), $"No problem for row {problem.Row} column {problem.Column}: {text}");
        Assert.Contains(errors, e => ((string)e!["message"]!).Contains(foreignSku) && (int)e["row"]! == 6);
        Assert.Contains(errors, e => ((string)e!["message"]!).Contains("transfer it") && (int)e["row"]! == 7);
        Assert.DoesNotContain(errors, e => (int)e!["row"]! == 3);

        var after = await Api.Get($"/api/stock-takes/{take}");
        Assert.Empty(after["variances"]!.AsArray());
        Assert.Null((string?)after["importedAt"]);
        await Api.PostRefused($"/api/stock-takes/{take}/complete", new { }, HttpStatusCode.Conflict);
        Assert.Equal(2m, await Api.OnHand(serial, warehouse));
        Assert.Equal(4m, await Api.OnHand(fifo, warehouse));
        Assert.DoesNotContain(sheet, r => r[3] == "F-3");
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Missing_and_renamed_columns_are_reported_on_the_header_row()
    {
        var warehouse = await Api.Warehouse();
        var take = await Api.StartStockTake(warehouse);
        await Api.ExportCsv(take);

        var response = await Api.ImportCsv(take, "Sku,Name,Warehouse,Serial,UnitCost,OnHand\nX,,,,,\n");
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var errors = JsonNode.Parse(text)!["errors"]!.AsArray();
        Assert.Contains(errors, e => (int)e!["row"]! == 1 && (string)e["column"]! == "SerialOrBatch" && ((string)e["message"]!).Contains("'Serial'"));
        Assert.Contains(errors, e => (int)e!["row"]! == 1 && (string)e["column"]! == "Counted" && ((string)e["message"]!).Contains("missing"));
    }

    [Fact]
    public async Task Rows_whose_stock_moved_after_the_export_are_outdated_and_can_be_exported_again_and_recounted()
    {
        var warehouse = await Api.Warehouse();
        var serial = await Api.SerialsInStock(warehouse, 10m, "O-1", "O-2", "O-3");
        var fifo = await Api.Product("Fifo");
        await Api.ReceiveFifo(warehouse, fifo, 10, 2m);
        var fifoSku = await Api.SkuOf(fifo);
        var take = await Api.StartStockTake(warehouse);
        var sheet = await Api.ExportCsv(take);

        // Meanwhile: a serial is written off and more Fifo stock arrives.
        await Api.AdjustSerialsOut(warehouse, serial, "O-2");
        await Api.ReceiveFifo(warehouse, fifo, 5, 2m);

        var counted = StockTakeTestApi.Count(sheet, r => r[3] switch { "O-1" => "0", "O-2" => "1", "O-3" => "1", _ => "9" });
        var result = await Api.ImportCsvOk(take, StockTakeTestApi.Csv(counted));

        var outdated = result["outdated"]!.AsArray();
        Assert.Equal(2, outdated.Count);
        Assert.Contains(outdated, o => (string?)o!["serialOrBatch"] == "O-2" && (decimal)o["onHandNow"]! == 0m);
        Assert.Contains(outdated, o => (string)o!["sku"]! == fifoSku && (decimal)o["onHandNow"]! == 15m && (decimal)o["onHandOnSheet"]! == 10m);
        var variances = result["variances"]!.AsArray();
        Assert.Equal(["O-1"], variances.Select(v => (string)v!["serial"]!));

        var again = await Api.ExportCsv(take, rows: "outdated");
        Assert.Equal(2, again.Count);
        Assert.Equal([fifoSku, "15"], [again[1][0], again[1][6]]);
        var recount = StockTakeTestApi.Count(again, _ => "14");
        recount.Add(counted.Single(r => r[3] == "O-1"));
        var second = await Api.ImportCsvOk(take, StockTakeTestApi.Csv(recount));
        Assert.Empty(second["outdated"]!.AsArray());
        Assert.Equal(2, second["variances"]!.AsArray().Count);

        await Api.CompleteStockTake(take);
        Assert.Equal(14m, await Api.OnHand(fifo, warehouse));
        Assert.Equal(1m, await Api.OnHand(serial, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Completing_is_refused_when_a_counted_item_moved_after_the_import()
    {
        var warehouse = await Api.Warehouse();
        var serial = await Api.SerialsInStock(warehouse, 10m, "M-1", "M-2");
        var take = await Api.StartStockTake(warehouse);
        var sheet = StockTakeTestApi.Count(await Api.ExportCsv(take), r => r[3] == "M-1" ? "0" : "1");
        await Api.ImportCsvOk(take, StockTakeTestApi.Csv(sheet));
        await Api.AdjustSerialsOut(warehouse, serial, "M-1");

        var problem = await Api.PostRefused($"/api/stock-takes/{take}/complete", new { }, HttpStatusCode.Conflict);

        problem.Mentions("Row 2", "after the sheet was imported");
        Assert.Equal(1m, await Api.OnHand(serial, warehouse));
        Assert.Equal("Counting", (string)(await Api.Get($"/api/stock-takes/{take}"))["status"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_large_sheet_imported_in_the_background_reports_progress_until_100_percent()
    {
        var warehouse = await Api.Warehouse();
        var serials = Enumerable.Range(1, 3000).Select(i => $"BG-{i:D5}").ToArray();
        var serial = await Api.SerialsInStock(warehouse, 3m, serials);
        var take = await Api.StartStockTake(warehouse);
        var sheet = StockTakeTestApi.Count(await Api.ExportCsv(take), r => r[3].EndsWith("00", StringComparison.Ordinal) ? "0" : "1");

        var response = await Api.ImportCsv(take, StockTakeTestApi.Csv(sheet), background: true);
        var accepted = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = (int)accepted["id"]!;
        Assert.Equal($"/api/jobs/{jobId}", response.Headers.Location?.ToString());

        JsonNode job;
        var percents = new List<int>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(50);
            job = await Api.Get($"/api/jobs/{jobId}");
            percents.Add((int)job["percent"]!);
        } while ((string)job["status"]! is "Queued" or "Running" && DateTime.UtcNow < deadline);

        Assert.Equal("Succeeded", (string)job["status"]!);
        Assert.Equal(100, (int)job["percent"]!);
        Assert.Equal(percents.Order(), percents);
        Assert.Equal(30, job["result"]!["variances"]!.AsArray().Count);
        await Api.CompleteStockTake(take);
        Assert.Equal(2970m, await Api.OnHand(serial, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_faulty_sheet_imported_in_the_background_fails_with_its_problems()
    {
        var warehouse = await Api.Warehouse();
        await Api.SerialsInStock(warehouse, 3m, "BF-1");
        var take = await Api.StartStockTake(warehouse);
        var sheet = StockTakeTestApi.Count(await Api.ExportCsv(take), _ => "5");

        var response = await Api.ImportCsv(take, StockTakeTestApi.Csv(sheet), background: true);
        var jobId = (int)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
        JsonNode job;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(50);
            job = await Api.Get($"/api/jobs/{jobId}");
        } while ((string)job["status"]! is "Queued" or "Running" && DateTime.UtcNow < deadline);

        Assert.Equal("Failed", (string)job["status"]!);
        Assert.Equal(400, (int)job["resultStatus"]!);
        var error = job["result"]!["errors"]!.AsArray().Single()!;
        Assert.Equal(2, (int)error["row"]!);
        Assert.Equal("Counted", (string)error["column"]!);
        await Api.AssertLedgerConsistent();
    }
}
