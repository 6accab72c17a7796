using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Web;

/// <summary>What every answer carries to be safe in a browser, and the bound on a request's body.</summary>
public sealed class HttpSafetyTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Theory]
    [InlineData("/api/warehouses")]
    [InlineData("/health")]
    [InlineData("/")]
    public async Task Every_answer_forbids_framing_inline_script_and_content_sniffing(string path)
    {
        var response = await Api.Http.GetAsync(path);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413_saying_the_limit_and_changes_nothing()
    {
        using var small = Factory.WithWebHostBuilder(b => b.UseSetting("Stocktrail:MaxRequestBodyBytes", "2048"));
        using var client = small.CreateClient();
        var warehouse = await new Api(client).Warehouse();
        var before = await DatabaseFingerprint.OfAsync(Factory.DatabasePath);

        var serials = string.Join("\",\"", Enumerable.Range(1, 400).Select(i => $"BIG-{i:0000}"));
        var body = $"{{\"warehouseId\":{warehouse},\"reason\":\"Found\",\"lines\":[{{\"productId\":1,\"direction\":\"In\",\"quantity\":400,\"unitCost\":1,\"serials\":[\"{serials}\"]}}]}}";
        var response = await client.PostAsync("/api/stock-adjustments", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!;
        Assert.Contains("larger than the 2,048 bytes Stocktrail accepts (setting Stocktrail:MaxRequestBodyBytes)", detail);
        DatabaseFingerprint.AssertSame(before, await DatabaseFingerprint.OfAsync(Factory.DatabasePath), "A refused oversized body");
    }
}
