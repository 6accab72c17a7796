using Stocktrail.Web;

namespace Stocktrail.Features.Operations;

/// <summary>What whoever runs Stocktrail needs: probes, metrics, key expiry, and an orderly stop (docs/operations.md).</summary>
public static class OperationsSetup
{
    public static WebApplicationBuilder AddStocktrailOperations(this WebApplicationBuilder builder)
    {
        // On SIGTERM the host stops taking requests and lets those in flight finish for at most this long.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = builder.Configuration.GetValue("Stocktrail:ShutdownTimeout", TimeSpan.FromSeconds(30)));
        builder.Services.AddHealthChecks().AddCheck<Health.DatabaseCheck>("database", tags: [Health.Ready]);
        StocktrailMetrics.AddTo(builder);
        IdempotencySweep.AddTo(builder.Services, builder.Configuration);
        return builder;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        Health.Map(app);
        // Made now, so the job queue gauge is there from the start whether or not anything exports it.
        app.Services.GetRequiredService<StocktrailMetrics.JobQueue>();
        return app;
    }
}
