using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stocktrail.Tests.Infrastructure;

/// <summary>
/// A test's way into Stocktrail: the HTTP API with helpers that make the data a scenario needs, each with unique
/// names, and the ledger check every scenario ends with.
/// </summary>
public sealed class Api(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";

    public async Task<JsonNode> PostOk(string path, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path} answered {(int)response.StatusCode}, expected {(int)expected}: {text}");
        return JsonNode.Parse(text)!;
    }

    public async Task<JsonNode> Get(string path)
    {
        var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Posts a request that must be refused; returns the problem+json body.</summary>
    public async Task<Problem> Refused(HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path} answered {(int)response.StatusCode}, expected {(int)expected}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return new Problem(JsonNode.Parse(text)!);
    }

    public Task<Problem> PostRefused(string path, object body, HttpStatusCode expected) => Refused(HttpMethod.Post, path, body, expected);

    public async Task<int> Warehouse(string? code = null) =>
        (int)(await PostOk("/api/warehouses", new { code = code ?? Unique("WH"), name = "Test warehouse" }))["id"]!;

    public async Task<int> Supplier() => (int)(await PostOk("/api/suppliers", new { name = Unique("Supplier") }))["id"]!;

    public async Task<int> Customer() => (int)(await PostOk("/api/customers", new { name = Unique("Customer") }))["id"]!;

    public async Task<int> Product(string trackingType, string? sku = null, decimal? costPrice = null) =>
        (int)(await PostOk("/api/products", new { sku = sku ?? Unique("SKU"), name = $"Test {trackingType} product", trackingType, costPrice }))["id"]!;

    /// <summary>An approved purchase order for one warehouse; returns its id and line ids in order.</summary>
    public async Task<(int Id, int[] LineIds)> ApprovedOrder(int warehouseId, params (int ProductId, decimal Quantity, decimal UnitCost)[] lines)
    {
        var order = await PostOk("/api/purchase-orders", new
        {
            supplierId = await Supplier(),
            warehouseId,
            lines = lines.Select(l => new { productId = l.ProductId, quantity = l.Quantity, unitCost = l.UnitCost }),
        });
        var id = (int)order["id"]!;
        await PostOk($"/api/purchase-orders/{id}/approve", new { }, HttpStatusCode.OK);
        return (id, order["lines"]!.AsArray().Select(l => (int)l!["id"]!).ToArray());
    }

    /// <summary>Receives serialized units of a new product into a warehouse; returns the product id.</summary>
    public async Task<int> SerialsInStock(int warehouseId, decimal unitCost, params string[] serials)
    {
        var product = await Product("Serial");
        var (order, lines) = await ApprovedOrder(warehouseId, (product, serials.Length, unitCost));
        await PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = serials.Length, serials } } });
        return product;
    }

    public async Task<JsonNode> Stock(int productId) => await Get($"/api/products/{productId}/stock");

    public async Task<decimal> OnHand(int productId, int? warehouseId = null)
    {
        var stock = await Stock(productId);
        return warehouseId is null
            ? (decimal)stock["onHand"]!
            : stock["warehouses"]!.AsArray().Where(w => (int)w!["warehouseId"]! == warehouseId).Select(w => (decimal)w!["onHand"]!).SingleOrDefault();
    }

    public async Task<JsonNode> Serial(int productId, string serial) => await Get($"/api/products/{productId}/serials/{Uri.EscapeDataString(serial)}");

    public async Task<JsonArray> Movements(int productId) => (await Get($"/api/products/{productId}/movements?pageSize=10000"))["items"]!.AsArray();

    /// <summary>The ledger check: every stored level, layer and serial agrees with the ledger.</summary>
    public async Task AssertLedgerConsistent()
    {
        var result = await PostOk("/api/admin/reconcile", new { }, HttpStatusCode.OK);
        var differences = result["differences"]!.AsArray();
        Assert.True(differences.Count == 0, $"The ledger check found differences: {differences.ToJsonString(new JsonSerializerOptions { WriteIndented = true })}");
    }
}

public sealed record Problem(JsonNode Body)
{
    public string Detail => (string)Body["detail"]!;
    public IReadOnlyList<string> Messages => Body["errors"]?.AsArray().Select(e => (string)e!["message"]!).ToList() ?? [Detail];
    public IReadOnlyList<JsonNode> Errors => Body["errors"]?.AsArray().Select(e => e!).ToList() ?? [];

    public void Mentions(params string[] fragments)
    {
        foreach (var fragment in fragments)
            Assert.True(Messages.Any(m => m.Contains(fragment, StringComparison.Ordinal)),
                $"No problem mentions '{fragment}'. Problems: {string.Join(" | ", Messages)}");
    }
}
