using Microsoft.Playwright;
using Stocktrail.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stocktrail.BrowserTests;

/// <summary>Batch expiry in the pages: the batch picker of a dispatch, a use and a transfer lists batches with their dates and picks FEFO by default.</summary>
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
        await Expect(picker.GetByLabel("FEFO (earliest expiry first)")).ToBeCheckedAsync();

        await page.Locator("#dispatch").GetByLabel("Quantity to dispatch on line 1").FillAsync("4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Dispatch", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Dispatched 4");
        await Expect(page.Locator("#line-1 .serial-list")).ToContainTextAsync("SOON");
        await Expect(page.Locator("#line-1 .serial-list")).ToContainTextAsync("LATE");
        await Expect(page.Locator("#line-1 .serial-list")).Not.ToContainTextAsync("GONE");
    }

    private static string Day(int days) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(days).ToString("yyyy-MM-dd");

    /// <summary>A batch product received into the warehouse as three batches of 3: LATE (in 20 days), GONE (expired yesterday), SOON (in 4 days).</summary>
    private async Task<(string Sku, int Product)> ThreeDatedBatchesAsync(int warehouseId)
    {
        var supplier = await Api.SupplierAsync(Api.Unique("Supplier"));
        var sku = Api.Unique("YEAST");
        var product = await Api.ProductAsync(sku, "Batch");
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
        return (sku, product);
    }

    /// <summary>What is on hand of each batch of the product in the warehouse, as "BATCH: n" sorted by batch.</summary>
    private async Task<string[]> OnHandAsync(int product, int warehouseId)
    {
        var batches = await Api.GetAsync($"/api/products/{product}/batches?warehouseId={warehouseId}");
        return batches.GetProperty("items").EnumerateArray()
            .Select(b => $"{b.GetProperty("batch").GetString()}: {b.GetProperty("onHand").GetDecimal():0.####}").Order(StringComparer.Ordinal).ToArray();
    }

    [BrowserFact]
    public async Task A_project_uses_batches_through_the_picker_fefo_passing_over_the_expired_one_then_a_batch_taken_by_name()
    {
        var warehouse = Api.Unique("STORE");
        var warehouseId = await Api.WarehouseAsync(warehouse);
        var (sku, product) = await ThreeDatedBatchesAsync(warehouseId);
        var project = (await Api.PostAsync("/api/projects", new { name = "Bakery fit-out" })).GetProperty("id").GetInt32();
        var page = await fixture.SignedInPageAsync("Warehouse");

        await page.GotoAsync($"/projects/{project}");
        var lines = page.Locator("#use-lines");
        var picker = lines.Locator(".batch-picker");
        await lines.GetByLabel("Product of line 1").SelectOptionAsync(new SelectOptionValue { Label = $"{sku} — Product {sku} (Batch)" });
        await Expect(picker.Locator(".batch-message")).ToContainTextAsync("Choose the product and the warehouse");
        await page.GetByLabel("From warehouse").SelectOptionAsync(new SelectOptionValue { Label = warehouse });

        // The batches in stock there, earliest expiry first, with quantity and date; the expired one cannot be taken.
        var rows = picker.Locator(".batches-in-stock tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Nth(0)).ToContainTextAsync("GONE");
        await Expect(rows.Nth(0)).ToContainTextAsync($"{Day(-1)} (expired: cannot be used)");
        await Expect(rows.Nth(1)).ToContainTextAsync("SOON");
        await Expect(rows.Nth(1)).ToContainTextAsync(Day(4));
        await Expect(rows.Nth(2)).ToContainTextAsync("LATE");
        await Expect(rows.Nth(2)).ToContainTextAsync("3");
        await Expect(picker.GetByRole(AriaRole.Button, new() { Name = "Take batch GONE" })).ToBeDisabledAsync();
        await Expect(picker.GetByLabel("FEFO (earliest expiry first)")).ToBeCheckedAsync();
        await FixtureScreens.SaveAsync(page, "project-batch-picker");

        await lines.GetByLabel("Quantity of line 1").FillAsync("4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Used 4 on");
        // FEFO: SOON (3) first, then 1 of LATE; GONE expired and stays.
        Assert.Equal(["GONE: 3", "LATE: 2"], await OnHandAsync(product, warehouseId));
        await Expect(page.Locator("#materials")).ToContainTextAsync("SOON: 3");

        // Taking a batch by name: Take fills the box with the line's quantity from that batch and chooses "The batches I name".
        await page.GetByLabel("From warehouse").SelectOptionAsync(new SelectOptionValue { Label = warehouse });
        await lines.GetByLabel("Product of line 1").SelectOptionAsync(new SelectOptionValue { Label = $"{sku} — Product {sku} (Batch)" });
        await lines.GetByLabel("Quantity of line 1").FillAsync("1");
        await Expect(rows).ToHaveCountAsync(2);
        await picker.GetByRole(AriaRole.Button, new() { Name = "Take batch LATE" }).ClickAsync();
        await Expect(lines.GetByLabel("Batches of line 1")).ToHaveValueAsync("LATE: 1");
        await Expect(picker.GetByLabel("The batches I name")).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Use", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Used 1 on");
        Assert.Equal(["GONE: 3", "LATE: 1"], await OnHandAsync(product, warehouseId));

        // A Viewer sees the materials but not the forms that use them, nor the transfer form.
        var viewer = await fixture.SignedInPageAsync("Viewer");
        await viewer.GotoAsync($"/projects/{project}");
        await Expect(viewer.Locator("#materials")).ToContainTextAsync("SOON");
        await Expect(viewer.Locator(".batch-picker")).ToHaveCountAsync(0);
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Use", Exact = true })).ToHaveCountAsync(0);
        var denied = await viewer.GotoAsync("/transfers/new");
        Assert.Equal(403, denied!.Status);
        await Expect(viewer.Locator(".batch-picker")).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task A_transfer_through_the_batch_picker_moves_the_earliest_expiring_batches_first_the_expired_one_included()
    {
        var (from, to) = (Api.Unique("MAIN"), Api.Unique("QUAR"));
        var fromId = await Api.WarehouseAsync(from);
        var toId = await Api.WarehouseAsync(to);
        var (sku, product) = await ThreeDatedBatchesAsync(fromId);
        var page = await fixture.SignedInPageAsync("Warehouse", Phone.Width);

        await page.GotoAsync("/transfers/new");
        await page.GetByLabel("From", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = from });
        await page.GetByLabel("To", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = to });
        var lines = page.Locator("#transfer-lines");
        await lines.GetByLabel("Product of line 1").SelectOptionAsync(new SelectOptionValue { Label = $"{sku} — Product {sku} (Batch)" });
        var picker = lines.Locator(".batch-picker");
        var rows = picker.Locator(".batches-in-stock tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Nth(0)).ToContainTextAsync("GONE");
        await Expect(rows.Nth(0)).ToContainTextAsync("expired: may be transferred");
        await Expect(picker.GetByRole(AriaRole.Button, new() { Name = "Take batch GONE" })).ToBeEnabledAsync();
        await Expect(picker.GetByLabel("FEFO (earliest expiry first)")).ToBeCheckedAsync();
        await Phone.AssertFitsAsync(page, "transfer-batch-picker");

        await lines.GetByLabel("Quantity of line 1").FillAsync("4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("done");
        // A transfer takes the expired batch first (to quarantine, say), then the next to expire.
        Assert.Equal(["GONE: 3", "SOON: 1"], await OnHandAsync(product, toId));
        Assert.Equal(["LATE: 3", "SOON: 2"], await OnHandAsync(product, fromId));
    }
}
