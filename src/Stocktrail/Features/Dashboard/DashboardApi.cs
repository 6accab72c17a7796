namespace Stocktrail.Features.Dashboard;

/// <summary>The stock dashboard: levels, incoming and value per product; its movement history; where each serial is.</summary>
public static class DashboardApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var products = api.MapGroup("/products/{id:int}").WithTags("Stock dashboard");
        products.MapGet("/stock", (int id, ProductStock.Handler handler, CancellationToken ct) => handler.HandleAsync(id, ct));
        products.MapGet("/movements", (int id, int? warehouseId, int? page, int? pageSize, ProductMovements.Handler handler, CancellationToken ct) =>
            handler.HandleAsync(id, warehouseId, page ?? 1, pageSize ?? ProductMovements.DefaultPageSize, ct));
        products.MapGet("/serials", (int id, string? status, int? warehouseId, string? search, int? page, int? pageSize, ProductSerials.Handler handler, CancellationToken ct) =>
            handler.HandleAsync(id, status, warehouseId, search, page ?? 1, pageSize ?? ProductSerials.DefaultPageSize, ct));
        // A serial may hold '/', '%', '#', '?' and spaces: it is read from the raw path (Web/RawRoute.cs).
        products.MapGet("/serials/{serial}", (int id, string serial, HttpContext http, SerialDetail.Handler handler, CancellationToken ct) =>
            handler.HandleAsync(id, Web.RawRoute.Segment(http, 0, serial), ct));
        products.MapGet("/batches", (int id, int? warehouseId, ProductBatches.Handler handler, CancellationToken ct) =>
            handler.HandleAsync(id, warehouseId, ct));

        api.MapGet("/serials/{serial}", (string serial, HttpContext http, SerialLookup.Handler handler, CancellationToken ct) =>
                handler.HandleAsync(Web.RawRoute.Segment(http, 0, serial), ct))
            .WithTags("Stock dashboard");
    }
}
