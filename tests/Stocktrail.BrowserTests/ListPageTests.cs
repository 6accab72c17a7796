using Microsoft.Playwright;
using Stocktrail.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stocktrail.BrowserTests;

/// <summary>The document lists as a stock controller uses them: filters, status tabs, pages; and the API reference.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ListPageTests(BrowserFixture fixture)
{
    private Api Api => fixture.Api;

    [BrowserFact]
    public async Task Purchase_orders_are_filtered_by_supplier_and_status_tab_and_paged_by_key()
    {
        var warehouse = await Api.WarehouseAsync(Api.Unique("WH"));
        var supplierName = Api.Unique("Harbour Supplies");
        var supplier = await Api.SupplierAsync(supplierName);
        var other = await Api.SupplierAsync(Api.Unique("Other Supplier"));
        var product = await Api.ProductAsync(Api.Unique("BOLT"), "Fifo");
        var numbers = new List<string>();
        foreach (var (party, approve) in new[] { (supplier, true), (supplier, true), (supplier, false), (other, true) })
        {
            var order = await Api.PostAsync("/api/purchase-orders", new { supplierId = party, warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 1, unitCost = 2 } } });
            var id = order.GetProperty("id").GetInt32();
            if (approve) await Api.PostAsync($"/api/purchase-orders/{id}/approve", new { });
            if (party == supplier) numbers.Add(order.GetProperty("number").GetString()!);
        }
        var page = await fixture.SignedInPageAsync("Viewer");

        await page.GotoAsync("/purchase-orders");
        await page.GetByLabel("Supplier").SelectOptionAsync(new SelectOptionValue { Label = supplierName });
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        var rows = page.Locator("table tbody tr td:first-child");
        await Expect(rows).ToHaveTextAsync([numbers[2], numbers[1], numbers[0]]);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Status" }).GetByRole(AriaRole.Link, new() { Name = "Approved" }).ClickAsync();
        await Expect(rows).ToHaveTextAsync([numbers[1], numbers[0]]);
        await Expect(page.GetByLabel("Supplier")).ToHaveValueAsync(supplier.ToString());
        await Expect(page.Locator("nav.tabs a[aria-current=page]")).ToHaveTextAsync("Approved");

        // A page of one: Next page follows by key, the last page has no Next, First page goes back.
        await page.GotoAsync($"/purchase-orders?party={supplier}&size=1");
        await Expect(rows).ToHaveTextAsync([numbers[2]]);
        await page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();
        await Expect(rows).ToHaveTextAsync([numbers[1]]);
        await page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();
        await Expect(rows).ToHaveTextAsync([numbers[0]]);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Next page" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "First page" }).ClickAsync();
        await Expect(rows).ToHaveTextAsync([numbers[2]]);

        // The CSV link asks the API for the same filters.
        var csv = await page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).GetAttributeAsync("href");
        Assert.Equal($"/api/purchase-orders?supplierId={supplier}&format=csv", csv);
        var download = await page.APIRequest.GetAsync(csv!);
        Assert.Equal(200, download.Status);
        Assert.Equal(4, (await download.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        await BrowserFixture.ScreenshotAsync(page, "purchase-orders-list");
    }

    [BrowserFact]
    public async Task A_product_page_pages_its_movements_and_serials_by_key_with_older_and_newest_links()
    {
        var warehouse = await Api.WarehouseAsync(Api.Unique("WH"));
        var supplier = await Api.SupplierAsync(Api.Unique("Pager Supplies"));
        var product = await Api.ProductAsync(Api.Unique("PAGED"), "Serial");
        // 150 units: a page of 100 movements and serials, then the 50 older rows and later serials.
        await Api.ReceiveSerialsAsync(supplier, warehouse, product, 150, 2m, "PG-001..PG-150");
        var page = await fixture.SignedInPageAsync("Viewer");

        await page.GotoAsync($"/products/{product}");
        var movements = page.Locator("#movements tbody tr");
        var serials = page.Locator("#serials tbody tr");
        await Expect(movements).ToHaveCountAsync(100);
        await Expect(serials).ToHaveCountAsync(100);
        await Expect(serials.First).ToContainTextAsync("PG-001");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Newest" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Older" }).ClickAsync();
        await Expect(movements).ToHaveCountAsync(50);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Older" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Next serials" }).ClickAsync();
        await Expect(serials).ToHaveCountAsync(50);
        await Expect(serials.First).ToContainTextAsync("PG-101");
        // Each list keeps its own place: the movements are still the older ones.
        await Expect(movements).ToHaveCountAsync(50);
        // A step back: the newer page, which is the newest, so there is no Newer on it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Newer" }).ClickAsync();
        await Expect(movements).ToHaveCountAsync(100);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Newer" })).ToHaveCountAsync(0);
        await Expect(serials.First).ToContainTextAsync("PG-101");
        await page.GetByRole(AriaRole.Link, new() { Name = "Newest" }).ClickAsync();
        await Expect(movements).ToHaveCountAsync(100);
        await Expect(serials.First).ToContainTextAsync("PG-101");
        await page.GetByRole(AriaRole.Link, new() { Name = "Previous serials" }).ClickAsync();
        await Expect(serials).ToHaveCountAsync(100);
        await Expect(serials.First).ToContainTextAsync("PG-001");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Previous serials" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "First serials" }).ClickAsync();
        await Expect(serials.First).ToContainTextAsync("PG-001");

        // An address with a key that is no row of the list shows why, not an error page.
        await page.GotoAsync($"/products/{product}?movementsAfter=nope");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("after 'nope' is not a page of this list");
    }

    [BrowserFact]
    public async Task The_stock_dashboard_pages_by_key_with_next_and_previous_at_desk_and_phone_width()
    {
        var warehouse = await Api.WarehouseAsync(Api.Unique("WH"));
        var supplier = await Api.SupplierAsync(Api.Unique("Dashboard Supplies"));
        var tag = Api.Unique("DASH");
        var skus = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            var sku = $"{tag}-{i}";
            await Api.ReceiveFifoAsync(supplier, warehouse, await Api.ProductAsync(sku, "Fifo"), i, 2m);
            skus.Add(sku);
        }

        foreach (var width in new[] { 1366, Phone.Width })
        {
            var page = await fixture.SignedInPageAsync("Viewer", width);
            await page.GotoAsync($"/?search={tag}&size=2");
            var rows = page.Locator("table.stock tbody tr td:first-child");
            var total = page.Locator("table.stock tfoot th.num");
            var next = page.GetByRole(AriaRole.Link, new() { Name = "Next page" });
            var previous = page.GetByRole(AriaRole.Link, new() { Name = "Previous page" });
            await Expect(rows).ToHaveTextAsync([skus[0], skus[1]]);
            await Expect(previous).ToHaveCountAsync(0);
            // 1 + 2 + 3 + 4 + 5 units at 2.00: every product the search matches, on every page.
            var totalText = (await total.TextContentAsync())!;
            Assert.Contains("30.00", totalText);

            await next.ClickAsync();
            await Expect(rows).ToHaveTextAsync([skus[2], skus[3]]);
            await Expect(total).ToHaveTextAsync(totalText);
            Assert.Empty(await Axe.SeriousViolationsAsync(page));
            if (width == Phone.Width) await Phone.AssertFitsAsync(page, "stock-dashboard-paged");
            await next.ClickAsync();
            await Expect(rows).ToHaveTextAsync([skus[4]]);
            await Expect(next).ToHaveCountAsync(0);
            // The search is carried from page to page, forwards and back.
            await Expect(page.GetByLabel("Search products")).ToHaveValueAsync(tag);
            await previous.ClickAsync();
            await Expect(rows).ToHaveTextAsync([skus[2], skus[3]]);
            await previous.ClickAsync();
            await Expect(rows).ToHaveTextAsync([skus[0], skus[1]]);
            await Expect(previous).ToHaveCountAsync(0);
            await Expect(total).ToHaveTextAsync(totalText);
            await FixtureScreens.SaveAsync(page, $"stock-dashboard-paged-{width}");
        }
    }

    [BrowserFact]
    public async Task Adjustments_have_a_list_of_their_own_in_the_menu_with_a_search()
    {
        var warehouse = await Api.WarehouseAsync(Api.Unique("WH"));
        var product = await Api.ProductAsync(Api.Unique("PIPE"), "Fifo");
        var reason = Api.Unique("Water damage");
        var adjustment = await Api.PostAsync("/api/stock-adjustments", new { warehouseId = warehouse, reason, lines = new[] { new { productId = product, direction = "In", quantity = 4, unitCost = 3 } } });
        var page = await fixture.SignedInPageAsync("Viewer");

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Adjustments" }).ClickAsync();
        await page.GetByLabel("Search", new() { Exact = true }).FillAsync(reason.ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.Locator("table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("table tbody tr")).ToContainTextAsync(adjustment.GetProperty("number").GetString()!);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "New adjustment" })).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task The_api_reference_opens_from_the_footer_and_renders_under_the_sites_policy()
    {
        var page = await fixture.SignedInPageAsync("Viewer");
        var refused = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") refused.Add(message.Text); };
        page.RequestFailed += (_, request) => refused.Add("failed: " + request.Url);
        await page.GotoAsync("/");
        await page.Locator("footer").GetByRole(AriaRole.Link, new() { Name = "API reference" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Stocktrail API", Exact = true })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Link, new() { Name = "Purchase orders" }).First.ClickAsync();
        await Expect(page.GetByText("Receive against a purchase order").First).ToBeVisibleAsync();
        Assert.True(refused.Count == 0, "The reference page had errors: " + string.Join("; ", refused));
        await BrowserFixture.ScreenshotAsync(page, "api-reference");
    }
}
