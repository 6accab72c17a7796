using Microsoft.Playwright;
using Stocktrail.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stocktrail.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class StockTakePageTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task A_faulty_count_sheet_is_refused_with_each_row_error_shown_and_nothing_changed()
    {
        var warehouse = Api.Unique("CNT");
        var warehouseId = await fixture.Api.WarehouseAsync(warehouse);
        var supplier = await fixture.Api.SupplierAsync(Api.Unique("Supplier"));
        var sku = Api.Unique("GAUGE");
        var product = await fixture.Api.ProductAsync(sku, "Serial");
        await fixture.Api.ReceiveSerialsAsync(supplier, warehouseId, product, 2, 20m, "G-1..G-2");
        var take = (await fixture.Api.PostAsync("/api/stock-takes", new { warehouseId })).GetProperty("id").GetInt32();
        var page = await fixture.SignedInPageAsync("Warehouse");
        await page.GotoAsync($"/stock-takes/{take}");

        // Downloading the sheet is what lets a counted one be imported.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).ClickAsync());
        var exported = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("SerialOrBatch", exported);

        // A serial counted twice and a product that does not exist.
        var sheet = string.Join("\n",
            "Sku,Name,Warehouse,SerialOrBatch,UnitCost,OnHand,Counted",
            $"{sku},,{warehouse},G-1,20,1,1",
            $"{sku},,{warehouse},G-1,20,1,1",
            $"NO-SUCH-SKU,,{warehouse},,,,3") + "\n";
        await page.GetByLabel("Counted sheet").SetInputFilesAsync(new FilePayload { Name = "counted.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(sheet) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();

        var errors = page.Locator("#row-errors tbody tr");
        await Expect(errors.First).ToBeVisibleAsync();
        await Expect(page.Locator("#row-errors")).ToContainTextAsync("NO-SUCH-SKU");
        await Expect(page.Locator("#row-errors")).ToContainTextAsync("G-1");
        await FixtureScreens.SaveAsync(page, "stock-take-row-errors");
    }

    [BrowserFact]
    public async Task A_large_count_sheet_is_checked_in_the_background_with_a_progress_bar_and_its_variances_shown()
    {
        var warehouse = Api.Unique("BIG");
        var warehouseId = await fixture.Api.WarehouseAsync(warehouse);
        var sku = Api.Unique("TAG");
        await fixture.Api.ProductAsync(sku, "Serial");
        var take = (await fixture.Api.PostAsync("/api/stock-takes", new { warehouseId })).GetProperty("id").GetInt32();
        var page = await fixture.SignedInPageAsync("Warehouse");
        await page.GotoAsync($"/stock-takes/{take}");
        await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).ClickAsync());

        // 30,000 units found that the books lack: over a megabyte, so the page checks it in the background.
        var sheet = new System.Text.StringBuilder("Sku,Name,Warehouse,SerialOrBatch,UnitCost,OnHand,Counted\n");
        for (var i = 1; i <= 30_000; i++) sheet.Append($"{sku},,{warehouse},FOUND-{i:D6},2.5,,1\n");
        var bytes = System.Text.Encoding.UTF8.GetBytes(sheet.ToString());
        Assert.True(bytes.Length > 1_000_000);
        await page.GetByLabel("Counted sheet").SetInputFilesAsync(new FilePayload { Name = "counted.csv", MimeType = "text/csv", Buffer = bytes });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();

        await Expect(page.Locator("#upload-form progress")).ToBeVisibleAsync();
        // 30,000 rows are CPU work: on a loaded machine, with the HTTP tests running beside the browser tests, the check
        // has taken over a minute; the wait is generous, the assertion the same.
        await Expect(page.Locator("#more-variances")).ToContainTextAsync("29000 more variance(s)", new() { Timeout = 180_000 });
        await Expect(page.Locator("table").Last).ToContainTextAsync("FOUND-000001");
        await FixtureScreens.SaveAsync(page, "stock-take-large-sheet");
    }
}
