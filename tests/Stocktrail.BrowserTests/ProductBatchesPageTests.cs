using Stocktrail.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stocktrail.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ProductBatchesPageTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task The_product_page_lists_each_batch_with_its_expiry_date_and_marks_the_expired_one()
    {
        var warehouseId = await fixture.Api.WarehouseAsync(Api.Unique("COLD"));
        var product = await fixture.Api.ProductAsync(Api.Unique("MILK"), "Batch");
        var soon = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(5).ToString("yyyy-MM-dd");
        await fixture.Api.PostAsync("/api/stock-adjustments", new { warehouseId, reason = "Opening stock", lines = new[] { new { productId = product, direction = "In",
            quantity = 9, unitCost = 1m, batches = new object[] { new { batch = "OLD", quantity = 4, expiresOn = "2020-01-31" }, new { batch = "NEW", quantity = 3, expiresOn = soon },
                new { batch = "UNDATED", quantity = 2 } } } } });
        var page = await fixture.SignedInPageAsync("Viewer");

        await page.GotoAsync($"/products/{product}");

        var rows = page.Locator("#batches tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Nth(0)).ToContainTextAsync("2020-01-31 (expired)");
        await Expect(rows.Nth(0).Locator("td.expired")).ToHaveCountAsync(1);
        await Expect(rows.Nth(1)).ToContainTextAsync(soon);
        await Expect(rows.Nth(1)).Not.ToContainTextAsync("expired");
        await Expect(rows.Nth(2)).ToContainTextAsync("no date");
    }
}
