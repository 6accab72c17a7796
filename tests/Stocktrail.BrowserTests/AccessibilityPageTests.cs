using System.Text;
using Stocktrail.BrowserTests.Infrastructure;

namespace Stocktrail.BrowserTests;

/// <summary>axe-core on every page, with data on it, as an Administrator sees it (every form shown) and signed out.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityPageTests(BrowserFixture fixture)
{
    private Api Api => fixture.Api;

    [BrowserFact]
    public async Task Axe_finds_no_serious_or_critical_violation_on_any_page()
    {
        var pages = await PagesWithDataAsync();
        var found = new StringBuilder();

        var signedOut = await fixture.NewPageAsync();
        // The first Administrator's setup page answers only while no user exists, which is never so here.
        await CheckAsync(signedOut, "/login", found);

        var admin = await fixture.SignedInPageAsync("Administrator");
        foreach (var path in pages)
            await CheckAsync(admin, path, found);

        // A role without the page's permission sees the page that says so.
        var viewer = await fixture.SignedInPageAsync("Viewer");
        await CheckAsync(viewer, "/access-denied", found, expectedStatus: 403);

        if (Environment.GetEnvironmentVariable("AXE_ALL") == "1") File.WriteAllText("/tmp/bom-axe-all.txt", found.ToString());
        Assert.True(found.Length == 0, "axe found serious or critical violations:\n" + found);
    }

    private static async Task CheckAsync(Microsoft.Playwright.IPage page, string path, StringBuilder found, int expectedStatus = 200)
    {
        var response = await page.GotoAsync(path);
        Assert.True(response?.Status == expectedStatus, $"{path} answered {response?.Status}");
        foreach (var violation in await Axe.SeriousViolationsAsync(page))
            found.AppendLine($"{path}: {violation}");
    }

    /// <summary>One document of every kind, so each detail page has lines, serials, batches and history to show.</summary>
    private async Task<List<string>> PagesWithDataAsync()
    {
        var warehouse = await Api.WarehouseAsync(Api.Unique("WH"));
        var other = await Api.WarehouseAsync(Api.Unique("WH"));
        var supplier = await Api.SupplierAsync(Api.Unique("Axe Supplies"));
        var customer = await Api.CustomerAsync(Api.Unique("Axe Customer"));
        var part = await Api.ProductAsync(Api.Unique("PART"), "Serial");
        var bolt = await Api.ProductAsync(Api.Unique("BOLT"), "Fifo");
        var resin = await Api.ProductAsync(Api.Unique("RESIN"), "Batch");
        var unit = await Api.ProductAsync(Api.Unique("UNIT"), "Serial");
        var serial = Api.Unique("SN");
        var order = await Api.ReceiveSerialsAsync(supplier, warehouse, part, 4, 20m, $"{serial}-01..{serial}-04");
        await Api.ReceiveFifoAsync(supplier, warehouse, bolt, 50, 1m);
        await Api.PostAsync("/api/stock-adjustments", new { warehouseId = warehouse, reason = "Found on the shelf",
            lines = new[] { new { productId = resin, direction = "In", quantity = 10, unitCost = 2m, batches = new[] { new { batch = "LOT-A", quantity = 10 } } } } });
        var project = (await Api.PostAsync("/api/projects", new { name = "Axe project", customerId = customer })).GetProperty("id").GetInt32();
        await Api.PostAsync($"/api/projects/{project}/materials", new { warehouseId = warehouse, lines = new[] { new { productId = bolt, quantity = 2 } } });

        var job = (await Api.PostAsync("/api/production-jobs", new { outputProductId = unit, quantity = 1, warehouseId = warehouse })).GetProperty("id").GetInt32();
        await Api.PostAsync($"/api/production-jobs/{job}/materials", new { warehouseId = warehouse, lines = new[] { new { productId = part, quantity = 1, serials = new[] { $"{serial}-01" } } } });
        var output = Api.Unique("FG");
        await Api.PostAsync($"/api/production-jobs/{job}/complete", new { actualQuantity = 1, serials = new[] { output } });
        var openJob = (await Api.PostAsync("/api/production-jobs", new { outputProductId = unit, quantity = 2, warehouseId = warehouse })).GetProperty("id").GetInt32();

        var sale = await Api.PostAsync("/api/stock-sales", new { customerId = customer, warehouseId = warehouse, lines = new[] { new { productId = bolt, quantity = 3, unitPrice = 4m } } });
        var saleId = sale.GetProperty("id").GetInt32();
        await Api.PostAsync($"/api/stock-sales/{saleId}/dispatches", new { lines = new[] { new { lineId = sale.GetProperty("lines")[0].GetProperty("id").GetInt32(), quantity = 1 } } });
        var adjustment = (await Api.PostAsync("/api/stock-adjustments", new { warehouseId = warehouse, reason = "Damaged",
            lines = new[] { new { productId = part, direction = "Out", quantity = 1, serials = new[] { $"{serial}-02" } } } })).GetProperty("id").GetInt32();
        var transfer = (await Api.PostAsync("/api/stock-transfers", new { fromWarehouseId = warehouse, toWarehouseId = other,
            lines = new[] { new { productId = part, quantity = 1, serials = new[] { $"{serial}-03" } } } })).GetProperty("id").GetInt32();
        var take = (await Api.PostAsync("/api/stock-takes", new { warehouseId = warehouse })).GetProperty("id").GetInt32();

        return
        [
            "/", "/products/new", $"/products/{part}", $"/products/{bolt}", $"/products/{resin}",
            $"/products/{part}/serials/{serial}-01", $"/products/{unit}/serials/{output}", $"/serials?q={serial}",
            "/purchase-orders", "/purchase-orders/new", $"/purchase-orders/{order}",
            "/projects", $"/projects/{project}",
            "/production-jobs", $"/production-jobs/{job}", $"/production-jobs/{openJob}",
            "/sales", "/sales/new", $"/sales/{saleId}", $"/sales/{saleId}/dispatches/1/delivery-note",
            "/adjustments", "/adjustments/new", $"/adjustments/{adjustment}",
            "/transfers", "/transfers/new", $"/transfers/{transfer}",
            "/stock-takes", $"/stock-takes/{take}",
            "/setup", "/setup/users", "/setup/webhooks", "/audit", "/password", "/logout",
        ];
    }
}
