using Microsoft.AspNetCore.Http.HttpResults;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;
using Stocktrail.Web;
namespace Stocktrail.Features.Adjustments;

public static class StockAdjustmentsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var adjustments = api.MapGroup("/stock-adjustments").WithTags("Stock adjustments");
        adjustments.MapPost("/", async Task<Created<StockAdjustmentDto>> (AdjustStock.Request request, AdjustStock.Handler handler, CancellationToken ct) =>
        {
            var adjustment = await handler.HandleAsync(request, ct);
            return TypedResults.Created($"/api/stock-adjustments/{adjustment.Id}", adjustment);
        }).Requires(Permission.StockControl).Describe("AdjustStock", "Adjust stock", "Lines in (found, at a unit cost) and out (lost, at cost), posted at once.")
            .WithRequestExample("""{"warehouseId": 1, "reason": "Damaged in handling", "lines": [{"productId": 1, "direction": "Out", "quantity": 1, "serials": ["SN-0003"]}, {"productId": 2, "direction": "In", "quantity": 4, "unitCost": 2.5}]}""");
        adjustments.MapGet("/", ([AsParameters] DocumentFilter filter, string? format, ListStockAdjustments.Handler handler, CancellationToken ct) =>
            {
                var query = new ListStockAdjustments.Query(filter);
                return DocumentLists.AnswerAsync(format, () => handler.PageAsync(query, ct), () => handler.All(query), "stock-adjustments.csv");
            }).Describe("ListStockAdjustments", "List stock adjustments", DocumentLists.Description)
            .ProducesFile("text/csv");
        adjustments.MapGet("/{id:int}", async Task<Ok<StockAdjustmentDto>> (int id, GetStockAdjustment.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, ct))).Describe("GetStockAdjustment", "Get a stock adjustment");
        adjustments.MapGet("/{id:int}/lines/{lineId:int}/serials", async Task<Ok<LineSerials.Result>> (int id, int lineId, string? after, int? pageSize,
                LineSerials.Handler handler, CancellationToken ct) => TypedResults.Ok(await handler.StockAdjustmentLineAsync(id, lineId, after, pageSize, ct)))
            .Describe("ListStockAdjustmentLineSerials", "List an adjustment line's serials", LineSerials.Description("the line moved in or out"));
    }
}
