using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Web;

namespace Stocktrail.Features;

/// <summary>What the health probe answers.</summary>
public sealed record HealthDto(string Status);

public static class FeatureRegistration
{
    /// <summary>Every use case's <c>Handler</c> class, scoped, so that API endpoints and pages share them.</summary>
    public static IServiceCollection AddFeatureHandlers(this IServiceCollection services)
    {
        var handlers = typeof(FeatureRegistration).Assembly.GetTypes()
            .Where(t => t is { Name: "Handler", IsClass: true, IsAbstract: false, IsNested: true } && t.Namespace!.StartsWith("Stocktrail.Features", StringComparison.Ordinal));
        foreach (var handler in handlers) services.AddScoped(handler);
        services.AddSingleton<Shared.SerialLimit>();
        services.AddScoped<Shared.StockPicker>();
        services.AddScoped<Shared.ReturnPicker>();
        services.AddScoped<Shared.BatchDates>();
        Expiry.ExpiryApi.AddExpiry(services);
        StockTakes.ImportJobs.AddStockTakeImports(services);
        Snapshots.StockSnapshots.AddStockSnapshots(services);
        Webhooks.WebhooksApi.AddWebhooks(services);
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection("Stocktrail:CountSheet").Get<StockTakes.SheetLimits>() ?? new StockTakes.SheetLimits());
        return services;
    }

    public static WebApplication MapFeatures(this WebApplication app)
    {
        app.MapGet("/health", async Task<Results<Ok<HealthDto>, ProblemHttpResult>> (StocktrailDbContext db, CancellationToken ct) =>
            await db.Database.CanConnectAsync(ct)
                ? TypedResults.Ok(new HealthDto("Healthy"))
                : TypedResults.Problem("The database cannot be reached.", statusCode: StatusCodes.Status503ServiceUnavailable)).AllowAnonymous()
            .Describe("GetHealth", "Health probe", "200 when the service can reach its database, 503 when it cannot.")
            .Produces<ApiProblem>(StatusCodes.Status503ServiceUnavailable, OpenApiContract.ProblemMediaType).WithTags("Health");

        // Everyone signed in may read; each change requires its row of the role table where it is mapped.
        // Every problem answer is declared here; the OpenAPI document keeps those that apply to each operation.
        var api = app.MapGroup("/api")
            .RequireAuthorization()
            .ProducesProblems();
        Products.ProductsApi.Map(api);
        Warehouses.WarehousesApi.Map(api);
        Parties.PartiesApi.Map(api);
        Receiving.PurchaseOrdersApi.Map(api);
        Projects.ProjectsApi.Map(api);
        Production.ProductionApi.Map(api);
        Sales.SalesApi.Map(api);
        Tracing.TracingApi.Map(api);
        Reports.ReportsApi.Map(api);
        Adjustments.StockAdjustmentsApi.Map(api);
        Transfers.StockTransfersApi.Map(api);
        Dashboard.DashboardApi.Map(api);
        Reconciliation.ReconciliationApi.Map(api);
        Snapshots.StockSnapshots.Map(api);
        StockTakes.StockTakesApi.Map(api);
        Jobs.JobsApi.Map(api);
        Webhooks.WebhooksApi.Map(api);
        Users.UsersApi.Map(api);
        Audit.AuditApi.Map(api);
        Labels.LabelsApi.Map(api);
        DeliveryNotes.DeliveryNotesApi.Map(api);
        Expiry.ExpiryApi.Map(api);
        return app;
    }
}
