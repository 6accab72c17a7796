using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Batches;

/// <summary>Shortcuts for the batch scenarios: batches received, named on documents, and what each batch holds where.</summary>
public static class BatchTestApi
{
    public static object B(string batch, decimal quantity) => new { batch, quantity };

    /// <summary>Receives one purchase order line of a batch product split across the batches given; returns the order id.</summary>
    public static async Task<int> ReceiveBatches(this Api api, int warehouseId, int productId, decimal unitCost, params (string Batch, decimal Quantity)[] batches)
    {
        var quantity = batches.Sum(b => b.Quantity);
        var (order, lines) = await api.ApprovedOrder(warehouseId, (productId, quantity, unitCost));
        await api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new[] { new { lineId = lines[0], quantity, batches = batches.Select(b => B(b.Batch, b.Quantity)).ToArray() } },
        });
        return order;
    }

    /// <summary>What each batch holds where, as GET /api/products/{id}/batches lists it.</summary>
    public static async Task<List<(string Batch, int WarehouseId, decimal OnHand)>> BatchesOf(this Api api, int productId, int? warehouseId = null) =>
        (await api.Get($"/api/products/{productId}/batches{(warehouseId is null ? "" : $"?warehouseId={warehouseId}")}"))["items"]!.AsArray()
            .Select(b => ((string)b!["batch"]!, (int)b["warehouseId"]!, (decimal)b["onHand"]!)).ToList();

    public static async Task<decimal> ValueIn(this Api api, int productId, int? warehouseId = null)
    {
        var stock = await api.Stock(productId);
        return warehouseId is null
            ? (decimal)stock["value"]!
            : stock["warehouses"]!.AsArray().Where(w => (int)w!["warehouseId"]! == warehouseId).Select(w => (decimal)w!["value"]!).SingleOrDefault();
    }

    public static async Task<int> Project(this Api api) => (int)(await api.PostOk("/api/projects", new { name = Api.Unique("Project") }))["id"]!;

    public static Task<JsonNode> UseOnProject(this Api api, int projectId, int warehouseId, params object[] lines) =>
        api.PostOk($"/api/projects/{projectId}/materials", new { warehouseId, lines });

    public static object Using(int productId, decimal quantity, params (string Batch, decimal Quantity)[] batches) =>
        new { productId, quantity, batches = batches.Length == 0 ? null : batches.Select(b => B(b.Batch, b.Quantity)).ToArray() };

    /// <summary>The batch and quantity pairs of a JSON array of {batch, quantity}, sorted by code.</summary>
    public static List<(string, decimal)> Pairs(JsonNode? batches) =>
        batches!.AsArray().Select(b => ((string)b!["batch"]!, (decimal)b["quantity"]!)).OrderBy(b => b.Item1, StringComparer.Ordinal).ToList();

    /// <summary>What a refused request must leave untouched: stock, batches and ledger rows of the products.</summary>
    public static async Task<string> BatchSnapshot(this Api api, params int[] productIds)
    {
        var parts = new List<string>();
        foreach (var productId in productIds)
        {
            parts.Add((await api.Stock(productId)).ToJsonString());
            parts.Add((await api.Get($"/api/products/{productId}/batches")).ToJsonString());
            parts.Add((await api.Movements(productId)).ToJsonString());
        }
        return string.Join("\n", parts);
    }
}
