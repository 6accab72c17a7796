using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Stocktrail.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stocktrail.BrowserTests;

/// <summary>Signing in and out, and what each role sees and may do on the pages.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessPageTests(BrowserFixture fixture)
{
    private Api Api => fixture.Api;

    [BrowserFact]
    public async Task An_anonymous_request_goes_to_the_login_page_and_signing_in_comes_back()
    {
        var (userName, password) = await fixture.UserAsync("Warehouse");
        var page = await fixture.NewPageAsync(1366);

        await page.GotoAsync("/purchase-orders");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl=%2Fpurchase-orders$"));
        await Expect(page.Locator("header nav")).ToHaveCountAsync(0);
        await FixtureScreens.SaveAsync(page, "login");

        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/purchase-orders$"));
        await Expect(page.Locator("header .who")).ToContainTextAsync("Test Warehouse");
        await Expect(page.Locator("header .who .role")).ToHaveTextAsync("Warehouse");
    }

    [BrowserFact]
    public async Task The_login_page_fits_a_phone()
    {
        var page = await fixture.NewPageAsync(390, 844);
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/login"));
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"The login page is {width} px wide on a 390 px screen.");
        await FixtureScreens.SaveAsync(page, "login-390");
    }

    [BrowserFact]
    public async Task A_wrong_password_shows_an_error_and_signs_no_one_in()
    {
        var (userName, _) = await fixture.NewUserAsync("Purchasing");
        var page = await fixture.NewPageAsync();

        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync("not the password at all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The user name or password is wrong.");
        await Expect(page.GetByLabel("User name")).ToHaveValueAsync(userName);
        await Expect(page.Locator("header .who")).ToHaveCountAsync(0);
        await FixtureScreens.SaveAsync(page, "login-wrong-password");
    }

    [BrowserFact]
    public async Task Signing_out_ends_the_session_and_the_next_page_goes_to_the_login_page()
    {
        var page = await fixture.SignedInPageAsync("Sales");
        await page.GotoAsync("/sales");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/login$"));

        await page.GotoAsync("/sales");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl=%2Fsales$"));
    }

    [BrowserFact]
    public async Task A_Viewer_sees_no_action_on_a_purchase_order_or_a_sale_and_a_posted_form_is_refused_with_nothing_changed()
    {
        var warehouseId = await Api.WarehouseAsync(Api.Unique("VW"));
        var supplier = await Api.SupplierAsync(Api.Unique("Supplier"));
        var customer = await Api.CustomerAsync(Api.Unique("Customer"));
        var sku = Api.Unique("BOLT");
        var product = await Api.ProductAsync(sku, "Fifo");
        await Api.ReceiveFifoAsync(supplier, warehouseId, product, 10, 2m);
        var order = await Api.PostAsync("/api/purchase-orders", new { supplierId = supplier, warehouseId, lines = new[] { new { productId = product, quantity = 5, unitCost = 2m } } });
        var orderId = order.GetProperty("id").GetInt32();
        var lineId = order.GetProperty("lines")[0].GetProperty("id").GetInt32();
        await Api.PostAsync($"/api/purchase-orders/{orderId}/approve", new { });
        var sale = (await Api.PostAsync("/api/stock-sales", new { customerId = customer, warehouseId, lines = new[] { new { productId = product, quantity = 3, unitPrice = 4m } } }))
            .GetProperty("id").GetInt32();
        var page = await fixture.SignedInPageAsync("Viewer");

        // Reading is for everyone; no button, no action form, no link to an action.
        await page.GotoAsync($"/purchase-orders/{orderId}");
        await Expect(page.Locator("h1")).ToContainTextAsync("Approved");
        await Expect(page.Locator("main button")).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Quantity to receive on line 1")).ToHaveCountAsync(0);
        await Expect(page.Locator("header nav")).Not.ToContainTextAsync("Setup");
        await FixtureScreens.SaveAsync(page, "viewer-purchase-order");
        // The adjustments list is for reading; making one is not offered.
        await page.GotoAsync("/adjustments");
        await Expect(page.Locator("h1")).ToContainTextAsync("Stock adjustments");
        await Expect(page.GetByText("New adjustment")).ToHaveCountAsync(0);
        await page.GotoAsync($"/sales/{sale}");
        await Expect(page.Locator("main")).ToContainTextAsync(sku);
        await Expect(page.Locator("main button")).ToHaveCountAsync(0);
        await page.GotoAsync("/purchase-orders");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "New purchase order" })).ToHaveCountAsync(0);

        // The form posted anyway, with the session's own antiforgery token: refused, and nothing changes.
        var token = await page.Locator("meta[name=request-verification-token]").GetAttributeAsync("content");
        var receive = await page.Context.APIRequest.PostAsync($"/purchase-orders/{orderId}?handler=Receive", new()
        {
            Form = Form(page, ("__RequestVerificationToken", token!), ("Receive[0].LineId", lineId.ToString()), ("Receive[0].Quantity", "5")),
            MaxRedirects = 0,
        });
        Assert.Equal(302, receive.Status);
        Assert.StartsWith("/access-denied", new Uri(fixture.App.Address, receive.Headers["location"]).PathAndQuery);
        var complete = await page.Context.APIRequest.PostAsync($"/sales/{sale}?handler=Complete", new()
        {
            Form = Form(page, ("__RequestVerificationToken", token!)),
            MaxRedirects = 0,
        });
        Assert.Equal(302, complete.Status);

        var stock = await Api.GetAsync($"/api/products/{product}/stock");
        Assert.Equal(10m, stock.GetProperty("onHand").GetDecimal());
        Assert.Equal("Approved", (await Api.GetAsync($"/api/purchase-orders/{orderId}")).GetProperty("status").GetString());
        Assert.Equal(0m, (await Api.GetAsync($"/api/stock-sales/{sale}")).GetProperty("lines")[0].GetProperty("dispatchedQuantity").GetDecimal());

        // Where the refusal sends the browser: a 403 page naming the role.
        var denied = await page.GotoAsync($"/access-denied?ReturnUrl=%2Fsales%2F{sale}");
        Assert.Equal(403, denied!.Status);
        await Expect(page.Locator("main")).ToContainTextAsync("whose role Viewer may not do that");
        await FixtureScreens.SaveAsync(page, "access-denied");
    }

    [BrowserFact]
    public async Task An_Administrator_adds_a_user_makes_them_a_key_shown_once_and_reads_the_audit_log()
    {
        var page = await fixture.SignedInPageAsync("Administrator", 1366);
        var userName = Api.Unique("scanner").ToLowerInvariant();

        await page.GotoAsync("/setup");
        await page.GetByRole(AriaRole.Link, new() { Name = "Users and API keys" }).ClickAsync();
        await page.GetByLabel("User name").FillAsync(userName);
        await page.Locator("#NewRole").SelectOptionAsync("Warehouse");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"User {userName} added with the role Warehouse");

        await page.GetByRole(AriaRole.Link, new() { Name = $"API keys of {userName}" }).ClickAsync();
        await page.GetByLabel("New key's name").FillAsync("Scanner 2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Make API key" }).ClickAsync();
        var secret = await page.Locator("#new-key code.secret").TextContentAsync();
        Assert.StartsWith("st_", secret);
        await Expect(page.Locator("table.keys")).ToContainTextAsync("Scanner 2");
        await FixtureScreens.SaveAsync(page, "setup-users");

        // Shown once: the list holds no secret.
        await page.GotoAsync(page.Url);
        await Expect(page.Locator("#new-key")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret!, await page.ContentAsync());

        await page.GotoAsync("/audit");
        await Expect(page.Locator("table.audit tbody tr").First).ToContainTextAsync("apikey.created");
        await Expect(page.Locator("table.audit")).ToContainTextAsync($"User {userName} made with the role Warehouse");
        await FixtureScreens.SaveAsync(page, "audit");

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/audit");
        await FixtureScreens.SaveAsync(page, "audit-390");
        await page.GotoAsync("/setup/users");
        await FixtureScreens.SaveAsync(page, "setup-users-390");
    }

    [BrowserFact]
    public async Task A_user_changes_their_password_and_makes_and_revokes_their_own_API_key()
    {
        var (userName, password) = await fixture.NewUserAsync("Production");
        var page = await fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, userName, password);

        await page.GetByRole(AriaRole.Link, new() { Name = "Password" }).ClickAsync();
        await page.GetByLabel("New key's name").FillAsync("My script");
        await page.GetByRole(AriaRole.Button, new() { Name = "Make API key" }).ClickAsync();
        await Expect(page.Locator("#new-key code.secret")).ToContainTextAsync("st_");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke API key My script" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("revoked");
        await Expect(page.Locator("table.keys")).ToContainTextAsync("revoked");

        // A new password, twice; the session goes on, and the old password no longer signs in.
        var newPassword = "new-" + Guid.NewGuid().ToString("N");
        await page.GetByLabel("Current password").FillAsync(password);
        await page.GetByLabel("New password", new() { Exact = false }).First.FillAsync(newPassword);
        await page.GetByLabel("New password again").FillAsync(newPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is changed");
        await FixtureScreens.SaveAsync(page, "password-page");
        await page.GotoAsync("/production-jobs");
        await Expect(page.Locator("header .who")).ToBeVisibleAsync();

        var other = await fixture.NewPageAsync();
        await other.GotoAsync("/login");
        await other.GetByLabel("User name").FillAsync(userName);
        await other.GetByLabel("Password").FillAsync(password);
        await other.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(other.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The user name or password is wrong.");
    }

    private static IFormData Form(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields) form.Set(name, value);
        return form;
    }
}
