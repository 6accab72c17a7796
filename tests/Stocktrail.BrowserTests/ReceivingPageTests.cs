using Microsoft.Playwright;
using Stocktrail.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stocktrail.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ReceivingPageTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task A_serialized_order_is_received_through_the_serial_popup_with_a_pasted_range_and_a_duplicate_marked_in_place()
    {
        var warehouse = Api.Unique("WH");
        await fixture.Api.WarehouseAsync(warehouse);
        var supplier = Api.Unique("Supplier");
        await fixture.Api.SupplierAsync(supplier);
        var sku = Api.Unique("CTRL");
        await fixture.Api.ProductAsync(sku, "Serial");
        var page = await fixture.SignedInPageAsync("Purchasing");

        // A new order, approved.
        await page.GotoAsync("/purchase-orders/new");
        await page.GetByLabel("Supplier").SelectOptionAsync(new SelectOptionValue { Label = supplier });
        await page.GetByLabel("Deliver to").SelectOptionAsync(new SelectOptionValue { Label = warehouse });
        await page.GetByLabel("Product of line 1").SelectOptionAsync(new SelectOptionValue { Label = $"{sku} — Product {sku} (Serial)" });
        await page.GetByLabel("Quantity of line 1").FillAsync("6");
        await page.GetByLabel("Unit cost of line 1").FillAsync("12.50");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create purchase order" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("created as a Draft");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("approved");

        // The popup: a pasted range and a serial given twice, marked where it was typed, with a live count.
        await page.GetByLabel("Quantity to receive on line 1").FillAsync("6");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enter serials for line 1" }).ClickAsync();
        var dialog = page.Locator("#serial-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        var text = dialog.Locator("textarea");
        await text.FocusAsync();
        await page.Keyboard.InsertTextAsync("SN-0001..SN-0005\nSN-0003");
        await Expect(dialog.Locator(".count")).ToHaveTextAsync("5 of 6");
        await Expect(dialog.Locator("ul.problems")).ToContainTextAsync("Line 2: SN-0003 is given twice: also on line 1.");
        await Expect(dialog.Locator(".backdrop mark")).ToHaveTextAsync("SN-0003");
        await FixtureScreens.SaveAsync(page, "receive-serial-popup");

        // Done keeps them even so; the order refuses the duplicate and shows it beside the line, keeping what was typed.
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(dialog).Not.ToBeVisibleAsync();
        await Expect(page.Locator("#line-1 .serial-count")).ToContainTextAsync("5 of 6");
        await page.GetByRole(AriaRole.Button, new() { Name = "Receive", Exact = true }).ClickAsync();
        await Expect(page.Locator("#line-1 ul.problems")).ToContainTextAsync("serial SN-0003 is given twice");
        await Expect(page.GetByLabel("Quantity to receive on line 1")).ToHaveValueAsync("6");

        // Fixed in the popup (the sixth serial scanned: a code and Enter), then received.
        await page.GetByRole(AriaRole.Button, new() { Name = "Enter serials for line 1" }).ClickAsync();
        await Expect(text).ToHaveValueAsync("SN-0001..SN-0005\nSN-0003");
        await text.FillAsync("SN-0001..SN-0005\n");
        await text.PressSequentiallyAsync("SN-0006");
        await text.PressAsync("Enter");
        await Expect(dialog.Locator(".count")).ToHaveTextAsync("6 of 6");
        await Expect(dialog.Locator(".backdrop mark")).ToHaveCountAsync(0);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(page.Locator("#line-1 .serial-count")).ToHaveTextAsync("6 of 6");
        await page.GetByRole(AriaRole.Button, new() { Name = "Receive", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Received 6 units");
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("Received");
        await page.Locator("#line-1 details summary").ClickAsync();
        await Expect(page.Locator("#line-1 .serial-list")).ToContainTextAsync("SN-0006");
        // The receipt itself is listed: who received what on which line, with its serials.
        var receiptLine = page.Locator("#receipts tr[id$='-line-1']");
        await Expect(receiptLine).ToContainTextAsync(sku);
        await Expect(receiptLine).ToContainTextAsync("6 serial(s)");
        await receiptLine.Locator("details summary").ClickAsync();
        await Expect(receiptLine).ToContainTextAsync("SN-0006");
        await FixtureScreens.SaveAsync(page, "purchase-order-received");

        // A serial already in stock is refused in the popup of a second order, before anything is sent.
        // Searched for: the dashboard shows a page of products, and other tests' may fill the first.
        await page.GotoAsync("/?search=" + Uri.EscapeDataString(sku));
        await Expect(page.Locator("table.stock")).ToContainTextAsync(sku);
        await FixtureScreens.SaveAsync(page, "stock-dashboard");
    }
}
