using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Operations;

/// <summary>
/// Stocktrail's own metrics, meter <see cref="MeterName"/>: documents posted to the ledger (by kind), serialized units
/// moved (in or out), and the length of the background job queue. With ASP.NET Core's and Kestrel's built-in meters
/// (request durations as <c>http.server.request.duration</c>) they are exported by OpenTelemetry over OTLP when
/// <c>Stocktrail:Telemetry:OtlpEndpoint</c> is set (or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>).
/// </summary>
public static class StocktrailMetrics
{
    public const string MeterName = "Stocktrail";

    // One meter for the process, as the ledger writer appends without a service to carry it.
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Documents = Meter.CreateCounter<long>("stocktrail.documents.posted", "{document}", "Documents whose posting was appended to the ledger.");
    private static readonly Counter<long> SerialUnits = Meter.CreateCounter<long>("stocktrail.serial_units.moved", "{unit}", "Serialized units moved in or out of stock.");

    /// <summary>Called once per posting appended to the ledger.</summary>
    public static void Posted(Posting posting)
    {
        var kind = posting.Sources.Select(s => (SourceType?)s.Type).FirstOrDefault();
        Documents.Add(1, new KeyValuePair<string, object?>("document.kind", kind?.ToString() ?? "none"));
        var unitsIn = posting.SerialsIn.Sum(s => s.Units.Count);
        var unitsOut = posting.SerialsOut.Sum(s => s.Units.Count);
        if (unitsIn > 0) SerialUnits.Add(unitsIn, new KeyValuePair<string, object?>("direction", "in"));
        if (unitsOut > 0) SerialUnits.Add(unitsOut, new KeyValuePair<string, object?>("direction", "out"));
    }

    /// <summary>
    /// The job queue gauge, <c>stocktrail.jobs.queue_length</c>: jobs waiting to run. Reads the <c>BackgroundJobs</c>
    /// table through <see cref="JobQueueLength"/>; a durable job store that keeps its queue elsewhere replaces that
    /// one function (the hook), and the gauge follows.
    /// </summary>
    public sealed class JobQueue : IDisposable
    {
        private readonly Meter _meter;

        public JobQueue(IMeterFactory meters, IServiceScopeFactory scopes)
        {
            _meter = meters.Create(MeterName);
            _meter.CreateObservableGauge("stocktrail.jobs.queue_length", () => JobQueueLength(scopes), "{job}", "Background jobs waiting to run.");
        }

        public void Dispose() => _meter.Dispose();
    }

    /// <summary>The hook of the job queue gauge: how many jobs wait to run now.</summary>
    public static long JobQueueLength(IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
        return db.BackgroundJobs.LongCount(j => j.Status == BackgroundJobStatus.Queued);
    }

    public static void AddTo(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<JobQueue>();
        var endpoint = builder.Configuration["Stocktrail:Telemetry:OtlpEndpoint"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint)) return;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("stocktrail"))
            .WithMetrics(m => m
                .AddMeter(MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing")
                .AddOtlpExporter(o => o.Endpoint = new Uri(endpoint)));
    }
}
