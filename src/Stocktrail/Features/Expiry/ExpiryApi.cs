using Microsoft.AspNetCore.Http.HttpResults;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Expiry;

/// <summary>Batch expiry: changing a batch's date, the expiry report, and the notices of batches coming within the window.</summary>
public static class ExpiryApi
{
    public static void AddExpiry(IServiceCollection services)
    {
        services.AddSingleton<ExpiryNoticeOptions>();
        services.AddHostedService<ExpiryNotices>();
    }

    public static void Map(RouteGroupBuilder api)
    {
        // A batch code may hold '/', '%', '#', '?' and spaces: it is read from the raw path (Web/RawRoute.cs).
        api.MapPatch("/products/{id:int}/batches/{batch}", async Task<Ok<ChangeBatchExpiry.BatchExpiryDto>> (int id, string batch, HttpContext http,
                ChangeBatchExpiry.Request request, ChangeBatchExpiry.Handler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(id, RawRoute.Segment(http, 0, batch), request, ct)))
            .Requires(Permission.StockControl).WithTags("Products")
            .Describe("ChangeBatchExpiry", "Change a batch's expiry date", "One date per batch of a product; null takes the date away. The batch must have been in stock.")
            .WithRequestExample("""{"expiresOn": "2027-03-31"}""");
        api.MapGet("/reports/expiry", async Task<Results<Ok<ExpiryReport.Result>, FileContentHttpResult>> (int? withinDays, int? warehouseId, string? format,
                ExpiryReport.Handler handler, CancellationToken ct) =>
                Reports.ReportsApi.Answer(await handler.HandleAsync(withinDays, warehouseId, ct), r => r.Items, format, "expiry.csv"))
            .WithTags("Reports")
            .Describe("ExpiryReport", "Batch expiry", "Batches in stock expiring within withinDays (default 30) of today in the business's time zone, expired ones included (negative daysLeft).")
            .ProducesFile("text/csv");
    }
}
