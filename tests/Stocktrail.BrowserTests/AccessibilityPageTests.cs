using System.Text;
using Microsoft.Playwright;
using Stocktrail.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

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

        // What a page shows only after a click: the confirmation, the serial popup, a refusal on its row.
        await CheckAsync(admin, pages.Single(p => p.EndsWith("?fill=bill-of-materials", StringComparison.Ordinal)), found);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Complete job" }).ClickAsync();
        await Expect(admin.Locator("#confirm-dialog")).ToBeVisibleAsync();
        await Record(admin, "the job's confirmation", found);
        await admin.Locator("#confirm-dialog").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Enter output serials" }).ClickAsync();
        await Expect(admin.Locator("#serial-dialog")).ToBeVisibleAsync();
        await Record(admin, "the serial popup", found);
        await admin.Keyboard.PressAsync("Escape");
        await CheckAsync(admin, pages.Single(p => p.EndsWith("/bill-of-materials", StringComparison.Ordinal)), found);
        await admin.GetByLabel("Quantity per unit of line 1").FillAsync("0");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save bill of materials" }).ClickAsync();
        await Expect(admin.Locator("tr.has-problem")).ToHaveCountAsync(1);
        await Record(admin, "a refused bill of materials", found);

        // The same pages in a phone's width, where tables become cards and the menu scrolls.
        var phone = await fixture.SignedInPageAsync("Administrator", width: 390);
        foreach (var path in pages)
            await CheckAsync(phone, path, found, label: $"{path} at 390 px");

        // A role without the page's permission sees the page that says so.
        var viewer = await fixture.SignedInPageAsync("Viewer");
        await CheckAsync(viewer, "/access-denied", found, expectedStatus: 403);

        Assert.True(found.Length == 0, "axe found serious or critical violations:\n" + found);
    }

    [BrowserFact]
    public async Task The_check_reports_a_field_without_a_label_and_keyboard_focus_is_drawn()
    {
        var page = await fixture.SignedInPageAsync("Viewer");
        await page.GotoAsync("/");
        await page.EvaluateAsync("() => document.querySelector('main').appendChild(document.createElement('input'))");
        Assert.Contains(await Axe.SeriousViolationsAsync(page), v => v.StartsWith("critical label ", StringComparison.Ordinal));

        // Tabbing from the top: every link, button and field the keyboard reaches shows an outline of its own.
        await page.GotoAsync("/");
        for (var i = 0; i < 8; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focus = await page.EvaluateAsync<string[]>("""
                () => { const e = document.activeElement, s = getComputedStyle(e); return [e.tagName + ' ' + (e.textContent || e.getAttribute('aria-label') || '').trim(), s.outlineStyle, s.outlineWidth]; }
                """);
            Assert.True(focus[1] != "none" && focus[2] != "0px", $"Tab {i + 1} reached {focus[0]} with no outline ({focus[1]} {focus[2]})");
        }
    }

    private static async Task CheckAsync(IPage page, string path, StringBuilder found, int expectedStatus = 200, string? label = null)
    {
        var response = await page.GotoAsync(path);
        Assert.True(response?.Status == expectedStatus, $"{path} answered {response?.Status}");
        await Record(page, label ?? path, found);
    }

    private static async Task Record(IPage page, string what, StringBuilder found)
    {
        foreach (var violation in await Axe.SeriousViolationsAsync(page))
            found.AppendLine($"{what}: {violation}");
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
        await Api.PutAsync($"/api/products/{unit}/bill-of-materials", new { lines = new object[] { new { productId = part, quantity = 1 }, new { productId = bolt, quantity = 4 } } });

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
            "/", "/?size=2", "/products/new", $"/products/{part}", $"/products/{bolt}", $"/products/{resin}",
            $"/products/{part}/serials/{serial}-01", $"/products/{unit}/serials/{output}", $"/serials?q={serial}",
            "/purchase-orders", "/purchase-orders/new", $"/purchase-orders/{order}",
            "/projects", $"/projects/{project}",
            $"/products/{unit}", $"/products/{unit}/bill-of-materials",
            "/production-jobs", $"/production-jobs/{job}", $"/production-jobs/{openJob}", $"/production-jobs/{openJob}?fill=bill-of-materials",
            "/sales", "/sales/new", $"/sales/{saleId}", $"/sales/{saleId}/dispatches/1/delivery-note",
            "/adjustments", "/adjustments/new", $"/adjustments/{adjustment}",
            "/transfers", "/transfers/new", $"/transfers/{transfer}",
            "/stock-takes", $"/stock-takes/{take}",
            "/setup", "/setup/users", "/setup/webhooks", "/audit", "/password", "/logout",
        ];
    }
}
