using Stocktrail.Domain;
using Stocktrail.Features.Users;
namespace Stocktrail.Features.Transfers;

public static class StockTransfersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var transfers = api.MapGroup("/stock-transfers").WithTags("Stock transfers");
        transfers.MapPost("/", async (TransferStock.Request request, TransferStock.Handler handler, CancellationToken ct) =>
        {
            var transfer = await handler.HandleAsync(request, ct);
            return TypedResults.Created($"/api/stock-transfers/{transfer.Id}", transfer);
        }).Requires(Permission.StockControl);
        transfers.MapGet("/{id:int}", (int id, GetStockTransfer.Handler handler, CancellationToken ct) => handler.HandleAsync(id, ct));
    }
}
