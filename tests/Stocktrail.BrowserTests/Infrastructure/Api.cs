using System.Net.Http.Json;
using System.Text.Json;

namespace Stocktrail.BrowserTests.Infrastructure;

/// <summary>Makes a test's data through the HTTP API, so that the browser only does what the test is about.</summary>
public sealed class Api(HttpClient http) : IDisposable
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";

    public async Task<JsonElement> PostAsync(string url, object body)
    {
        var response = await http.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {url} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> PutAsync(string url, object body)
    {
        var response = await http.PutAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"PUT {url} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> GetAsync(string url)
    {
        var response = await http.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<int> WarehouseAsync(string code) => (await PostAsync("/api/warehouses", new { code, name = $"Warehouse {code}" })).GetProperty("id").GetInt32();
    public async Task<int> SupplierAsync(string name) => (await PostAsync("/api/suppliers", new { name })).GetProperty("id").GetInt32();
    public async Task<int> CustomerAsync(string name) => (await PostAsync("/api/customers", new { name })).GetProperty("id").GetInt32();

    public async Task<int> ProductAsync(string sku, string trackingType, decimal cost = 10m) =>
        (await PostAsync("/api/products", new { sku, name = $"Product {sku}", trackingType, costPrice = cost, sellPrice = cost * 2 })).GetProperty("id").GetInt32();

    /// <summary>A purchase order of one line, approved and received in full with the serials given (a range is fine).</summary>
    public async Task<int> ReceiveSerialsAsync(int supplierId, int warehouseId, int productId, int quantity, decimal unitCost, string serials)
    {
        var order = await PostAsync("/api/purchase-orders", new { supplierId, warehouseId, lines = new[] { new { productId, quantity, unitCost } } });
        var id = order.GetProperty("id").GetInt32();
        var lineId = order.GetProperty("lines")[0].GetProperty("id").GetInt32();
        await PostAsync($"/api/purchase-orders/{id}/approve", new { });
        await PostAsync($"/api/purchase-orders/{id}/receipts", new { lines = new[] { new { lineId, quantity, serials = new[] { serials } } } });
        return id;
    }

    public async Task<int> ReceiveFifoAsync(int supplierId, int warehouseId, int productId, int quantity, decimal unitCost)
    {
        var order = await PostAsync("/api/purchase-orders", new { supplierId, warehouseId, lines = new[] { new { productId, quantity, unitCost } } });
        var id = order.GetProperty("id").GetInt32();
        var lineId = order.GetProperty("lines")[0].GetProperty("id").GetInt32();
        await PostAsync($"/api/purchase-orders/{id}/approve", new { });
        await PostAsync($"/api/purchase-orders/{id}/receipts", new { lines = new[] { new { lineId, quantity } } });
        return id;
    }

    public void Dispose() => http.Dispose();
}
