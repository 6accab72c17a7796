using Microsoft.Playwright;
using Stocktrail.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stocktrail.BrowserTests;

/// <summary>A product's bill of materials, edited on the product page, and a production job's use lines filled from it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BillOfMaterialsPageTests(BrowserFixture fixture)
{
    private Api Api => fixture.Api;

    private static string Option(string sku, string tracking) => $"{sku} — Product {sku} ({tracking})";

    [BrowserFact]
    public async Task A_bill_of_materials_is_edited_on_the_product_page_with_lines_added_and_removed_and_refusals_on_their_row()
    {
        var pump = Api.Unique("PUMP");
        var pumpId = await Api.ProductAsync(pump, "Serial");
        var motor = Api.Unique("MOTOR");
        await Api.ProductAsync(motor, "Serial");
        var oil = Api.Unique("OIL");
        var oilId = await Api.ProductAsync(oil, "Fifo");
        var page = await fixture.SignedInPageAsync("Purchasing");

        await page.GotoAsync($"/products/{pumpId}");
        var bill = page.Locator("#bill-of-materials");
        await Expect(bill).ToContainTextAsync("No bill of materials.");
        // The product page shows the bill; its editor, which offers every product on every line, is a page of its own.
        await Expect(page.Locator("#bill-of-materials select")).ToHaveCountAsync(0);
        await bill.GetByRole(AriaRole.Link, new() { Name = "Edit the bill of materials" }).ClickAsync();
        await bill.GetByLabel("Component of line 1").SelectOptionAsync(new SelectOptionValue { Label = Option(motor, "Serial") });
        await bill.GetByLabel("Quantity per unit of line 1").FillAsync("1.5");
        await bill.GetByRole(AriaRole.Button, new() { Name = "Add line" }).ClickAsync();
        await bill.GetByLabel("Component of line 2").SelectOptionAsync(new SelectOptionValue { Label = Option(oil, "Fifo") });
        await bill.GetByLabel("Quantity per unit of line 2").FillAsync("0.25");
        await bill.GetByRole(AriaRole.Button, new() { Name = "Save bill of materials" }).ClickAsync();

        // Part of a serialized unit is refused on its row; the other line is kept as typed.
        await Expect(page.Locator("tr.has-problem")).ToContainTextAsync("serialized units are whole");
        await Expect(page.GetByLabel("Quantity per unit of line 2")).ToHaveValueAsync("0.25");
        await page.GetByLabel("Quantity per unit of line 1").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save bill of materials" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("2 component(s)");
        Assert.EndsWith($"/products/{pumpId}#bill-of-materials", page.Url);
        await Expect(bill).ToContainTextAsync(motor);
        await Expect(bill).ToContainTextAsync(oil);
        await BrowserFixture.ScreenshotAsync(page, "product-bill-of-materials");

        await bill.GetByRole(AriaRole.Link, new() { Name = "Edit the bill of materials" }).ClickAsync();
        await bill.GetByLabel("Remove line 1").CheckAsync();
        await bill.GetByRole(AriaRole.Button, new() { Name = "Save bill of materials" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 component(s)");
        var saved = await Api.GetAsync($"/api/products/{pumpId}/bill-of-materials");
        Assert.Equal(1, saved.GetProperty("lines").GetArrayLength());
        Assert.Equal(oilId, saved.GetProperty("lines")[0].GetProperty("productId").GetInt32());
        Assert.Equal(0.25m, saved.GetProperty("lines")[0].GetProperty("quantity").GetDecimal());

        // A role that may not change products reads the bill.
        var viewer = await fixture.SignedInPageAsync("Viewer");
        await viewer.GotoAsync($"/products/{pumpId}");
        await Expect(viewer.Locator("#bill-of-materials")).ToContainTextAsync(oil);
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Save bill of materials" })).ToHaveCountAsync(0);
        await Expect(viewer.GetByRole(AriaRole.Link, new() { Name = "Edit the bill of materials" })).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task A_production_job_fills_its_use_lines_from_the_bill_of_materials_times_its_planned_quantity()
    {
        var warehouseId = await Api.WarehouseAsync(Api.Unique("WB"));
        var supplier = await Api.SupplierAsync(Api.Unique("Supplier"));
        var board = Api.Unique("BOARD");
        var boardId = await Api.ProductAsync(board, "Serial");
        await Api.ReceiveSerialsAsync(supplier, warehouseId, boardId, 4, 50m, "BB-01..BB-04");
        var screw = Api.Unique("SCREW");
        var screwId = await Api.ProductAsync(screw, "Fifo");
        await Api.ReceiveFifoAsync(supplier, warehouseId, screwId, 100, 0.5m);
        var unitId = await Api.ProductAsync(Api.Unique("UNIT"), "Serial");
        await Api.PutAsync($"/api/products/{unitId}/bill-of-materials", new { lines = new object[] { new { productId = boardId, quantity = 2 }, new { productId = screwId, quantity = 4.5m } } });
        var job = (await Api.PostAsync("/api/production-jobs", new { outputProductId = unitId, quantity = 2, warehouseId })).GetProperty("id").GetInt32();
        var page = await fixture.SignedInPageAsync("Production");

        await page.GotoAsync($"/production-jobs/{job}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Fill from bill of materials" }).ClickAsync();

        var lines = page.Locator("#use-lines");
        await Expect(lines.GetByLabel("Product of line 1")).ToHaveValueAsync(boardId.ToString());
        await Expect(lines.GetByLabel("Quantity of line 1")).ToHaveValueAsync("4");
        await Expect(lines.GetByLabel("Product of line 2")).ToHaveValueAsync(screwId.ToString());
        await Expect(lines.GetByLabel("Quantity of line 2")).ToHaveValueAsync("9");
        // The serialized line takes its serials from the picker; the Fifo line needs nothing more.
        var search = lines.GetByLabel("Serial for line 1");
        foreach (var serial in new[] { "BB-01", "BB-02", "BB-03", "BB-04" })
        {
            await search.FillAsync(serial);
            await search.PressAsync("Enter");
        }
        await Expect(lines.Locator(".chips li")).ToHaveCountAsync(4);
        await BrowserFixture.ScreenshotAsync(page, "production-job-filled-from-bill");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Consumed 13");

        var materials = await Api.GetAsync($"/api/production-jobs/{job}/materials");
        Assert.Equal(2, materials.GetProperty("items").GetArrayLength());
        Assert.Equal(204.5m, materials.GetProperty("totalCost").GetDecimal()); // 4 × 50 + 9 × 0.5

        // Filled again, nothing is left to use.
        await page.GetByRole(AriaRole.Button, new() { Name = "Fill from bill of materials" }).ClickAsync();
        await Expect(page.Locator("#use")).ToContainTextAsync("is already on");
    }
}
