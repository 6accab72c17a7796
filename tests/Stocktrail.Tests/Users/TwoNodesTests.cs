using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stocktrail.Features.Users;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Users;

/// <summary>
/// Two app nodes on one database: a sign-in cookie made by one is accepted by the other, because the keys that
/// protect cookies live in the database; and deactivating the user on one node ends the session on the other.
/// </summary>
public sealed class TwoNodesTests(StocktrailFactory factory) : ApiTest(factory)
{
    /// <summary>The cookie a node would set for <paramref name="userName"/> at sign-in.</summary>
    private static async Task<string> SignInCookieAsync(WebApplicationFactory<Program> node, string userName)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { RequestServices = services };
        var users = services.GetRequiredService<UserManager<User>>();
        var principal = await services.GetRequiredService<SignInManager<User>>().CreateUserPrincipalAsync((await users.FindByNameAsync(userName))!);
        var cookie = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        return $"{cookie.Cookie.Name}={cookie.TicketDataFormat.Protect(new AuthenticationTicket(principal, IdentityConstants.ApplicationScheme))}";
    }

    private static HttpClient CookieClient(WebApplicationFactory<Program> node, string cookie)
    {
        var client = node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = null;
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    [Fact]
    public async Task A_session_started_on_one_node_is_accepted_by_another_and_ended_on_both_by_deactivation()
    {
        var userName = Api.Unique("clerk").ToLowerInvariant();
        var user = await Api.PostOk("/api/users", new { userName, role = "Warehouse", password = "a long enough password" });
        using var other = Factory.WithWebHostBuilder(_ => { });

        var cookie = await SignInCookieAsync(Factory, userName);
        using (var onOther = CookieClient(other, cookie))
        {
            var me = JsonNode.Parse(await onOther.GetStringAsync("/api/me"))!;
            Assert.Equal(userName, (string)me["userName"]!);
        }
        var reverse = await SignInCookieAsync(other, userName);
        using (var onFirst = CookieClient(Factory, reverse))
            Assert.Equal(HttpStatusCode.OK, (await onFirst.GetAsync("/api/me")).StatusCode);

        // The key that protected both cookies is the database's, not a file of this machine's.
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Factory.DatabasePath};Mode=ReadOnly;Pooling=False"))
        {
            await db.OpenAsync();
            await using var count = db.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM \"DataProtectionKeys\"";
            Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
        }

        await Api.Patch($"/api/users/{user["id"]}", new { isActive = false });
        using (var onOther = CookieClient(other, cookie))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await onOther.GetAsync("/api/me")).StatusCode);
            var page = await onOther.GetAsync("/");
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Equal("/login", page.Headers.Location!.AbsolutePath);
        }
    }
}
