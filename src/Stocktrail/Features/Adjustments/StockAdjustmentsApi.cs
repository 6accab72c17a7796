using Stocktrail.Domain;
using Stocktrail.Features.Users;
namespace Stocktrail.Features.Adjustments;

public static class StockAdjustmentsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var adjustments = api.MapGroup("/stock-adjustments").WithTags("Stock adjustments");
        adjustments.MapPost("/", async (AdjustStock.Request request, AdjustStock.Handler handler, CancellationToken ct) =>
        {
            var adjustment = await handler.HandleAsync(request, ct);
            return TypedResults.Created($"/api/stock-adjustments/{adjustment.Id}", adjustment);
        }).Requires(Permission.StockControl);
        adjustments.MapGet("/{id:int}", (int id, GetStockAdjustment.Handler handler, CancellationToken ct) => handler.HandleAsync(id, ct));
    }
}
