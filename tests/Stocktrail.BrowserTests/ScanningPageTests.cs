using Microsoft.Playwright;
using Stocktrail.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stocktrail.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ScanningPageTests(BrowserFixture fixture)
{
    private Api Api => fixture.Api;

    [BrowserFact]
    public async Task Two_hundred_serials_scanned_back_to_back_land_as_two_hundred_chips_with_none_lost_or_merged()
    {
        var warehouse = Api.Unique("SCAN");
        var warehouseId = await Api.WarehouseAsync(warehouse);
        var supplier = await Api.SupplierAsync(Api.Unique("Supplier"));
        var customer = await Api.CustomerAsync(Api.Unique("Customer"));
        var sku = Api.Unique("TAG");
        var product = await Api.ProductAsync(sku, "Serial");
        await Api.ReceiveSerialsAsync(supplier, warehouseId, product, 200, 1m, "SC-0001..SC-0200");
        var sale = (await Api.PostAsync("/api/stock-sales", new { customerId = customer, warehouseId, lines = new[] { new { productId = product, quantity = 200, unitPrice = 2m } } }))
            .GetProperty("id").GetInt32();
        var page = await fixture.SignedInPageAsync("Warehouse");
        await page.GotoAsync($"/sales/{sale}");

        // A scanner types each code and Enter with no pause between codes: 3 ms a character.
        var serials = Enumerable.Range(1, 200).Select(i => $"SC-{i:0000}").ToList();
        var search = page.GetByLabel("Serial for line 1");
        await search.FocusAsync();
        await search.PressSequentiallyAsync(string.Concat(serials.Select(s => s + "\n")), new() { Delay = 3, Timeout = 120_000 });

        var chips = page.Locator("#dispatch .chips li");
        await Expect(chips).ToHaveCountAsync(200, new() { Timeout = 60_000 });
        await Expect(page.Locator("#dispatch .chips li.checking")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        await Expect(page.Locator("#dispatch .chips li.bad")).ToHaveCountAsync(0);
        Assert.Equal(serials, await chips.Locator("span.mono").AllTextContentsAsync());
        await Expect(page.Locator("#dispatch .serial-count")).ToHaveTextAsync("200 of 200 chosen");
    }

    [BrowserFact]
    public async Task A_pasted_list_with_a_range_is_chosen_and_a_serial_not_in_stock_shows_refused()
    {
        var warehouse = Api.Unique("PASTE");
        var warehouseId = await Api.WarehouseAsync(warehouse);
        var supplier = await Api.SupplierAsync(Api.Unique("Supplier"));
        var customer = await Api.CustomerAsync(Api.Unique("Customer"));
        var product = await Api.ProductAsync(Api.Unique("PST"), "Serial");
        await Api.ReceiveSerialsAsync(supplier, warehouseId, product, 5, 1m, "PA-01..PA-05");
        var sale = (await Api.PostAsync("/api/stock-sales", new { customerId = customer, warehouseId, lines = new[] { new { productId = product, quantity = 5, unitPrice = 2m } } }))
            .GetProperty("id").GetInt32();
        var page = await fixture.SignedInPageAsync("Warehouse");
        await page.GotoAsync($"/sales/{sale}");

        var search = page.GetByLabel("Serial for line 1");
        await search.FocusAsync();
        await search.EvaluateAsync(@"(input) => {
            const data = new DataTransfer();
            data.setData('text/plain', 'PA-01..PA-03\nPA-05, PA-99');
            input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        }");
        await Expect(page.Locator("#dispatch .chips li")).ToHaveCountAsync(5);
        await Expect(page.Locator("#dispatch .chips li.checking")).ToHaveCountAsync(0);
        await Expect(page.Locator("#dispatch .chips li.bad")).ToHaveTextAsync(["PA-99×"]);
        await Expect(page.Locator("#dispatch .serial-count")).ToHaveTextAsync("4 of 4 chosen"); // the quantity follows the serials chosen
    }
}
