using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stocktrail.Data;
using Stocktrail.Features.Operations;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Operations;

public sealed class HealthAndMetricsTests(StocktrailFactory factory) : ApiTest(factory)
{
    private async Task<(HttpStatusCode Status, JsonNode Body)> Probe(string path)
    {
        using var anonymous = Factory.CreateDefaultClient();
        var response = await anonymous.GetAsync(path);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task Live_and_ready_answer_without_a_key_and_ready_names_the_schema_version()
    {
        var live = await Probe("/health/live");
        var ready = await Probe("/health/ready");
        var old = await Probe("/health");

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal("Healthy", (string)live.Body["status"]!);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        var database = ready.Body["checks"]!["database"]!["data"]!;
        using var scope = Factory.Services.CreateScope();
        var last = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>().Database.GetMigrations().Last();
        Assert.Equal(last, (string)database["schemaVersion"]!);
        Assert.Equal(last, (string)database["latestMigration"]!);
        Assert.Empty(database["pendingMigrations"]!.AsArray());
        Assert.Equal("Sqlite", (string)database["provider"]!);
        Assert.Equal(HttpStatusCode.OK, old.Status);
        Assert.Equal("Healthy", (string)old.Body["status"]!);
    }

    [Fact]
    public async Task Ready_answers_503_naming_a_migration_the_database_lacks_while_live_stays_up()
    {
        using var scope = Factory.Services.CreateScope();
        var last = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>().Database.GetMigrations().Last();
        await using var db = new SqliteConnection($"Data Source={Factory.DatabasePath};Pooling=False");
        await db.OpenAsync();
        string product;
        await using (var read = db.CreateCommand())
        {
            read.CommandText = $"SELECT \"ProductVersion\" FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{last}'";
            product = (string)(await read.ExecuteScalarAsync())!;
        }
        await Run(db, $"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{last}'");
        try
        {
            var ready = await Probe("/health/ready");
            var live = await Probe("/health/live");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
            Assert.Equal("Unhealthy", (string)ready.Body["status"]!);
            Assert.Contains(last, (string)ready.Body["checks"]!["database"]!["description"]!);
            Assert.Equal([last], ready.Body["checks"]!["database"]!["data"]!["pendingMigrations"]!.AsArray().Select(m => (string)m!));
            Assert.Equal(HttpStatusCode.OK, live.Status);
        }
        finally
        {
            await Run(db, $"INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('{last}', '{product}')");
        }
    }

    [Fact]
    public async Task A_receipt_is_counted_as_a_document_posted_and_its_serials_as_units_moved_in()
    {
        var (documents, units) = (0L, 0L);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == StocktrailMetrics.MeterName && instrument.Meter.Scope is null) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var kind = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString());
            if (instrument.Name == "stocktrail.documents.posted" && kind.GetValueOrDefault("document.kind") == "PurchaseOrder") Interlocked.Add(ref documents, value);
            if (instrument.Name == "stocktrail.serial_units.moved" && kind.GetValueOrDefault("direction") == "in") Interlocked.Add(ref units, value);
        });
        listener.Start();

        var warehouse = await Api.Warehouse();
        await Api.SerialsInStock(warehouse, 10m, Api.Unique("M"), Api.Unique("M"), Api.Unique("M"));

        Assert.True(Interlocked.Read(ref documents) >= 1, "No document was counted as posted.");
        Assert.True(Interlocked.Read(ref units) >= 3, $"{units} serial units were counted as moved in, not 3.");
    }

    [Fact]
    public void The_job_queue_gauge_reports_the_jobs_waiting_in_the_database()
    {
        var meters = Factory.Services.GetRequiredService<IMeterFactory>();
        long? reported = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "stocktrail.jobs.queue_length" && instrument.Meter.Scope == meters) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => reported = value);
        listener.Start();

        listener.RecordObservableInstruments();

        using var scope = Factory.Services.CreateScope();
        var queued = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>().BackgroundJobs.LongCount(j => j.Status == Stocktrail.Domain.BackgroundJobStatus.Queued);
        Assert.Equal(queued, reported);
    }

    private static async Task Run(SqliteConnection db, string sql)
    {
        await using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}
