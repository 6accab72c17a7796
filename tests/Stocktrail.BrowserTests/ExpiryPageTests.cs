using Microsoft.Playwright;
using Stocktrail.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stocktrail.BrowserTests;

/// <summary>Batch expiry in the pages: the batch picker of a dispatch lists batches with their dates and picks FEFO by default.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ExpiryPageTests(BrowserFixture fixture)
{
    private Api Api => fixture.Api;

    [BrowserFact]
    public async Task A_dispatch_through_the_batch_picker_takes_the_earliest_expiring_usable_batch_by_default()
    {
        var warehouseId = await Api.WarehouseAsync(Api.Unique("COLD"));
        var supplier = await Api.SupplierAsync(Api.Unique("Supplier"));
        var customer = await Api.CustomerAsync(Api.Unique("Customer"));
        var product = await Api.ProductAsync(Api.Unique("MILK"), "Batch");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Day(int d) => today.AddDays(d).ToString("yyyy-MM-dd");
        var order = await Api.PostAsync("/api/purchase-orders", new { supplierId = supplier, warehouseId, lines = new[] { new { productId = product, quantity = 9, unitCost = 1m } } });
        var orderId = order.GetProperty("id").GetInt32();
        await Api.PostAsync($"/api/purchase-orders/{orderId}/approve", new { });
        await Api.PostAsync($"/api/purchase-orders/{orderId}/receipts", new
        {
            lines = new[] { new { lineId = order.GetProperty("lines")[0].GetProperty("id").GetInt32(), quantity = 9, batches = new object[]
            {
                new { batch = "LATE", quantity = 3, expiresOn = Day(20) },
                new { batch = "GONE", quantity = 3, expiresOn = Day(-1) },
                new { batch = "SOON", quantity = 3, expiresOn = Day(4) },
            } } },
        });
        var sale = (await Api.PostAsync("/api/stock-sales", new { customerId = customer, warehouseId, lines = new[] { new { productId = product, quantity = 4, unitPrice = 2m } } }))
            .GetProperty("id").GetInt32();
        var page = await fixture.SignedInPageAsync("Warehouse");

        await page.GotoAsync($"/sales/{sale}");
        var picker = page.Locator("#dispatch .batch-picker");
        await Expect(picker.Locator(".batches-in-stock tbody tr")).ToHaveCountAsync(3);
        await Expect(picker.Locator(".batches-in-stock tbody tr").First).ToContainTextAsync("GONE");
        await Expect(picker.Locator("tr.expired")).ToContainTextAsync("expired: cannot be dispatched");
        await Expect(picker.Locator(".batches-in-stock tbody tr").Nth(1)).ToContainTextAsync(Day(4));
        await Expect(picker.GetByLabel("Earliest expiry first (FEFO)")).ToBeCheckedAsync();

        await page.Locator("#dispatch").GetByLabel("Quantity to dispatch on line 1").FillAsync("4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Dispatch", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Dispatched 4");
        await Expect(page.Locator("#line-1 .serial-list")).ToContainTextAsync("SOON");
        await Expect(page.Locator("#line-1 .serial-list")).ToContainTextAsync("LATE");
        await Expect(page.Locator("#line-1 .serial-list")).Not.ToContainTextAsync("GONE");
    }
}
