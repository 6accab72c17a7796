using Microsoft.AspNetCore.Http.HttpResults;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;
using Stocktrail.Web;
namespace Stocktrail.Features.Transfers;

public static class StockTransfersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var transfers = api.MapGroup("/stock-transfers").WithTags("Stock transfers");
        transfers.MapPost("/", async Task<Created<StockTransferDto>> (TransferStock.Request request, TransferStock.Handler handler, CancellationToken ct) =>
        {
            var transfer = await handler.HandleAsync(request, ct);
            return TypedResults.Created($"/api/stock-transfers/{transfer.Id}", transfer);
        }).Requires(Permission.StockControl).Describe("TransferStock", "Transfer stock between warehouses", "The units move at their own cost.")
            .WithRequestExample("""{"fromWarehouseId": 1, "toWarehouseId": 2, "lines": [{"productId": 1, "quantity": 2, "serials": ["SN-0004", "SN-0005"]}, {"productId": 2, "quantity": 10, "batches": [{"batch": "B-2026-11", "quantity": 10}]}]}""");
        transfers.MapGet("/", ([AsParameters] DocumentFilter filter, string? format, ListStockTransfers.Handler handler, CancellationToken ct) =>
            {
                var query = new ListStockTransfers.Query(filter);
                return DocumentLists.AnswerAsync(format, () => handler.PageAsync(query, ct), () => handler.All(query), "stock-transfers.csv");
            }).Describe("ListStockTransfers", "List stock transfers", DocumentLists.Description + " warehouseId matches either end.")
            .ProducesFile("text/csv");
        transfers.MapGet("/{id:int}", async Task<Ok<StockTransferDto>> (int id, GetStockTransfer.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, ct))).Describe("GetStockTransfer", "Get a stock transfer");
        transfers.MapGet("/{id:int}/lines/{lineId:int}/serials", async Task<Ok<LineSerials.Result>> (int id, int lineId, string? after, int? pageSize,
                LineSerials.Handler handler, CancellationToken ct) => TypedResults.Ok(await handler.StockTransferLineAsync(id, lineId, after, pageSize, ct)))
            .Describe("ListStockTransferLineSerials", "List a transfer line's serials", LineSerials.Description("the line moved"));
    }
}
