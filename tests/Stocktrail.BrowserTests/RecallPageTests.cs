using Microsoft.Playwright;
using Stocktrail.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stocktrail.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class RecallPageTests(BrowserFixture fixture)
{
    private Api Api => fixture.Api;

    [BrowserFact]
    public async Task The_recall_page_reached_from_a_component_lists_the_customer_who_has_the_unit_built_from_it()
    {
        var warehouseId = await Api.WarehouseAsync(Api.Unique("PLANT"));
        var supplier = await Api.SupplierAsync(Api.Unique("Supplier"));
        var customer = Api.Unique("Harbour Marine");
        var customerId = await Api.CustomerAsync(customer);
        var part = Api.Unique("VALVE");
        var partId = await Api.ProductAsync(part, "Serial");
        var outputId = await Api.ProductAsync(Api.Unique("PUMP"), "Serial");
        await Api.ReceiveSerialsAsync(supplier, warehouseId, partId, 1, 20m, "V-1");
        var job = (await Api.PostAsync("/api/production-jobs", new { outputProductId = outputId, quantity = 1, warehouseId })).GetProperty("id").GetInt32();
        await Api.PostAsync($"/api/production-jobs/{job}/materials", new { warehouseId, lines = new[] { new { productId = partId, quantity = 1, serials = new[] { "V-1" } } } });
        await Api.PostAsync($"/api/production-jobs/{job}/complete", new { actualQuantity = 1, serials = new[] { "PUMP-1" } });
        var sale = await Api.PostAsync("/api/stock-sales", new { customerId, warehouseId, lines = new[] { new { productId = outputId, quantity = 1, unitPrice = 99m } } });
        await Api.PostAsync($"/api/stock-sales/{sale.GetProperty("id").GetInt32()}/dispatches",
            new { lines = new[] { new { lineId = sale.GetProperty("lines")[0].GetProperty("id").GetInt32(), quantity = 1, serials = new[] { "PUMP-1" } } } });
        var page = await fixture.SignedInPageAsync("Viewer");

        await page.GotoAsync($"/products/{partId}/serials/V-1");
        await page.Locator("#recall-link").ClickAsync();

        await Expect(page.Locator("#recall-customers")).ToContainTextAsync(customer);
        await Expect(page.Locator("#recall-customers")).ToContainTextAsync("PUMP-1");
        await Expect(page.Locator("#recall-units")).ToContainTextAsync("Dispatched");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Excel" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("format=xlsx"));
    }
}
