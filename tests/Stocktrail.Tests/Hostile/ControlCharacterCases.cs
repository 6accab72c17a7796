using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.StockTakes;

namespace Stocktrail.Tests.Hostile;

/// <summary>
/// Control characters in every kind of text a request carries, on whichever database the API runs: each is a 400
/// that names the field, and nothing is stored. PostgreSQL cannot store NUL at all, so there it once gave 500.
/// </summary>
public static class ControlCharacterCases
{
    public static async Task AssertEachRefusedNamingTheField(Api api)
    {
        var warehouse = await api.Warehouse();
        var product = await api.Product("Fifo", costPrice: 2m);
        var (order, _) = await api.ApprovedOrder(warehouse, (product, 1, 2m));
        var before = await Counts(api);

        (string Path, object Body, string Names)[] posts =
        [
            ("/api/warehouses", new { code = "W\0", name = "Main" }, "code"),
            ("/api/warehouses", new { code = Api.Unique("W"), name = "Main\u0000hall" }, "name"),
            ("/api/warehouses", new { code = Api.Unique("W"), name = "Main\nhall" }, "warehouse name"),
            ("/api/warehouses", new { code = "W\u0007X", name = "Main" }, "warehouse code"),
            ("/api/suppliers", new { name = "Acme\0" }, "name"),
            ("/api/suppliers", new { name = "Acme\r\nLtd" }, "supplier's name"),
            ("/api/customers", new { name = "\u001bBob" }, "name"),
            ("/api/products", new { sku = "S\0", name = "Widget", trackingType = "Fifo" }, "sku"),
            ("/api/products", new { sku = Api.Unique("S"), name = "Wid\0get", trackingType = "Fifo" }, "name"),
            ("/api/products", new { sku = Api.Unique("S"), name = "Wid\nget", trackingType = "Fifo" }, "product name"),
            ($"/api/purchase-orders/{order}/landed-costs", new { description = "Freight\0", amount = 5m }, "description"),
            ($"/api/purchase-orders/{order}/landed-costs", new { description = "Freight\nDuty", amount = 5m }, "landed cost's description"),
            ("/api/projects", new { name = "Job\0" }, "name"),
            ("/api/projects", new { name = "Job\n2" }, "project name"),
            ("/api/stock-adjustments", new { warehouseId = warehouse, reason = "Lost\0", lines = new[] { new { productId = product, direction = "Out", quantity = 1 } } }, "reason"),
            ("/api/stock-adjustments", new { warehouseId = warehouse, reason = "Lost\nin\ttransit", lines = new[] { new { productId = product, direction = "Out", quantity = 1 } } }, "reason"),
        ];
        foreach (var (path, body, names) in posts)
        {
            var problem = await api.PostRefused(path, body, HttpStatusCode.BadRequest);
            Assert.Contains("control character", problem.Detail);
            Assert.Contains(names, problem.Detail);
        }
        var patch = await api.Http.PatchAsync($"/api/products/{product}", JsonContent("""{"name":"Renamed\u0000"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);

        foreach (var (path, names) in new[]
                 {
                     ("/api/products?search=%00", "'search'"),
                     ($"/api/products/{product}/serials?search=SN%00", "'search'"),
                     ("/api/serials/SN%01-1", "address"),
                     ($"/api/products/{product}/serials/SN%01-1", "address"),
                     ($"/api/products/{product}/serials/SN%1b-1/trace", "address"),
                     ("/api/reports/stock-value?format=csv%00", "'format'"),
                     ("/?search=%00", "'search'"),
                 })
        {
            // NUL itself in the path never reaches the app: the server refuses it (Kestrel and the test server alike).
            var problem = await api.Refused(HttpMethod.Get, path, null, HttpStatusCode.BadRequest);
            Assert.Contains("control character", problem.Detail);
            Assert.Contains(names, problem.Detail);
        }

        var nul = await api.Http.PostAsync("/setup", new FormUrlEncodedContent([new("Code", "W\0"), new("Name", "Main")]));
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Contains("NUL", await nul.Content.ReadAsStringAsync());

        var take = await api.StartStockTake(warehouse);
        var sku = await api.SkuOf(product);
        await api.ExportCsv(take);
        var sheet = await api.ImportCsv(take, StockTakeTestApi.Csv([StockTakeTestApi.Header, [sku, "Wid\0get", "", "", "", "", "1"]]));
        Assert.Equal(HttpStatusCode.BadRequest, sheet.StatusCode);
        var errors = JsonNode.Parse(await sheet.Content.ReadAsStringAsync())!["errors"]!.AsArray();
        Assert.Contains(errors, e => (int)e!["row"]! == 2 && (string)e["column"]! == "Name" && ((string)e["message"]!).Contains("control character"));

        Assert.Equal(before, await Counts(api));
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<string> Counts(Api api) => string.Join(",",
        (await api.Get("/api/warehouses")).AsArray().Count,
        (await api.Get("/api/suppliers")).AsArray().Count,
        (await api.Get("/api/customers")).AsArray().Count,
        (await api.Get("/api/projects")).ToJsonString().Length,
        (await api.Get("/api/products")).ToJsonString());
}

public sealed class ControlCharacterTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public Task Control_characters_in_any_text_field_are_refused_naming_the_field() => ControlCharacterCases.AssertEachRefusedNamingTheField(Api);
}
