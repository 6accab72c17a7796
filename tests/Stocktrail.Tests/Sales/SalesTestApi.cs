using System.Net;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Sales;

/// <summary>Shortcuts for the stock sale scenarios: making a sale, dispatching, returning, reading it back.</summary>
public static class SalesTestApi
{
    public sealed record Sale(int Id, string Number, int CustomerId, string CustomerName, int[] LineIds);

    public static object Line(int lineId, decimal quantity, params string[] serials) =>
        new { lineId, quantity, serials = serials.Length == 0 ? null : serials };

    public static object BatchLine(int lineId, decimal quantity, params (string Batch, decimal Quantity)[] batches) =>
        new { lineId, quantity, batches = batches.Select(b => new { batch = b.Batch, quantity = b.Quantity }) };

    public static async Task<Sale> NewSale(this Api api, int warehouseId, params (int ProductId, decimal Quantity, decimal UnitPrice)[] lines)
    {
        var customerName = Api.Unique("Customer");
        var customerId = (int)(await api.PostOk("/api/customers", new { name = customerName }))["id"]!;
        var sale = await api.PostOk("/api/stock-sales", new
        {
            customerId,
            warehouseId,
            lines = lines.Select(l => new { productId = l.ProductId, quantity = l.Quantity, unitPrice = l.UnitPrice }),
        });
        return new Sale((int)sale["id"]!, (string)sale["number"]!, customerId, customerName,
            sale["lines"]!.AsArray().Select(l => (int)l!["id"]!).ToArray());
    }

    public static Task<JsonNode> SaleById(this Api api, int saleId) => api.Get($"/api/stock-sales/{saleId}");

    public static Task<JsonNode> Dispatch(this Api api, int saleId, params object[] lines) =>
        api.PostOk($"/api/stock-sales/{saleId}/dispatches", new { lines });

    public static Task<Problem> DispatchRefused(this Api api, int saleId, HttpStatusCode expected, params object[] lines) =>
        api.PostRefused($"/api/stock-sales/{saleId}/dispatches", new { lines }, expected);

    public static Task<JsonNode> CustomerReturn(this Api api, int saleId, params object[] lines) =>
        api.PostOk($"/api/stock-sales/{saleId}/returns", new { lines });

    public static Task<Problem> CustomerReturnRefused(this Api api, int saleId, HttpStatusCode expected, params object[] lines) =>
        api.PostRefused($"/api/stock-sales/{saleId}/returns", new { lines }, expected);

    /// <summary>A new Fifo product with one receipt (one cost layer) per entry, oldest first; returns the product id.</summary>
    public static async Task<int> FifoInStock(this Api api, int warehouseId, params (decimal Quantity, decimal UnitCost)[] receipts)
    {
        var product = await api.Product("Fifo");
        foreach (var (quantity, unitCost) in receipts)
        {
            var (order, lines) = await api.ApprovedOrder(warehouseId, (product, quantity, unitCost));
            await api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity } } });
        }
        return product;
    }

    /// <summary>Receives more serials of an existing product (or the same serials again, once they are out).</summary>
    public static async Task ReceiveSerials(this Api api, int productId, int warehouseId, decimal unitCost, params string[] serials)
    {
        var (order, lines) = await api.ApprovedOrder(warehouseId, (productId, serials.Length, unitCost));
        await api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = serials.Length, serials } } });
    }

    /// <summary>The movement rows of one product that a sale wrote, oldest first.</summary>
    public static async Task<List<JsonNode>> SaleMovements(this Api api, int productId, int saleId) =>
        (await api.Movements(productId))
            .Where(m => (string)m!["sourceType"]! == "StockSale" && (int)m!["sourceId"]! == saleId)
            .Select(m => m!).OrderBy(m => (long)m["id"]!).ToList();

    /// <summary>What a refused request must leave untouched: the products' stock, serial units and ledger rows, and the sale.</summary>
    public static async Task<string> Snapshot(this Api api, int saleId, params int[] productIds)
    {
        var parts = new List<string> { (await api.SaleById(saleId)).ToJsonString() };
        foreach (var product in productIds)
        {
            parts.Add((await api.Stock(product)).ToJsonString());
            parts.Add((await api.Get($"/api/products/{product}/serials")).ToJsonString());
            parts.Add((await api.Movements(product)).ToJsonString());
        }
        return string.Join("\n", parts);
    }
}
