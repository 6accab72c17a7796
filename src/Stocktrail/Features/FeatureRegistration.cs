using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;

namespace Stocktrail.Features;

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
        StockTakes.ImportJobs.AddStockTakeImports(services);
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection("Stocktrail:CountSheet").Get<StockTakes.SheetLimits>() ?? new StockTakes.SheetLimits());
        return services;
    }

    public static WebApplication MapFeatures(this WebApplication app)
    {
        app.MapGet("/health", async (StocktrailDbContext db, CancellationToken ct) =>
            await db.Database.CanConnectAsync(ct)
                ? Results.Ok(new { status = "Healthy" })
                : Results.Problem("The database cannot be reached.", statusCode: StatusCodes.Status503ServiceUnavailable)).AllowAnonymous();

        // Everyone signed in may read; each change requires its row of the role table where it is mapped.
        var api = app.MapGroup("/api")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
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
        StockTakes.StockTakesApi.Map(api);
        Users.UsersApi.Map(api);
        Audit.AuditApi.Map(api);
        Labels.LabelsApi.Map(api);
        DeliveryNotes.DeliveryNotesApi.Map(api);
        return app;
    }
}
