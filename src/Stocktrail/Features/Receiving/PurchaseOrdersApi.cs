using Stocktrail.Domain;
using Stocktrail.Features.Users;
namespace Stocktrail.Features.Receiving;

public static class PurchaseOrdersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var orders = api.MapGroup("/purchase-orders").WithTags("Purchase orders");
        orders.MapPost("/", async (CreatePurchaseOrder.Request request, CreatePurchaseOrder.Handler handler, CancellationToken ct) =>
        {
            var order = await handler.HandleAsync(request, ct);
            return TypedResults.Created($"/api/purchase-orders/{order.Id}", order);
        }).Requires(Permission.PurchaseOrders);
        orders.MapGet("/", (ListPurchaseOrders.Handler handler, CancellationToken ct) => handler.HandleAsync(ct));
        orders.MapGet("/{id:int}", (int id, GetPurchaseOrder.Handler handler, CancellationToken ct) => handler.HandleAsync(id, ct));
        orders.MapPost("/{id:int}/approve", (int id, ChangePurchaseOrderStatus.Handler handler, CancellationToken ct) =>
            handler.ApproveAsync(id, ct)).Requires(Permission.PurchaseOrders);
        orders.MapPost("/{id:int}/complete", (int id, ChangePurchaseOrderStatus.Handler handler, CancellationToken ct) =>
            handler.CompleteAsync(id, ct)).Requires(Permission.PurchaseOrders);
        orders.MapPost("/{id:int}/receipts", async (int id, ReceivePurchaseOrder.Request request, ReceivePurchaseOrder.Handler handler, CancellationToken ct) =>
        {
            var receipt = await handler.HandleAsync(id, request, ct);
            return TypedResults.Created($"/api/purchase-orders/{id}", receipt);
        }).Requires(Permission.Receiving);
        orders.MapPost("/{id:int}/landed-costs", (int id, AddLandedCost.Request request, AddLandedCost.Handler handler, CancellationToken ct) =>
            handler.HandleAsync(id, request, ct)).Requires(Permission.PurchaseOrders);
        orders.MapPost("/{id:int}/serial-corrections", (int id, CorrectReceivedSerial.Request request, CorrectReceivedSerial.Handler handler, CancellationToken ct) =>
            handler.HandleAsync(id, request, ct)).Requires(Permission.Receiving);
    }
}
