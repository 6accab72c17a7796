using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Web;

public sealed class HttpBehaviourTests(StocktrailFactory factory) : ApiTest(factory)
{
    private async Task<(HttpResponseMessage Response, string Text)> PostRaw(string path, string body, string mediaType = "application/json")
    {
        var response = await Api.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, mediaType));
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_answers_ok()
    {
        var response = await Api.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/products", "{\"sku\": \"A\", ")]
    [InlineData("/api/products", "not json")]
    [InlineData("/api/products", "{\"sku\": 5, \"name\": \"x\", \"trackingType\": \"Fifo\"}")]
    [InlineData("/api/products", "{\"sku\": \"A\", \"name\": \"x\", \"trackingType\": \"Fifo\", \"costPrice\": \"cheap\"}")]
    [InlineData("/api/products", "{\"sku\": \"A\", \"name\": \"x\", \"trackingType\": \"Fifo\", \"costPrice\": 1e40}")]
    [InlineData("/api/products", "null")]
    [InlineData("/api/products", "")]
    [InlineData("/api/warehouses", "[1,2]")]
    [InlineData("/api/purchase-orders", "{\"supplierId\": \"one\"}")]
    [InlineData("/api/purchase-orders", "{\"supplierId\": 1, \"warehouseId\": 1, \"lines\": [null]}")]
    [InlineData("/api/purchase-orders", "{\"supplierId\": 1, \"warehouseId\": 1, \"lines\": {}}")]
    public async Task Malformed_bodies_are_bad_requests_never_server_errors(string path, string body)
    {
        var (response, text) = await PostRaw(path, body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrWhiteSpace((string?)JsonNode.Parse(text)!["detail"]));
        await Api.AssertLedgerConsistent();
    }

    [Theory]
    [InlineData("{\"lines\": [null]}")]
    [InlineData("{\"lines\": [{\"lineId\": 0, \"quantity\": 1, \"serials\": 5}]}")]
    [InlineData("{\"lines\": [{\"lineId\": 0, \"quantity\": 1, \"batches\": [null]}]}")]
    [InlineData("{\"lines\": [{\"lineId\": 0, \"quantity\": 1e30, \"serials\": [\"Q-00000000000000000000000000001..\"]}]}")]
    [InlineData("{\"lines\": null}")]
    [InlineData("{}")]
    public async Task Malformed_receipts_are_bad_requests_never_server_errors(string template)
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 3, 1m));

        var (response, text) = await PostRaw($"/api/purchase-orders/{order}/receipts", template.Replace("\"lineId\": 0", $"\"lineId\": {lines[0]}"));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0m, await Api.OnHand(product));
        await Api.AssertLedgerConsistent();
    }

    [Theory]
    [InlineData("/api/projects/{project}/materials", "{\"warehouseId\": {warehouse}, \"lines\": [null]}")]
    [InlineData("/api/projects/{project}/material-returns", "{\"warehouseId\": {warehouse}, \"lines\": [null, {\"productId\": {product}, \"quantity\": 1}]}")]
    [InlineData("/api/production-jobs/{job}/materials", "{\"warehouseId\": {warehouse}, \"lines\": [null]}")]
    [InlineData("/api/production-jobs/{job}/complete", "{\"actualQuantity\": 1, \"serials\": [\"OUT-1\"], \"outputs\": [null]}")]
    [InlineData("/api/production-jobs/{job}/complete", "{\"actualQuantity\": 1, \"serials\": [\"OUT-1\"], \"outputs\": [{\"serial\": \"OUT-1\", \"components\": [null]}]}")]
    [InlineData("/api/production-jobs/{job}/complete", "{\"actualQuantity\": 1, \"serials\": [\"OUT-1\"], \"outputs\": [{\"serial\": \"OUT-1\", \"components\": [{\"productId\": {product}, \"batches\": [null]}]}]}")]
    public async Task Empty_lines_outputs_and_components_are_bad_requests_never_server_errors(string path, string template)
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var project = (int)(await Api.PostOk("/api/projects", new { name = Api.Unique("Project") }))["id"]!;
        var job = (int)(await Api.PostOk("/api/production-jobs", new { outputProductId = await Api.Product("Serial"), quantity = 1, warehouseId = warehouse }))["id"]!;
        string Fill(string text) => text.Replace("{warehouse}", $"{warehouse}").Replace("{product}", $"{product}")
            .Replace("{project}", $"{project}").Replace("{job}", $"{job}");

        var (response, text) = await PostRaw(Fill(path), Fill(template));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Open", (string)(await Api.Get($"/api/production-jobs/{job}"))["status"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Amounts_too_large_or_too_precise_to_keep_are_bad_requests_naming_the_line()
    {
        var warehouse = await Api.Warehouse();
        var supplier = await Api.Supplier();
        var product = await Api.Product("Fifo");

        var problem = await Api.PostRefused("/api/purchase-orders", new
        {
            supplierId = supplier, warehouseId = warehouse,
            lines = new object[]
            {
                new { productId = product, quantity = 10_000_000_000_000_000_000m, unitCost = 100_000_000_000_000_000m },
                new { productId = product, quantity = 0.000000001m, unitCost = 1m },
            },
        }, HttpStatusCode.BadRequest);

        problem.Mentions("Line 1", "too large");
        problem.Mentions("Line 2", "more than 8 decimal places");
        Assert.DoesNotContain((await Api.Get("/api/purchase-orders"))["items"]!.AsArray(), o => (int)o!["supplierId"]! == supplier);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_without_a_server_error()
    {
        var (response, text) = await PostRaw("/api/products", "sku=A", "text/plain");

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {text}");
    }

    [Fact]
    public async Task Unknown_ids_are_not_found_with_a_problem()
    {
        var problem = await Api.Refused(HttpMethod.Get, "/api/products/2000000000", null, HttpStatusCode.NotFound);

        Assert.Contains("2000000000", problem.Detail);
    }
}
