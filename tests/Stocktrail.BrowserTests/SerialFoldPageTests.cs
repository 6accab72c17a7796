using Microsoft.Playwright;
using Stocktrail.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stocktrail.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class SerialFoldPageTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task A_list_of_more_than_50_serials_is_folded_under_its_count_on_the_project_and_job_pages_and_opens_to_links()
    {
        var warehouse = await fixture.Api.WarehouseAsync(Api.Unique("FOLD"));
        var supplier = await fixture.Api.SupplierAsync(Api.Unique("Supplier"));
        var product = await fixture.Api.ProductAsync(Api.Unique("VALVE"), "Serial");
        var prefix = Api.Unique("FD");
        await fixture.Api.ReceiveSerialsAsync(supplier, warehouse, product, 62, 30m, $"{prefix}-01..{prefix}-62");
        var project = (await fixture.Api.PostAsync("/api/projects", new { name = Api.Unique("Project") })).GetProperty("id").GetInt32();
        await fixture.Api.PostAsync($"/api/projects/{project}/materials",
            new { warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 60, serials = new[] { $"{prefix}-01..{prefix}-60" } } } });
        var output = await fixture.Api.ProductAsync(Api.Unique("PUMP"), "Serial");
        var job = (await fixture.Api.PostAsync("/api/production-jobs", new { outputProductId = output, quantity = 2, warehouseId = warehouse })).GetProperty("id").GetInt32();
        await fixture.Api.PostAsync($"/api/production-jobs/{job}/materials",
            new { warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 2, serials = new[] { $"{prefix}-61..{prefix}-62" } } } });
        var made = Api.Unique("OUT");
        await fixture.Api.PostAsync($"/api/production-jobs/{job}/complete", new { actualQuantity = 2, serials = new[] { $"{made}-1..{made}-2" } });
        var page = await fixture.SignedInPageAsync("Viewer", 390);

        await page.GotoAsync($"/projects/{project}");
        var folded = page.Locator("#materials details");
        await Expect(folded.Locator("summary")).ToHaveTextAsync("60 serials");
        await Expect(folded.GetByRole(AriaRole.Link, new() { Name = $"{prefix}-07" })).Not.ToBeVisibleAsync();
        await folded.Locator("summary").ClickAsync();
        await folded.GetByRole(AriaRole.Link, new() { Name = $"{prefix}-07" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync($"{prefix}-07");

        // Two are not folded: the job's outputs and its materials are links at once.
        await page.GotoAsync($"/production-jobs/{job}");
        await Expect(page.Locator("#output-serials details")).ToHaveCountAsync(0);
        await Expect(page.Locator("#output-serials").GetByRole(AriaRole.Link, new() { Name = $"{made}-2" })).ToBeVisibleAsync();
        await Expect(page.Locator("#materials").GetByRole(AriaRole.Link, new() { Name = $"{prefix}-62" })).ToBeVisibleAsync();
    }
}
