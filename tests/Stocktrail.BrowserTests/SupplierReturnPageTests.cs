using Microsoft.Playwright;
using Stocktrail.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stocktrail.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class SupplierReturnPageTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task A_faulty_serial_goes_back_to_the_supplier_from_the_order_page_after_a_confirmation()
    {
        var warehouse = await fixture.Api.WarehouseAsync(Api.Unique("RT"));
        var supplier = await fixture.Api.SupplierAsync(Api.Unique("Supplier"));
        var sku = Api.Unique("PUMP");
        var product = await fixture.Api.ProductAsync(sku, "Serial");
        var prefix = Api.Unique("R");
        var order = await fixture.Api.ReceiveSerialsAsync(supplier, warehouse, product, 3, 60m, $"{prefix}-01..{prefix}-03");
        var page = await fixture.SignedInPageAsync("Purchasing");

        await page.GotoAsync($"/purchase-orders/{order}");
        var form = page.Locator("#return-to-supplier");
        await Expect(form.Locator("#return-line-1")).ToContainTextAsync($"{prefix}-03");
        await form.GetByLabel($"{prefix}-02").CheckAsync();
        await form.GetByLabel("Reason").FillAsync("Leaks at the seal");

        // Cancelled first: nothing leaves.
        await form.GetByRole(AriaRole.Button, new() { Name = "Return to supplier" }).ClickAsync();
        var confirm = page.Locator("#confirm-dialog");
        await Expect(confirm).ToContainTextAsync("cannot be undone");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        Assert.Equal("InStock", (await fixture.Api.GetAsync($"/api/products/{product}/serials/{prefix}-02")).GetProperty("status").GetString());

        await form.GetByRole(AriaRole.Button, new() { Name = "Return to supplier" }).ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Return to supplier" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Returned 1 unit to the supplier");
        await Expect(page.Locator("#line-1")).ToContainTextAsync("1");
        await Expect(page.Locator("#supplier-returns")).ToContainTextAsync($"{prefix}-02");
        await Expect(page.Locator("#supplier-returns")).ToContainTextAsync("Leaks at the seal");
        await Expect(page.Locator("#return-line-1")).Not.ToContainTextAsync($"{prefix}-02");
        var unit = await fixture.Api.GetAsync($"/api/products/{product}/serials/{prefix}-02");
        Assert.Equal("Out", unit.GetProperty("status").GetString());
        Assert.Equal("ReturnedToSupplier", unit.GetProperty("disposition").GetString());
        Assert.Equal(1m, (await fixture.Api.GetAsync($"/api/purchase-orders/{order}")).GetProperty("lines")[0].GetProperty("returnedQuantity").GetDecimal());

        await page.Locator("#supplier-returns").GetByRole(AriaRole.Link, new() { Name = $"{prefix}-02" }).ClickAsync();
        await Expect(page.Locator("#disposition")).ToHaveTextAsync("Returned to the supplier");
        await Expect(page.Locator("#history")).ToContainTextAsync("Leaks at the seal");
    }
}
