using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Stocktrail.Data;
using Stocktrail.Features.Users;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Users;

/// <summary>The pages' sign-in through /login with a cookie, and what the cookie may and may not do.</summary>
public sealed partial class SignInTests(StocktrailFactory factory) : ApiTest(factory)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("<meta name=\"request-verification-token\" content=\"([^\"]+)\"")]
    private static partial Regex MetaToken();

    /// <summary>A browser: it keeps cookies, follows no redirect, and sends no API key (the factory's clients do).</summary>
    private static HttpClient CookieClient(WebApplicationFactory<Program> factory)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    private HttpClient CookieClient() => CookieClient(Factory);

    private async Task<(string UserName, string Password, int Id)> User(string role)
    {
        var userName = Api.Unique(role).ToLowerInvariant();
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var user = await Api.PostOk("/api/users", new { userName, role, password });
        return (userName, password, (int)user["id"]!);
    }

    private static async Task<string> Token(HttpClient client, string path, Regex pattern)
    {
        var html = await client.GetStringAsync(path);
        var match = pattern.Match(html);
        Assert.True(match.Success, $"No antiforgery token on {path}.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static async Task<HttpResponseMessage> PostLogin(HttpClient client, string userName, string password, string path = "/login")
    {
        var token = await Token(client, path, FormToken());
        return await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = userName,
            ["password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
    }

    private static async Task<HttpClient> SignedIn(WebApplicationFactory<Program> factory, string userName, string password)
    {
        var client = CookieClient(factory);
        var response = await PostLogin(client, userName, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    private async Task<IReadOnlyList<JsonNode>> AuditOf(int userId) =>
        (await Api.Get($"/api/audit?userId={userId}"))["items"]!.AsArray().Select(i => i!).ToList();

    [Fact]
    public async Task Signing_in_through_the_login_form_gives_a_cookie_session_and_is_audited()
    {
        var (userName, password, id) = await User("Warehouse");
        using var client = await SignedIn(Factory, userName, password);

        var me = await client.GetFromJsonAsync<JsonNode>("/api/me");
        Assert.Equal(userName, (string)me!["userName"]!);
        Assert.Equal("Warehouse", (string)me["role"]!);
        Assert.Contains(await AuditOf(id), e => (string)e["action"]! == "signin");
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_clear_error_and_audited_with_the_name_typed()
    {
        var (userName, _, id) = await User("Viewer");
        using var client = CookieClient();

        var response = await PostLogin(client, userName, "wrong password, surely");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The user name or password is wrong.", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        Assert.Contains(await AuditOf(id), e => (string)e["action"]! == "signin.failed" && (string)e["userName"]! == userName);

        var nobody = Api.Unique("nobody");
        Assert.Equal(HttpStatusCode.BadRequest, (await PostLogin(client, nobody, "whatever it is")).StatusCode);
        var log = (await Api.Get("/api/audit"))["items"]!.AsArray();
        Assert.Contains(log, e => (string)e!["action"]! == "signin.failed" && (string)e["userName"]! == nobody);
    }

    [Fact]
    public async Task After_sign_in_only_a_local_return_url_is_followed()
    {
        var (userName, password, _) = await User("Viewer");
        using var client = CookieClient();

        var home = await PostLogin(client, userName, password, "/login?ReturnUrl=http%3A%2F%2Fevil.example%2F");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/", home.Headers.Location!.OriginalString);

        using var again = CookieClient();
        var local = await PostLogin(again, userName, password, "/login?ReturnUrl=%2Fsales");
        Assert.Equal("/sales", local.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_anonymous_page_request_goes_to_the_login_page_and_an_api_request_is_401()
    {
        using var client = CookieClient();

        var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/warehouses")).StatusCode);
    }

    [Fact]
    public async Task A_cookie_change_under_api_needs_the_antiforgery_header_and_without_it_changes_nothing()
    {
        var (userName, password, _) = await User("Purchasing");
        var order = (int)(await Api.PostOk("/api/purchase-orders", new
        {
            supplierId = await Api.Supplier(),
            warehouseId = await Api.Warehouse(),
            lines = new[] { new { productId = await Api.Product("Fifo"), quantity = 2, unitCost = 3m } },
        }))["id"]!;
        using var client = await SignedIn(Factory, userName, password);

        var bare = await client.PostAsync($"/api/purchase-orders/{order}/approve", null);
        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        Assert.Contains("antiforgery", await bare.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Draft", (string)(await Api.Get($"/api/purchase-orders/{order}"))["status"]!);

        var token = await Token(client, "/purchase-orders", MetaToken());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/purchase-orders/{order}/approve");
        request.Headers.Add(AccessSetup.AntiforgeryHeader, token);
        var approved = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("Approved", (string)(await Api.Get($"/api/purchase-orders/{order}"))["status"]!);
    }

    [Fact]
    public async Task A_cross_site_form_post_to_a_page_handler_without_the_token_is_refused()
    {
        var (userName, password, _) = await User("Purchasing");
        var order = (int)(await Api.PostOk("/api/purchase-orders", new
        {
            supplierId = await Api.Supplier(),
            warehouseId = await Api.Warehouse(),
            lines = new[] { new { productId = await Api.Product("Fifo"), quantity = 2, unitCost = 3m } },
        }))["id"]!;
        using var client = await SignedIn(Factory, userName, password);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/purchase-orders/{order}?handler=Approve")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>()),
        };
        request.Headers.Add("Origin", "http://evil.example");
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Draft", (string)(await Api.Get($"/api/purchase-orders/{order}"))["status"]!);
    }

    [Fact]
    public async Task A_role_that_may_not_is_refused_by_the_page_handler_even_with_the_token_and_nothing_changes()
    {
        var (userName, password, _) = await User("Warehouse");
        var order = (int)(await Api.PostOk("/api/purchase-orders", new
        {
            supplierId = await Api.Supplier(),
            warehouseId = await Api.Warehouse(),
            lines = new[] { new { productId = await Api.Product("Fifo"), quantity = 2, unitCost = 3m } },
        }))["id"]!;
        using var client = await SignedIn(Factory, userName, password);
        var token = await Token(client, $"/purchase-orders/{order}", MetaToken());

        var response = await client.PostAsync($"/purchase-orders/{order}?handler=Approve",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/access-denied", response.Headers.Location!.PathAndQuery());
        Assert.Equal("Draft", (string)(await Api.Get($"/api/purchase-orders/{order}"))["status"]!);
        var denied = await client.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("Warehouse</strong> may not do that", await denied.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_so_that_the_right_one_fails_too()
    {
        var (userName, password, id) = await User("Sales");
        using var client = CookieClient();

        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.BadRequest, (await PostLogin(client, userName, $"wrong password {i}")).StatusCode);
        var sixth = await PostLogin(client, userName, password);

        Assert.Equal(HttpStatusCode.BadRequest, sixth.StatusCode);
        Assert.Contains("locked for 5 minutes", await sixth.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        Assert.Contains(await AuditOf(id), e => (string)e["action"]! == "signin.locked");
    }

    [Fact]
    public async Task Deactivating_a_user_ends_their_cookie_session_at_once()
    {
        var (userName, password, id) = await User("Warehouse");
        using var client = await SignedIn(Factory, userName, password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);

        var patch = await Api.Http.PatchAsJsonAsync($"/api/users/{id}", new { isActive = false });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery());
        Assert.Equal(HttpStatusCode.BadRequest, (await PostLogin(client, userName, password)).StatusCode);
    }

    [Fact]
    public async Task Signing_out_is_a_post_with_the_token_and_ends_the_session()
    {
        var (userName, password, _) = await User("Viewer");
        using var client = await SignedIn(Factory, userName, password);
        var token = await Token(client, "/", MetaToken());

        var response = await client.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task The_setup_link_makes_the_first_Administrator_once_while_no_user_exists()
    {
        await using var empty = new StocktrailFactory();
        await using var app = empty.WithWebHostBuilder(b => b.UseSetting(FirstRun.BootstrapKeySetting, ""));
        var token = "setup-" + Guid.NewGuid().ToString("N");
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
            db.Add(new SetupToken(ApiKeys.Hash(token), DateTime.UtcNow.AddHours(1)));
            await db.SaveChangesAsync();
        }
        using var client = CookieClient(app);
        var path = $"/setup/first-admin?token={token}";
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/setup/first-admin?token=not-the-token")).StatusCode);

        async Task<HttpResponseMessage> Submit(string password) => await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = token, ["UserName"] = "owner", ["Password"] = password, ["ConfirmPassword"] = password,
            ["__RequestVerificationToken"] = await Token(client, path, FormToken()),
        }));
        var tooShort = await Submit("short pw");
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("at least 12 characters", await tooShort.Content.ReadAsStringAsync());

        var made = await Submit("a long enough password");
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        var me = await client.GetFromJsonAsync<JsonNode>("/api/me");
        Assert.Equal("owner", (string)me!["userName"]!);
        Assert.Equal("Administrator", (string)me["role"]!);

        // Used, and a user exists: the link is dead.
        using var later = CookieClient(app);
        Assert.Equal(HttpStatusCode.NotFound, (await later.GetAsync(path)).StatusCode);
        var log = await client.GetFromJsonAsync<JsonNode>("/api/audit");
        Assert.Contains(log!["items"]!.AsArray(), e => (string)e!["action"]! == "setup.first-admin");
    }
}

internal static class UriText
{
    /// <summary>The path and query of a redirect's Location, whether it came absolute or relative.</summary>
    public static string PathAndQuery(this Uri location) =>
        location.IsAbsoluteUri ? location.PathAndQuery : new Uri(new Uri("http://localhost"), location).PathAndQuery;
}
