using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Stocktrail.Tests.Infrastructure;

/// <summary>Shortcuts for the purchase order scenarios: receiving, reading an order back, patching.</summary>
public static class ReceivingApi
{
    public static object Line(int lineId, decimal quantity, params string[] serials) =>
        new { lineId, quantity, serials = serials.Length == 0 ? null : serials };

    public static Task<JsonNode> Receive(this Api api, int orderId, params object[] lines) =>
        api.PostOk($"/api/purchase-orders/{orderId}/receipts", new { lines });

    public static Task<Problem> ReceiveRefused(this Api api, int orderId, HttpStatusCode expected, params object[] lines) =>
        api.PostRefused($"/api/purchase-orders/{orderId}/receipts", new { lines }, expected);

    public static Task<JsonNode> Order(this Api api, int orderId) => api.Get($"/api/purchase-orders/{orderId}");

    public static async Task<JsonNode> Patch(this Api api, string path, object body)
    {
        var response = await api.Http.PatchAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PATCH {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<IReadOnlyList<JsonNode>> Serials(this Api api, int productId, string query = "") =>
        (await api.Get($"/api/products/{productId}/serials{query}"))["items"]!.AsArray().Select(i => i!).ToList();

    /// <summary>What a refused request must leave untouched: stock, serial units, ledger rows and the order's received quantities.</summary>
    public static async Task<string> Snapshot(this Api api, int productId, int orderId)
    {
        var stock = await api.Stock(productId);
        var serials = await api.Get($"/api/products/{productId}/serials");
        var movements = await api.Movements(productId);
        var order = await api.Order(orderId);
        return string.Join("\n", stock.ToJsonString(), serials.ToJsonString(), movements.ToJsonString(), order.ToJsonString());
    }
}
