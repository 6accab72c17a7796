using System.Net;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Adjustments;

/// <summary>Shortcuts for the adjustment and transfer scenarios: stock brought in, the documents posted, what a refusal must leave untouched.</summary>
public static class StockDocumentsApi
{
    public static object In(int productId, decimal quantity, decimal? unitCost = null, string[]? serials = null, object[]? batches = null) =>
        new { productId, direction = "In", quantity, unitCost, serials, batches };

    public static object Out(int productId, decimal quantity, string[]? serials = null, object[]? batches = null) =>
        new { productId, direction = "Out", quantity, serials, batches };

    public static object Batch(string batch, decimal quantity) => new { batch, quantity };

    public static Task<JsonNode> Adjust(this Api api, int warehouseId, params object[] lines) =>
        api.PostOk("/api/stock-adjustments", new { warehouseId, reason = "Stock take difference", lines });

    public static Task<Problem> AdjustRefused(this Api api, int warehouseId, HttpStatusCode expected, params object[] lines) =>
        api.PostRefused("/api/stock-adjustments", new { warehouseId, reason = "Stock take difference", lines }, expected);

    public static Task<JsonNode> Transfer(this Api api, int fromWarehouseId, int toWarehouseId, params object[] lines) =>
        api.PostOk("/api/stock-transfers", new { fromWarehouseId, toWarehouseId, lines });

    public static Task<Problem> TransferRefused(this Api api, int fromWarehouseId, int toWarehouseId, HttpStatusCode expected, params object[] lines) =>
        api.PostRefused("/api/stock-transfers", new { fromWarehouseId, toWarehouseId, lines }, expected);

    public static object Moving(int productId, decimal quantity, string[]? serials = null, object[]? batches = null) =>
        new { productId, quantity, serials, batches };

    /// <summary>Receives Fifo stock of a product into a warehouse on one purchase order per layer, oldest first.</summary>
    public static async Task ReceiveFifo(this Api api, int warehouseId, int productId, params (decimal Quantity, decimal UnitCost)[] layers)
    {
        foreach (var (quantity, unitCost) in layers)
        {
            var (order, lines) = await api.ApprovedOrder(warehouseId, (productId, quantity, unitCost));
            await api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity } } });
        }
    }

    public static async Task ReceiveBatches(this Api api, int warehouseId, int productId, decimal unitCost, params (string Batch, decimal Quantity)[] batches)
    {
        var quantity = batches.Sum(b => b.Quantity);
        var (order, lines) = await api.ApprovedOrder(warehouseId, (productId, quantity, unitCost));
        await api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new[] { new { lineId = lines[0], quantity, batches = batches.Select(b => Batch(b.Batch, b.Quantity)).ToArray() } },
        });
    }

    public static async Task<decimal> Value(this Api api, int productId, int? warehouseId = null)
    {
        var stock = await api.Stock(productId);
        return warehouseId is null
            ? (decimal)stock["value"]!
            : stock["warehouses"]!.AsArray().Where(w => (int)w!["warehouseId"]! == warehouseId).Select(w => (decimal)w!["value"]!).SingleOrDefault();
    }

    /// <summary>The ledger rows one document wrote for a product, oldest first.</summary>
    public static async Task<List<JsonNode>> MovementsOf(this Api api, int productId, string sourceNumber) =>
        (await api.Movements(productId)).Select(m => m!).Where(m => (string)m["sourceNumber"]! == sourceNumber).OrderBy(m => (long)m["id"]!).ToList();

    /// <summary>What a refused request must leave untouched: the products' stock, serial units and ledger rows.</summary>
    public static async Task<string> Snapshot(this Api api, params int[] productIds)
    {
        var parts = new List<string>();
        foreach (var productId in productIds)
        {
            parts.Add((await api.Stock(productId)).ToJsonString());
            parts.Add((await api.Get($"/api/products/{productId}/serials")).ToJsonString());
            parts.Add((await api.Movements(productId)).ToJsonString());
        }
        return string.Join("\n", parts);
    }
}
