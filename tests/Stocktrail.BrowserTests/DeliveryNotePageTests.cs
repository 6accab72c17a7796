using Microsoft.Playwright;
using Stocktrail.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stocktrail.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class DeliveryNotePageTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task The_delivery_note_is_styled_for_print_and_its_Print_button_prints_under_the_sites_content_policy()
    {
        var warehouse = await fixture.Api.WarehouseAsync(Api.Unique("DN"));
        var supplier = await fixture.Api.SupplierAsync(Api.Unique("Supplier"));
        var customer = await fixture.Api.CustomerAsync(Api.Unique("Customer"));
        var product = await fixture.Api.ProductAsync(Api.Unique("VALVE"), "Serial");
        var prefix = Api.Unique("DN");
        await fixture.Api.ReceiveSerialsAsync(supplier, warehouse, product, 2, 30m, $"{prefix}-1..{prefix}-2");
        var sale = await fixture.Api.PostAsync("/api/stock-sales", new { customerId = customer, warehouseId = warehouse,
            lines = new[] { new { productId = product, quantity = 2, unitPrice = 50m } } });
        var saleId = sale.GetProperty("id").GetInt32();
        await fixture.Api.PostAsync($"/api/stock-sales/{saleId}/dispatches", new { lines = new[] { new {
            lineId = sale.GetProperty("lines")[0].GetProperty("id").GetInt32(), quantity = 2, serials = new[] { $"{prefix}-1", $"{prefix}-2" } } } });
        var page = await fixture.SignedInPageAsync("Sales");
        var refused = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy")) refused.Add(message.Text); };

        await page.GotoAsync($"/sales/{saleId}/dispatches/1/delivery-note");

        await Expect(page.Locator("ul.codes")).ToContainTextAsync($"{prefix}-2");
        // The sheet's own stylesheet applies: the serials are printed in columns with a box to tick.
        Assert.Equal("4", await page.Locator("ul.codes").EvaluateAsync<string>("e => getComputedStyle(e).columnCount"));
        Assert.Equal("collapse", await page.Locator("table").EvaluateAsync<string>("e => getComputedStyle(e).borderCollapse"));
        await page.EvaluateAsync("() => { window.printed = 0; window.print = () => window.printed++; }");
        await page.GetByRole(AriaRole.Button, new() { Name = "Print" }).ClickAsync();
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.printed"));
        Assert.Empty(refused);
    }
}
