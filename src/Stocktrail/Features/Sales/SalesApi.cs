using Microsoft.AspNetCore.Http.HttpResults;
using Stocktrail.Domain;
using Stocktrail.Features.Users;

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
        }).Requires(Permission.Sales);
        sales.MapGet("/", async Task<Ok<ListStockSales.Result>> (ListStockSales.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(ct)));
        sales.MapGet("/{id:int}", async Task<Ok<StockSaleDto>> (int id, GetStockSale.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, ct)));
        sales.MapPost("/{id:int}/dispatches", async Task<Created<StockSaleMovedDto>> (int id, DispatchStockSale.Request request, DispatchStockSale.Handler handler, CancellationToken ct) =>
            TypedResults.Created($"/api/stock-sales/{id}", await handler.HandleAsync(id, request, ct))).Requires(Permission.Dispatch);
        sales.MapPost("/{id:int}/complete", async Task<Ok<StockSaleDto>> (int id, CompleteStockSale.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, ct))).Requires(Permission.Sales);
        sales.MapPost("/{id:int}/returns", async Task<Created<StockSaleMovedDto>> (int id, ReturnStockSale.Request request, ReturnStockSale.Handler handler, CancellationToken ct) =>
            TypedResults.Created($"/api/stock-sales/{id}", await handler.HandleAsync(id, request, ct))).Requires(Permission.Dispatch);
    }
}
