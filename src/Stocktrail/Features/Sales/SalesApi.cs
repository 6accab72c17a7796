using Microsoft.AspNetCore.Http.HttpResults;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Sales;

/// <summary>Stock sales: created with priced lines, dispatched in parts (or completed in one step), and returned by customers.</summary>
public static class SalesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var sales = api.MapGroup("/stock-sales").WithTags("Stock sales");
        sales.MapPost("/", async Task<Created<StockSaleDto>> (CreateStockSale.Request request, CreateStockSale.Handler handler, CancellationToken ct) =>
        {
            var sale = await handler.HandleAsync(request, ct);
            return TypedResults.Created($"/api/stock-sales/{sale.Id}", sale);
        }).Requires(Permission.Sales).Describe("CreateStockSale", "Create a stock sale")
            .WithRequestExample("""{"customerId": 1, "warehouseId": 1, "lines": [{"productId": 1, "quantity": 2, "unitPrice": 30}]}""");
        sales.MapGet("/", (StockSaleStatus? status, int? customerId, [AsParameters] DocumentFilter filter, string? format, ListStockSales.Handler handler, CancellationToken ct) =>
            {
                var query = new ListStockSales.Query(status, customerId, filter);
                return DocumentLists.AnswerAsync(format, () => handler.PageAsync(query, ct), () => handler.All(query), "stock-sales.csv");
            }).Describe("ListStockSales", "List stock sales", DocumentLists.Description)
            .ProducesFile("text/csv");
        sales.MapGet("/{id:int}", async Task<Ok<StockSaleDto>> (int id, GetStockSale.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, ct))).Describe("GetStockSale", "Get a stock sale");
        sales.MapGet("/{id:int}/lines/{lineId:int}/serials", async Task<Ok<LineSerials.Result>> (int id, int lineId, string? after, int? pageSize,
                LineSerials.Handler handler, CancellationToken ct) => TypedResults.Ok(await handler.StockSaleLineAsync(id, lineId, after, pageSize, ct)))
            .Describe("ListStockSaleLineSerials", "List a sale line's serials", LineSerials.Description("dispatched on the line and with the customer now"));
        sales.MapPost("/{id:int}/dispatches", async Task<Created<StockSaleMovedDto>> (int id, DispatchStockSale.Request request, DispatchStockSale.Handler handler, CancellationToken ct) =>
            TypedResults.Created($"/api/stock-sales/{id}", await handler.HandleAsync(id, request, ct))).Requires(Permission.Dispatch)
            .Describe("DispatchStockSale", "Dispatch a stock sale", "Stock falls at cost; serialized lines name the serials that leave.")
            .WithRequestExample("""{"lines": [{"lineId": 1, "quantity": 1, "serials": ["SN-0002"]}]}""");
        sales.MapPost("/{id:int}/complete", async Task<Ok<StockSaleDto>> (int id, CompleteStockSale.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, ct))).Requires(Permission.Sales)
            .Describe("CompleteStockSale", "Complete a stock sale", "Dispatches what is left and closes the sale; refused with 409 for a sale with serialized lines.");
        sales.MapPost("/{id:int}/returns", async Task<Created<StockSaleMovedDto>> (int id, ReturnStockSale.Request request, ReturnStockSale.Handler handler, CancellationToken ct) =>
            TypedResults.Created($"/api/stock-sales/{id}", await handler.HandleAsync(id, request, ct))).Requires(Permission.Dispatch)
            .Describe("ReturnStockSale", "Take a customer return", "Dispatched units come back in at the cost they left at.")
            .WithRequestExample("""{"lines": [{"lineId": 1, "quantity": 1, "serials": ["SN-0002"]}]}""");
    }
}
