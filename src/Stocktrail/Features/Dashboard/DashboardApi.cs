using Microsoft.AspNetCore.Http.HttpResults;
using Stocktrail.Web;

namespace Stocktrail.Features.Dashboard;

/// <summary>The stock dashboard: levels, incoming and value per product; its movement history; where each serial is.</summary>
public static class DashboardApi
{
    /// <summary>What the lists of a product say of their paging (the same as the document lists').</summary>
    public const string PagingByKey = "Pass an answer's next as after for the page that follows (or page=2, 3, … for numbered pages, slower " +
        "deep in a long list); no next means the last page. Pass its prev as before for the page just before it; no prev means the first page. " +
        "There is no total: counting every row would cost more than the page.";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/stock", async Task<Ok<StockOverview.Result>> (string? search, bool? showEmpty, string? after, string? before, int? pageSize, StockOverview.Handler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(search, showEmpty ?? false, after, before, pageSize, ct)))
            .WithTags("Stock dashboard").Describe("ListStock", "List the stock of every product",
                "The dashboard's table: per product in SKU order, on hand per warehouse, incoming on approved orders and value; products with nothing " +
                "on hand or incoming only with showEmpty=true; search= a text the SKU or name contains. 100 a page unless pageSize says (at most 1,000). " +
                "totalValue is the value of every product the search matches, the same on every page. " + PagingByKey);
        var products = api.MapGroup("/products/{id:int}").WithTags("Stock dashboard");
        products.MapGet("/stock", async Task<Ok<ProductStock.Result>> (int id, ProductStock.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, ct))).Describe("GetProductStock", "Get a product's stock", "On hand, value and incoming, in all and per warehouse.");
        products.MapGet("/movements", async Task<Ok<ProductMovements.Result>> (int id, int? warehouseId, string? after, string? before, int? page, int? pageSize, ProductMovements.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, warehouseId, after, page, pageSize, ct, before)))
            .Describe("ListProductMovements", "List a product's movements", "The ledger rows of one product, newest first; a serialized unit is one row. " +
                "100 a page unless pageSize says (at most 10,000). " + PagingByKey);
        products.MapGet("/serials", async Task<Ok<ProductSerials.Result>> (int id, string? status, int? warehouseId, string? search, string? after, string? before, int? page, int? pageSize, ProductSerials.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, status, warehouseId, search, after, page, pageSize, ct, before)))
            .Describe("ListProductSerials", "List a product's serials", "In serial order; status=InStock or Out, search= a text the serial contains. " +
                "1,000 a page unless pageSize says (at most 10,000). " + PagingByKey);
        // A serial may hold '/', '%', '#', '?' and spaces: it is read from the raw path (Web/RawRoute.cs).
        products.MapGet("/serials/{serial}", async Task<Ok<SerialDetail.Result>> (int id, string serial, HttpContext http, SerialDetail.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, Web.RawRoute.Segment(http, 0, serial), ct)))
            .Describe("GetProductSerial", "Get a serial of a product", "Where it is, its cost and its history.");
        products.MapGet("/batches", async Task<Ok<ProductBatches.Result>> (int id, int? warehouseId, ProductBatches.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, warehouseId, ct))).Describe("ListProductBatches", "List a product's batches");

        api.MapGet("/serials/{serial}", async Task<Ok<SerialLookup.Result>> (string serial, HttpContext http, SerialLookup.Handler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(Web.RawRoute.Segment(http, 0, serial), ct)))
            .WithTags("Stock dashboard").Describe("FindSerial", "Find a serial across products");
    }
}
