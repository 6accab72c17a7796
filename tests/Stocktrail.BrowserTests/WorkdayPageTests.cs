using System.Text;
using Microsoft.Playwright;
using Stocktrail.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stocktrail.BrowserTests;

/// <summary>
/// A day's work in the pages: lines added with "Add line" get their product's fields, the irreversible steps ask
/// first, a stock take keeps its count and asks before a second sheet, returns take the serials' count, and the
/// warehouse flows fit a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkdayPageTests(BrowserFixture fixture)
{
    private Api Api => fixture.Api;

    private static ILocator Confirm(IPage page) => page.Locator("#confirm-dialog");

    [BrowserFact]
    public async Task An_adjustment_with_an_added_Out_serial_line_and_an_added_Fifo_line_shows_each_lines_own_fields_and_posts()
    {
        var warehouse = Api.Unique("ADJ");
        var warehouseId = await Api.WarehouseAsync(warehouse);
        var supplier = await Api.SupplierAsync(Api.Unique("Supplier"));
        var serialSku = Api.Unique("METER");
        var serial = await Api.ProductAsync(serialSku, "Serial");
        var fifoSku = Api.Unique("CABLE");
        var fifo = await Api.ProductAsync(fifoSku, "Fifo");
        await Api.ReceiveSerialsAsync(supplier, warehouseId, serial, 2, 40m, "M-1..M-2");
        await Api.ReceiveFifoAsync(supplier, warehouseId, fifo, 10, 3m);
        var page = await fixture.SignedInPageAsync("Warehouse");

        await page.GotoAsync("/adjustments/new");
        await page.GetByLabel("Warehouse").SelectOptionAsync(new SelectOptionValue { Label = warehouse });
        await page.GetByLabel("Reason").FillAsync("Cycle count corrections");
        var lines = page.Locator("#adjust-lines");
        await lines.GetByLabel("Product of line 1").SelectOptionAsync(new SelectOptionValue { Label = $"{fifoSku} — Product {fifoSku} (Fifo)" });
        await lines.GetByLabel("Quantity of line 1").FillAsync("3");
        await lines.GetByLabel("Unit cost of line 1").FillAsync("3");

        // An added Out line of a serialized product: the picker of serials in stock, no In popup, no batch box.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add line" }).ClickAsync();
        var second = lines.Locator("tr").Nth(1);
        await lines.GetByLabel("Product of line 2").SelectOptionAsync(new SelectOptionValue { Label = $"{serialSku} — Product {serialSku} (Serial)" });
        await lines.GetByLabel("Direction of line 2").SelectOptionAsync("Out");
        await Expect(second.Locator(".serial-entry")).ToBeHiddenAsync();
        await Expect(second.Locator(".for-batch")).ToBeHiddenAsync();
        await Expect(second.Locator(".picker")).ToBeVisibleAsync();
        var search = page.GetByLabel("Serial for line 2");
        await search.FillAsync("M-2");
        await search.PressAsync("Enter");
        await Expect(second.Locator(".chips")).ToContainTextAsync("M-2");
        await Expect(lines.GetByLabel("Quantity of line 2")).ToHaveValueAsync("1");
        await Expect(second.Locator(".picker-message")).ToHaveTextAsync("");

        // An added Fifo Out line: a quantity only, no serial picker counting "0 of 2 chosen".
        await page.GetByRole(AriaRole.Button, new() { Name = "Add line" }).ClickAsync();
        var third = lines.Locator("tr").Nth(2);
        await lines.GetByLabel("Product of line 3").SelectOptionAsync(new SelectOptionValue { Label = $"{fifoSku} — Product {fifoSku} (Fifo)" });
        await lines.GetByLabel("Direction of line 3").SelectOptionAsync("Out");
        await lines.GetByLabel("Quantity of line 3").FillAsync("2");
        await Expect(third.Locator(".for-serial")).ToBeHiddenAsync();
        await Expect(third.Locator(".for-batch")).ToBeHiddenAsync();
        await FixtureScreens.SaveAsync(page, "adjustment-added-lines");

        // Posting asks first; Cancel posts nothing.
        await page.GetByRole(AriaRole.Button, new() { Name = "Post adjustment" }).ClickAsync();
        await Expect(Confirm(page)).ToBeVisibleAsync();
        await FixtureScreens.SaveAsync(page, "adjustment-confirm");
        await Confirm(page).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(Confirm(page)).ToBeHiddenAsync();
        Assert.EndsWith("/adjustments/new", page.Url);
        await page.GetByRole(AriaRole.Button, new() { Name = "Post adjustment" }).ClickAsync();
        await Confirm(page).GetByRole(AriaRole.Button, new() { Name = "Post adjustment" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("posted");
        await Expect(page.Locator("main ul.problems li")).ToHaveCountAsync(0);
        await Expect(page.Locator("main table tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("main table")).ToContainTextAsync("M-2");
        var stock = await Api.GetAsync($"/api/products/{fifo}/stock");
        Assert.Equal(11m, stock.GetProperty("onHand").GetDecimal());
        var unit = await Api.GetAsync($"/api/products/{serial}/serials/M-2");
        Assert.Equal("Out", unit.GetProperty("status").GetString());
    }

    [BrowserFact]
    public async Task A_transfer_with_an_added_serial_line_moves_the_chosen_serials_and_fits_a_phone()
    {
        var (from, to) = (Api.Unique("FROM"), Api.Unique("TO"));
        var fromId = await Api.WarehouseAsync(from);
        await Api.WarehouseAsync(to);
        var supplier = await Api.SupplierAsync(Api.Unique("Supplier"));
        var fifoSku = Api.Unique("PIPE");
        var fifo = await Api.ProductAsync(fifoSku, "Fifo");
        var serialSku = Api.Unique("VALVE");
        var serial = await Api.ProductAsync(serialSku, "Serial");
        await Api.ReceiveFifoAsync(supplier, fromId, fifo, 5, 2m);
        await Api.ReceiveSerialsAsync(supplier, fromId, serial, 2, 60m, "V-1..V-2");
        var page = await fixture.SignedInPageAsync("Warehouse", Phone.Width);

        await page.GotoAsync("/transfers/new");
        await page.GetByLabel("From").SelectOptionAsync(new SelectOptionValue { Label = from });
        await page.GetByLabel("To", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = to });
        var lines = page.Locator("#transfer-lines");
        await lines.GetByLabel("Product of line 1").SelectOptionAsync(new SelectOptionValue { Label = $"{fifoSku} — Product {fifoSku} (Fifo)" });
        await lines.GetByLabel("Quantity of line 1").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add line" }).ClickAsync();
        await lines.GetByLabel("Product of line 2").SelectOptionAsync(new SelectOptionValue { Label = $"{serialSku} — Product {serialSku} (Serial)" });
        var search = page.GetByLabel("Serial for line 2");
        await Phone.AssertOnScreenAsync(search, "the scan field");
        await search.FillAsync("V-1");
        await search.PressAsync("Enter");
        await Expect(lines.Locator("tr[data-row]").Nth(1).Locator(".chips")).ToContainTextAsync("V-1");
        await Expect(lines.Locator("tr[data-row]").Nth(0).Locator(".picker")).ToBeHiddenAsync();
        await Phone.AssertOnScreenAsync(page.GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }), "the Transfer button");
        await Phone.AssertFitsAsync(page, "transfer-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("done");
        await Expect(page.Locator("main")).ToContainTextAsync("V-1");
        var unit = await Api.GetAsync($"/api/products/{serial}/serials/V-1");
        Assert.NotEqual(fromId, unit.GetProperty("warehouseId").GetInt32());
        await Phone.AssertFitsAsync(page, "transfer-details");
    }

    [BrowserFact]
    public async Task A_customer_return_chooses_serials_with_the_picker_and_takes_their_count_as_the_quantity()
    {
        var warehouse = Api.Unique("RET");
        var warehouseId = await Api.WarehouseAsync(warehouse);
        var supplier = await Api.SupplierAsync(Api.Unique("Supplier"));
        var customer = await Api.CustomerAsync(Api.Unique("Customer"));
        var sku = Api.Unique("DRILL");
        var product = await Api.ProductAsync(sku, "Serial");
        await Api.ReceiveSerialsAsync(supplier, warehouseId, product, 3, 90m, "D-1..D-3");
        var sale = await Api.PostAsync("/api/stock-sales", new { customerId = customer, warehouseId, lines = new[] { new { productId = product, quantity = 3, unitPrice = 150m } } });
        var saleId = sale.GetProperty("id").GetInt32();
        var lineId = sale.GetProperty("lines")[0].GetProperty("id").GetInt32();
        await Api.PostAsync($"/api/stock-sales/{saleId}/dispatches", new { lines = new[] { new { lineId, quantity = 3, serials = new[] { "D-1..D-3" } } } });
        var page = await fixture.SignedInPageAsync("Sales");

        await page.GotoAsync($"/sales/{saleId}");
        // Everything has left: no Complete and no "Complete is not available" note on a dispatched sale.
        await Expect(page.Locator("#complete-why")).ToHaveCountAsync(0);
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("Dispatched");
        var returns = page.Locator("#returns");
        var search = returns.GetByLabel("Serial for the return of line 1");
        await search.FocusAsync();
        await Expect(returns.Locator("ul.options li")).ToHaveTextAsync(["D-1", "D-2", "D-3"]);
        await search.FillAsync("d-3");
        await search.PressAsync("Enter");
        await search.FillAsync("D-1");
        await search.PressAsync("Enter");
        await Expect(returns.Locator(".chips li")).ToHaveCountAsync(2);
        await Expect(returns.GetByLabel("Quantity to return on line 1")).ToHaveValueAsync("2");
        await FixtureScreens.SaveAsync(page, "sale-customer-return");
        await page.GetByRole(AriaRole.Button, new() { Name = "Return to stock" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Returned 2");
        Assert.Equal("InStock", (await Api.GetAsync($"/api/products/{product}/serials/D-3")).GetProperty("status").GetString());
        Assert.Equal("Out", (await Api.GetAsync($"/api/products/{product}/serials/D-2")).GetProperty("status").GetString());
    }

    [BrowserFact]
    public async Task A_project_return_takes_the_quantity_from_the_serials_chosen_among_those_on_the_project()
    {
        var warehouse = Api.Unique("PRJ");
        var warehouseId = await Api.WarehouseAsync(warehouse);
        var supplier = await Api.SupplierAsync(Api.Unique("Supplier"));
        var sku = Api.Unique("PANEL");
        var product = await Api.ProductAsync(sku, "Serial");
        await Api.ReceiveSerialsAsync(supplier, warehouseId, product, 3, 20m, "P-1..P-3");
        var project = (await Api.PostAsync("/api/projects", new { name = "Roof" })).GetProperty("id").GetInt32();
        await Api.PostAsync($"/api/projects/{project}/materials", new { warehouseId, lines = new[] { new { productId = product, quantity = 2, serials = new[] { "P-1", "P-2" } } } });
        var page = await fixture.SignedInPageAsync("Warehouse");

        await page.GotoAsync($"/projects/{project}");
        var form = page.Locator("#return");
        await form.GetByLabel("To warehouse").SelectOptionAsync(new SelectOptionValue { Label = warehouse });
        await form.GetByLabel("Product of line 1").SelectOptionAsync(new SelectOptionValue { Label = $"{sku} — Product {sku} (Serial)" });
        var search = form.GetByLabel("Serial for line 1");
        await search.FocusAsync();
        // Only what is on the project can come back: P-3 never left.
        await Expect(form.Locator("ul.options li")).ToHaveTextAsync(["P-1", "P-2"]);
        await search.FillAsync("P-2");
        await search.PressAsync("Enter");
        await Expect(form.GetByLabel("Quantity of line 1")).ToHaveValueAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Return", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Returned 1");
        Assert.Equal("InStock", (await Api.GetAsync($"/api/products/{product}/serials/P-2")).GetProperty("status").GetString());
    }

    [BrowserFact]
    public async Task Completing_a_purchase_order_asks_first_and_a_completed_order_offers_no_landed_cost()
    {
        var warehouseId = await Api.WarehouseAsync(Api.Unique("PO"));
        var supplier = await Api.SupplierAsync(Api.Unique("Supplier"));
        var sku = Api.Unique("BOLT");
        var product = await Api.ProductAsync(sku, "Fifo", cost: 1.25m);
        var order = await Api.ReceiveFifoAsync(supplier, warehouseId, product, 4, 1.25m);
        var page = await fixture.SignedInPageAsync("Purchasing");

        await page.GotoAsync($"/purchase-orders/{order}");
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("Received");
        await Expect(page.Locator("#landed-costs form")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete and lock" }).ClickAsync();
        await Expect(Confirm(page)).ToContainTextAsync("cannot be undone");
        await FixtureScreens.SaveAsync(page, "purchase-order-complete-confirm");
        await Confirm(page).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        Assert.Equal("Received", (await Api.GetAsync($"/api/purchase-orders/{order}")).GetProperty("status").GetString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Complete and lock" }).ClickAsync();
        await Confirm(page).GetByRole(AriaRole.Button, new() { Name = "Complete and lock" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("completed and locked");
        await Expect(page.Locator("#landed-costs form")).ToHaveCountAsync(0);

        // A new order's unit cost starts as the product's cost price.
        await page.GotoAsync("/purchase-orders/new");
        await page.GetByLabel("Product of line 1").SelectOptionAsync(new SelectOptionValue { Label = $"{sku} — Product {sku} (Fifo)" });
        await Expect(page.GetByLabel("Unit cost of line 1")).ToHaveValueAsync("1.25");
        await Expect(page.Locator("header nav a[aria-current=page]")).ToHaveTextAsync("Purchase orders");
    }

    [BrowserFact]
    public async Task A_stock_take_keeps_its_count_asks_before_a_second_sheet_and_says_how_many_rows_were_not_counted_before_completing()
    {
        var warehouse = Api.Unique("TAKE");
        var warehouseId = await Api.WarehouseAsync(warehouse);
        var supplier = await Api.SupplierAsync(Api.Unique("Supplier"));
        var sku = Api.Unique("SCALE");
        var product = await Api.ProductAsync(sku, "Serial");
        await Api.ReceiveSerialsAsync(supplier, warehouseId, product, 2, 20m, "K-1..K-2");
        var take = (await Api.PostAsync("/api/stock-takes", new { warehouseId })).GetProperty("id").GetInt32();
        var page = await fixture.SignedInPageAsync("Warehouse");
        await page.GotoAsync($"/stock-takes/{take}");

        // K-1 counted, K-2 left blank (not counted).
        var sheet = FilePayload($"{sku},,{warehouse},K-1,20,1,1\n{sku},,{warehouse},K-2,20,1,\n");
        await page.GetByLabel("Counted sheet").SetInputFilesAsync(sheet);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 of 2 rows counted");

        // The count is still there after a reload.
        await page.GotoAsync($"/stock-takes/{take}");
        await Expect(page.Locator("#count-progress")).ToHaveTextAsync("Last sheet: 1 of 2 rows counted, 1 not counted (their stock stays as it is).");

        // A second sheet asks before it replaces the first; Cancel keeps the first.
        await page.GetByLabel("Counted sheet").SetInputFilesAsync(FilePayload($"{sku},,{warehouse},K-1,20,1,0\n{sku},,{warehouse},K-2,20,1,1\n"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();
        await Expect(Confirm(page)).ToContainTextAsync("replaces it");
        await FixtureScreens.SaveAsync(page, "stock-take-replace-confirm");
        await Confirm(page).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        Assert.Empty((await Api.GetAsync($"/api/stock-takes/{take}")).GetProperty("variances").EnumerateArray());

        // Completing says how many rows were not counted, and asks.
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete and post variances" }).ClickAsync();
        await Expect(Confirm(page)).ToContainTextAsync("1 of 2 rows of the sheet were not counted");
        await Confirm(page).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        Assert.Equal("Counting", (await Api.GetAsync($"/api/stock-takes/{take}")).GetProperty("status").GetString());
        await Phone.AssertFitsAsync(await PhoneCopyAsync(page), "stock-take-count");
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete and post variances" }).ClickAsync();
        await Confirm(page).GetByRole(AriaRole.Button, new() { Name = "Complete and post" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("completed");
    }

    [BrowserFact]
    public async Task The_warehouse_flows_fit_a_phone_with_no_sideways_scrolling_and_tap_targets_of_44_px()
    {
        var warehouse = Api.Unique("PH");
        var warehouseId = await Api.WarehouseAsync(warehouse);
        var supplier = await Api.SupplierAsync(Api.Unique("Supplier"));
        var customer = await Api.CustomerAsync(Api.Unique("Customer"));
        var sku = Api.Unique("HANDHELD-SCANNER-WITH-A-LONG-SKU");
        var product = await Api.ProductAsync(sku, "Serial");
        await Api.ReceiveSerialsAsync(supplier, warehouseId, product, 3, 70m, "PHONE-SERIAL-0001..PHONE-SERIAL-0003");
        var order = (await Api.PostAsync("/api/purchase-orders", new { supplierId = supplier, warehouseId, lines = new[] { new { productId = product, quantity = 5, unitCost = 70m } } }))
            .GetProperty("id").GetInt32();
        await Api.PostAsync($"/api/purchase-orders/{order}/approve", new { });
        var sale = (await Api.PostAsync("/api/stock-sales", new { customerId = customer, warehouseId, lines = new[] { new { productId = product, quantity = 2, unitPrice = 99m } } }))
            .GetProperty("id").GetInt32();
        var take = (await Api.PostAsync("/api/stock-takes", new { warehouseId })).GetProperty("id").GetInt32();

        foreach (var (role, url, name, scan, action) in new[]
        {
            ("Warehouse", $"/purchase-orders/{order}", "receive", "Enter serials for line 1", "Receive"),
            ("Warehouse", $"/sales/{sale}", "dispatch", "Serial for line 1", "Dispatch"),
            ("Warehouse", "/transfers/new", "transfer", null, "Transfer"),
            ("Warehouse", "/adjustments/new", "adjust", null, "Post adjustment"),
            ("Warehouse", $"/stock-takes/{take}", "stock-take", null, "Upload and check"),
            ("Warehouse", "/serials?q=phone-serial", "serial-lookup", null, "Find"),
            ("Warehouse", $"/products/{product}/serials/PHONE-SERIAL-0001", "serial-page", null, null),
            ("Warehouse", "/", "stock", null, null),
        })
        {
            var page = await fixture.SignedInPageAsync(role, Phone.Width);
            await page.GotoAsync(url);
            await Phone.AssertFitsAsync(page, $"phone-{name}");
            if (scan is not null) await Phone.AssertOnScreenAsync(page.GetByLabel(scan).First, $"{name}: {scan}");
            if (action is not null) await Phone.AssertOnScreenAsync(page.GetByRole(AriaRole.Button, new() { Name = action, Exact = true }), $"{name}: {action}");
            await page.SetViewportSizeAsync(1366, 900);
            await FixtureScreens.SaveAsync(page, $"phone-{name}-1366");
            await page.Context.CloseAsync();
        }
    }

    private static FilePayload FilePayload(string rows) => new()
    {
        Name = "counted.csv", MimeType = "text/csv",
        Buffer = Encoding.UTF8.GetBytes("Sku,Name,Warehouse,SerialOrBatch,UnitCost,OnHand,Counted\n" + rows),
    };

    /// <summary>The same page at a phone's width (the viewport resized, the page laid out again).</summary>
    private static async Task<IPage> PhoneCopyAsync(IPage page)
    {
        await page.SetViewportSizeAsync(Phone.Width, 844);
        return page;
    }
}
