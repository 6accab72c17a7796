using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Stocktrail.Data;

namespace Stocktrail.Features.Operations;

/// <summary>
/// Probes for whoever runs the app. <c>/health/live</c>: the process answers (restart it when it does not).
/// <c>/health/ready</c>: it can take work: the database answers and its schema is this version's (the last applied
/// migration is the app's last, none pending); 503 otherwise, so a load balancer sends nothing yet.
/// <c>GET /health</c> stays the database probe it always was.
/// </summary>
public static class Health
{
    public const string Ready = "ready";

    public static void Map(WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync }).AllowAnonymous();
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        }, JsonSerializerOptions.Web));
    }

    /// <summary>The database answers, and which migrations it has: the schema version is the last one applied.</summary>
    public sealed class DatabaseCheck(StocktrailDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            if (!await db.Database.CanConnectAsync(ct)) return HealthCheckResult.Unhealthy("The database cannot be reached.");
            var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
            var pending = db.Database.GetMigrations().Except(applied).ToList();
            var data = new Dictionary<string, object>
            {
                ["provider"] = db.Database.IsNpgsql() ? "Postgres" : "Sqlite",
                ["schemaVersion"] = applied.LastOrDefault() ?? "",
                ["latestMigration"] = db.Database.GetMigrations().LastOrDefault() ?? "",
                ["pendingMigrations"] = pending,
            };
            return pending.Count == 0
                ? HealthCheckResult.Healthy("The database answers and its schema is up to date.", data)
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied yet: {string.Join(", ", pending)}.", data: data);
        }
    }
}
