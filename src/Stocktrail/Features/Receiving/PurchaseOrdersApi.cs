using Microsoft.AspNetCore.Http.HttpResults;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;
using Stocktrail.Web;
namespace Stocktrail.Features.Receiving;

public static class PurchaseOrdersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var orders = api.MapGroup("/purchase-orders").WithTags("Purchase orders");
        orders.MapPost("/", async Task<Created<PurchaseOrderDto>> (CreatePurchaseOrder.Request request, CreatePurchaseOrder.Handler handler, CancellationToken ct) =>
        {
            var order = await handler.HandleAsync(request, ct);
            return TypedResults.Created($"/api/purchase-orders/{order.Id}", order);
        }).Requires(Permission.PurchaseOrders).Describe("CreatePurchaseOrder", "Create a purchase order", "A draft order with its lines; approve it to receive against it.")
            .WithRequestExample("""{"supplierId": 1, "warehouseId": 1, "lines": [{"productId": 1, "quantity": 10, "unitCost": 12.5}]}""");
        orders.MapGet("/", (PurchaseOrderStatus? status, int? supplierId, [AsParameters] DocumentFilter filter, string? format, ListPurchaseOrders.Handler handler, CancellationToken ct) =>
            {
                var query = new ListPurchaseOrders.Query(status, supplierId, filter);
                return DocumentLists.AnswerAsync(format, () => handler.PageAsync(query, ct), () => handler.All(query), "purchase-orders.csv");
            }).Describe("ListPurchaseOrders", "List purchase orders", DocumentLists.Description)
            .ProducesFile("text/csv");
        orders.MapGet("/{id:int}", async Task<Ok<PurchaseOrderDto>> (int id, GetPurchaseOrder.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, ct))).Describe("GetPurchaseOrder", "Get a purchase order");
        orders.MapGet("/{id:int}/lines/{lineId:int}/serials", async Task<Ok<LineSerials.Result>> (int id, int lineId, string? after, int? pageSize,
                LineSerials.Handler handler, CancellationToken ct) => TypedResults.Ok(await handler.PurchaseOrderLineAsync(id, lineId, after, pageSize, ct)))
            .Describe("ListPurchaseOrderLineSerials", "List an order line's serials", LineSerials.Description("received on the line and not sent back to the supplier"));
        orders.MapGet("/{id:int}/receipts/{receiptId:int}/lines/{lineId:int}/serials", async Task<Ok<LineSerials.Result>> (int id, int receiptId, int lineId,
                string? after, int? pageSize, LineSerials.Handler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.ReceiptLineAsync(id, receiptId, lineId, after, pageSize, ct)))
            .Describe("ListReceiptLineSerials", "List a receipt line's serials", LineSerials.Description("one receipt brought in on the line (lineId is the receipt line's id), as they are now"));
        orders.MapGet("/{id:int}/returns/{returnId:long}/lines/{lineId:int}/serials", async Task<Ok<LineSerials.Result>> (int id, long returnId, int lineId,
                string? after, int? pageSize, LineSerials.Handler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.SupplierReturnLineAsync(id, returnId, lineId, after, pageSize, ct)))
            .Describe("ListSupplierReturnLineSerials", "List a supplier return line's serials",
                LineSerials.Description("one supplier return sent back on the order line (returnId is the return's id, lineId the order line's), as they are now"));
        orders.MapPost("/{id:int}/approve", async Task<Ok<PurchaseOrderDto>> (int id, ChangePurchaseOrderStatus.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.ApproveAsync(id, ct))).Requires(Permission.PurchaseOrders).Describe("ApprovePurchaseOrder", "Approve a purchase order");
        orders.MapPost("/{id:int}/complete", async Task<Ok<PurchaseOrderDto>> (int id, ChangePurchaseOrderStatus.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.CompleteAsync(id, ct))).Requires(Permission.PurchaseOrders)
            .Describe("CompletePurchaseOrder", "Complete a purchase order", "Nothing more is received or corrected on it.");
        orders.MapPost("/{id:int}/receipts", async Task<Created<ReceivePurchaseOrder.ReceiptDto>> (int id, ReceivePurchaseOrder.Request request, ReceivePurchaseOrder.Handler handler, CancellationToken ct) =>
        {
            var receipt = await handler.HandleAsync(id, request, ct);
            return TypedResults.Created($"/api/purchase-orders/{id}", receipt);
        }).Requires(Permission.Receiving).Describe("ReceivePurchaseOrder", "Receive against a purchase order", "Stock rises; serials and batches as the lines' products track them.")
            .WithRequestExample("""{"lines": [{"lineId": 1, "quantity": 3, "serials": ["SN-0001..SN-0003"]}, {"lineId": 2, "quantity": 20, "batches": [{"batch": "B-2026-11", "quantity": 20}]}]}""");
        orders.MapPost("/{id:int}/landed-costs", async Task<Ok<PurchaseOrderDto>> (int id, AddLandedCost.Request request, AddLandedCost.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, request, ct))).Requires(Permission.PurchaseOrders)
            .Describe("AddLandedCost", "Add a landed cost", "The amount is spread over the order's received lines by value.")
            .WithRequestExample("""{"description": "Freight", "amount": 45.00}""");
        orders.MapPost("/{id:int}/serial-corrections", async Task<Ok<PurchaseOrderDto>> (int id, CorrectReceivedSerial.Request request, CorrectReceivedSerial.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, request, ct))).Requires(Permission.Receiving)
            .Describe("CorrectReceivedSerial", "Correct a received serial", "Refused once the order is completed or when the unit has left stock.")
            .WithRequestExample("""{"productId": 1, "from": "SN-0001", "to": "SN-1001"}""");
        orders.MapPost("/{id:int}/returns", async Task<Created<ReturnToSupplier.SupplierReturnDto>> (int id, ReturnToSupplier.Request request, ReturnToSupplier.Handler handler, CancellationToken ct) =>
            TypedResults.Created($"/api/purchase-orders/{id}", await handler.HandleAsync(id, request, ct))).Requires(Permission.PurchaseOrders)
            .Describe("ReturnToSupplier", "Return units to the supplier",
                "Units received on this order and still in stock (in warehouseId, default the order's) leave at their own cost, a credit from the supplier rather than cost of goods; the lines' returnedQuantity rises. " +
                $"The answer's id names the return; a line of more than {LineSerials.Listed:N0} serials lists the first {LineSerials.Listed:N0} (serialCount, serialsUrl, serialsNext).")
            .WithRequestExample("""{"reason": "Faulty on arrival", "lines": [{"lineId": 1, "quantity": 1, "serials": ["SN-0002"]}, {"lineId": 2, "quantity": 5, "batches": [{"batch": "B-2026-11", "quantity": 5}]}]}""");
    }
}
