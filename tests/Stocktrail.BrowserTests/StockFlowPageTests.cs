using Microsoft.Playwright;
using Stocktrail.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stocktrail.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class StockFlowPageTests(BrowserFixture fixture)
{
    private Api Api => fixture.Api;

    [BrowserFact]
    public async Task A_serial_is_used_on_a_project_through_the_picker_which_lists_only_serials_in_the_chosen_warehouse()
    {
        var (main, van) = (Api.Unique("MAIN"), Api.Unique("VAN"));
        var mainId = await Api.WarehouseAsync(main);
        var vanId = await Api.WarehouseAsync(van);
        var supplier = await Api.SupplierAsync(Api.Unique("Supplier"));
        var sku = Api.Unique("SENS");
        var product = await Api.ProductAsync(sku, "Serial");
        await Api.ReceiveSerialsAsync(supplier, mainId, product, 3, 30m, "PT-001..PT-003");
        await Api.ReceiveSerialsAsync(supplier, vanId, product, 1, 30m, "PT-009");
        var project = (await Api.PostAsync("/api/projects", new { name = "Harbour pump refit" })).GetProperty("id").GetInt32();
        var page = await fixture.SignedInPageAsync("Warehouse");

        await page.GotoAsync($"/projects/{project}");
        await page.GetByLabel("From warehouse").SelectOptionAsync(new SelectOptionValue { Label = main });
        await page.Locator("#use-lines").GetByLabel("Product of line 1").SelectOptionAsync(new SelectOptionValue { Label = $"{sku} — Product {sku} (Serial)" });
        var search = page.Locator("#use-lines").GetByLabel("Serial for line 1");
        await search.FillAsync("PT-00");
        var options = page.Locator("#use-lines ul.options li");
        await Expect(options).ToHaveTextAsync(["PT-001", "PT-002", "PT-003"]);
        await options.Filter(new() { HasText = "PT-002" }).ClickAsync();
        await Expect(page.Locator("#use-lines .chips")).ToContainTextAsync("PT-002");
        await Expect(page.Locator("#use-lines").GetByLabel("Quantity of line 1")).ToHaveValueAsync("1");

        // A scanned serial that is in the other warehouse is not taken, and Enter does not submit the form.
        await search.FillAsync("PT-009");
        await search.PressAsync("Enter");
        await Expect(page.Locator("#use-lines .picker-message")).ToContainTextAsync($"PT-009 is not in stock in {main}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Used 1 on");
        await Expect(page.Locator("#materials")).ToContainTextAsync("PT-002");
        await FixtureScreens.SaveAsync(page, "project-materials");
    }

    [BrowserFact]
    public async Task A_production_job_is_completed_with_serials_for_its_output_and_the_unit_is_traced_to_its_component()
    {
        var warehouse = Api.Unique("WS");
        var warehouseId = await Api.WarehouseAsync(warehouse);
        var supplier = await Api.SupplierAsync(Api.Unique("Supplier"));
        var part = Api.Unique("BOARD");
        var partId = await Api.ProductAsync(part, "Serial");
        var output = Api.Unique("UNIT");
        var outputId = await Api.ProductAsync(output, "Serial");
        await Api.ReceiveSerialsAsync(supplier, warehouseId, partId, 2, 50m, "B-01..B-02");
        var job = (await Api.PostAsync("/api/production-jobs", new { outputProductId = outputId, quantity = 2, warehouseId })).GetProperty("id").GetInt32();
        var page = await fixture.SignedInPageAsync("Production");

        await page.GotoAsync($"/production-jobs/{job}");
        await page.Locator("#use-lines").GetByLabel("Product of line 1").SelectOptionAsync(new SelectOptionValue { Label = $"{part} — Product {part} (Serial)" });
        var search = page.Locator("#use-lines").GetByLabel("Serial for line 1");
        await search.FillAsync("B-01");
        await search.PressAsync("Enter"); // scanned: the exact serial is taken
        await search.FillAsync("b-02");
        await search.PressAsync("Enter"); // serials compare without regard to case
        await Expect(page.Locator("#use-lines .chips li")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Consumed 2");

        // Two boards consumed for two units: the genealogy is prefilled one to one.
        await Expect(page.GetByLabel("What went into which unit")).ToHaveValueAsync("1: B-01\n2: B-02");
        await page.GetByLabel("Actual quantity produced").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enter output serials" }).ClickAsync();
        var dialog = page.Locator("#serial-dialog");
        await dialog.Locator("textarea").FocusAsync();
        await page.Keyboard.InsertTextAsync("OUT-0001..OUT-0002");
        await Expect(dialog.Locator(".count")).ToHaveTextAsync("2 of 2");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete job" }).ClickAsync();
        // Completing cannot be undone: the page asks first, naming what it does.
        var confirm = page.Locator("#confirm-dialog");
        await Expect(confirm).ToContainTextAsync("cannot be undone");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Complete job" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("completed: 2");
        await Expect(page.Locator("#output-serials")).ToContainTextAsync("OUT-0001");
        await FixtureScreens.SaveAsync(page, "production-job-completed");

        await page.Locator("#output-serials").GetByRole(AriaRole.Link, new() { Name = "OUT-0002" }).ClickAsync();
        await Expect(page.Locator(".tree").First).ToContainTextAsync("B-02");
        await Expect(page.Locator(".tree").First).Not.ToContainTextAsync("B-01");
    }

    [BrowserFact]
    public async Task A_sale_explains_why_Complete_is_not_available_and_is_dispatched_with_the_serial_picker()
    {
        var warehouse = Api.Unique("SHOP");
        var warehouseId = await Api.WarehouseAsync(warehouse);
        var supplier = await Api.SupplierAsync(Api.Unique("Supplier"));
        var customer = await Api.CustomerAsync(Api.Unique("Customer"));
        var sku = Api.Unique("CTRL");
        var product = await Api.ProductAsync(sku, "Serial");
        await Api.ReceiveSerialsAsync(supplier, warehouseId, product, 2, 100m, "C-1..C-2");
        var sale = (await Api.PostAsync("/api/stock-sales", new { customerId = customer, warehouseId, lines = new[] { new { productId = product, quantity = 1, unitPrice = 250m } } }))
            .GetProperty("id").GetInt32();
        // Sales may both complete (which is explained here) and dispatch.
        var page = await fixture.SignedInPageAsync("Sales");

        await page.GotoAsync($"/sales/{sale}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Complete (dispatch everything and close)" })).ToBeDisabledAsync();
        await Expect(page.Locator("#complete-why")).ToContainTextAsync($"Line 1 ({sku}) is serialized: its serials must be chosen");
        await FixtureScreens.SaveAsync(page, "sale-complete-explained");

        var search = page.Locator("#dispatch").GetByLabel("Serial for line 1");
        await search.FocusAsync();
        await Expect(page.Locator("#dispatch ul.options li")).ToHaveTextAsync(["C-1", "C-2"]);
        await search.PressAsync("ArrowDown");
        await search.PressAsync("Enter");
        await Expect(page.Locator("#dispatch .chips")).ToContainTextAsync("C-2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Dispatch", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Dispatched 1");
        await Expect(page.Locator("#line-1 .serial-list")).ToContainTextAsync("C-2");
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("Dispatched");
        await FixtureScreens.SaveAsync(page, "sale-dispatched");
    }

    [BrowserFact]
    public async Task The_serial_page_shows_where_the_unit_is_and_its_whole_history()
    {
        var warehouse = Api.Unique("HQ");
        var warehouseId = await Api.WarehouseAsync(warehouse);
        var supplier = await Api.SupplierAsync(Api.Unique("Supplier"));
        var sku = Api.Unique("PUMP");
        var product = await Api.ProductAsync(sku, "Serial");
        var order = await Api.ReceiveSerialsAsync(supplier, warehouseId, product, 2, 80m, "PMP-1..PMP-2");
        var project = (await Api.PostAsync("/api/projects", new { name = "Dock 4" })).GetProperty("id").GetInt32();
        await Api.PostAsync($"/api/projects/{project}/materials", new { warehouseId, lines = new[] { new { productId = product, quantity = 1, serials = new[] { "PMP-1" } } } });
        var page = await fixture.SignedInPageAsync("Warehouse");

        await page.GotoAsync("/");
        await page.GetByLabel("Find a serial").FillAsync("pmp-1");
        await page.GetByLabel("Find a serial").PressAsync("Enter");

        await Expect(page.Locator("h1")).ToContainTextAsync("PMP-1");
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("Out");
        var history = page.Locator("#history tbody tr");
        await Expect(history).ToHaveCountAsync(2);
        await Expect(history.Nth(0)).ToContainTextAsync("Received on");
        await Expect(history.Nth(1)).ToContainTextAsync("Used on");
        await Expect(history.Nth(0).GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"/purchase-orders/{order}");
        await FixtureScreens.SaveAsync(page, "serial-history");

        await page.GotoAsync($"/products/{product}");
        await Expect(page.Locator("#movements")).ToContainTextAsync("PMP-1");
        await FixtureScreens.SaveAsync(page, "product-page");
    }
}
