using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Users;

/// <summary>
/// Walks every endpoint the app maps, so that none is ever left open by mistake: without a key or a session every
/// API path answers 401 problem+json and every page sends the browser to /login, except the few meant to be open;
/// and every change under /api names a row of the role table, so that a Viewer is refused it.
/// </summary>
public sealed partial class OpenEndpointsTests(StocktrailFactory factory) : ApiTest(factory)
{
    /// <summary>What anyone may reach: the probes, the API description and its reference, and the pages that let a person sign in.</summary>
    private static readonly string[] Open = ["/health", "/health/live", "/health/ready", "/openapi/{documentName}.json", "/docs", "/login", "/setup/first-admin"];

    /// <summary>Changes any signed-in role may make: a check or a scan that changes nothing, and a user's own keys (the route's id is then not theirs, so 403).</summary>
    private static readonly string[] OpenToEveryRole = ["POST /api/serial-checks", "POST /api/scans"];

    private IReadOnlyList<(string Method, string Pattern, RouteEndpoint Endpoint)> Endpoints()
    {
        var sources = Factory.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        return sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'), e)))
            .DistinctBy(x => (x.Item1, x.Item2))
            .ToList();
    }

    private static string Fill(string pattern) => Parameter().Replace(pattern, "1");

    /// <summary>A body of a kind the endpoint takes (a count sheet is CSV), so that what answers is its authorization.</summary>
    private static HttpContent? Body(string method, RouteEndpoint endpoint) => method == "GET" ? null
        : new StringContent("{}", System.Text.Encoding.UTF8, endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes
            .FirstOrDefault(t => !t.StartsWith("multipart", StringComparison.Ordinal)) ?? "application/json");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();

    [Fact]
    public async Task Without_a_key_or_a_session_every_endpoint_is_refused_except_the_open_ones()
    {
        using var anonymous = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        anonymous.DefaultRequestHeaders.Authorization = null;
        var endpoints = Endpoints();
        Assert.Contains(endpoints, e => e.Pattern == "/api/purchase-orders/{id:int}/receipts");
        Assert.Contains(endpoints, e => e.Pattern.StartsWith("/purchase-orders", StringComparison.Ordinal));
        var open = new List<string>();

        foreach (var (method, pattern, endpoint) in endpoints)
        {
            if (Open.Any(o => pattern.StartsWith(o, StringComparison.Ordinal)))
            {
                Assert.NotNull(endpoint.Metadata.GetMetadata<IAllowAnonymous>());
                continue;
            }
            var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), Fill(pattern)) { Content = Body(method, endpoint) });
            if (pattern.StartsWith("/api", StringComparison.Ordinal))
            {
                if (response.StatusCode != HttpStatusCode.Unauthorized || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    open.Add($"{method} {pattern} answered {(int)response.StatusCode}");
            }
            else if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.AbsolutePath != "/login")
            {
                // A page POST without the antiforgery token may be refused before sign-in is asked for; that is still closed.
                if (!(method == "POST" && response.StatusCode == HttpStatusCode.BadRequest))
                    open.Add($"{method} {pattern} answered {(int)response.StatusCode} {response.Headers.Location}");
            }
        }
        Assert.True(open.Count == 0, "Open to anyone: " + string.Join("; ", open));
    }

    [Fact]
    public async Task Every_change_under_the_api_requires_a_row_of_the_role_table()
    {
        using var viewer = await Factory.ClientAsAsync("Viewer");
        var unguarded = new List<string>();
        foreach (var (method, pattern, endpoint) in Endpoints().Where(e => e.Pattern.StartsWith("/api", StringComparison.Ordinal) && e.Method != "GET"))
        {
            if (OpenToEveryRole.Contains($"{method} {pattern}")) continue;
            var response = await viewer.SendAsync(new HttpRequestMessage(new HttpMethod(method), Fill(pattern)) { Content = Body(method, endpoint) });
            if (response.StatusCode != HttpStatusCode.Forbidden) unguarded.Add($"{method} {pattern} answered {(int)response.StatusCode}");
        }
        Assert.True(unguarded.Count == 0, "Changes a Viewer was not refused: " + string.Join("; ", unguarded));
    }

    [Fact]
    public async Task The_api_description_is_open_and_tells_clients_to_send_a_bearer_api_key()
    {
        using var anonymous = Factory.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = null;
        var document = System.Text.Json.Nodes.JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        var scheme = document["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal("http", (string)scheme["type"]!);
        Assert.Equal("bearer", (string)scheme["scheme"]!);
        Assert.NotNull(document["security"]![0]!["ApiKey"]);
        Assert.Empty(document["paths"]!["/health"]!["get"]!["security"]!.AsArray());
    }
}
