using System.Net.Http.Json;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Jobs;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Jobs;
using Stocktrail.Tests.StockTakes;

namespace Stocktrail.Tests.Postgres;

public sealed class JobsOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public async Task Nodes_claiming_at_once_each_get_a_job_of_their_own()
    {
        const string kind = "ClaimRace";
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
            db.BackgroundJobs.AddRange(Enumerable.Range(0, 40).Select(_ => new BackgroundJob(kind, null, DateTime.UtcNow)));
            await db.SaveChangesAsync();
        }

        var claims = new ConcurrentBag<(long Job, string Node)>();
        var start = new Barrier(8);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
        {
            var node = $"node-{n}";
            await using var scope = Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
            start.SignalAndWait();
            while (await Leases.ClaimAsync(db, "BackgroundJobs", $"\"Kind\" = '{kind}' AND \"Status\" = 'Queued'", "Running", node,
                       DateTime.UtcNow, DateTime.UtcNow.AddMinutes(1), CancellationToken.None) is { } id)
                claims.Add((id, node));
        })));

        Assert.Equal(40, claims.Count);
        Assert.Equal(40, claims.Select(c => c.Job).Distinct().Count());
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var rows = await scope.ServiceProvider.GetRequiredService<StocktrailDbContext>().BackgroundJobs.AsNoTracking()
                .Where(j => j.Kind == kind).ToDictionaryAsync(j => (long)j.Id);
            Assert.All(claims, c =>
            {
                Assert.Equal(c.Node, rows[c.Job].LeaseOwner);
                Assert.Equal(1, rows[c.Job].Attempts);
                Assert.Equal(BackgroundJobStatus.Running, rows[c.Job].Status);
            });
        }
    }

    [PostgresFact]
    public async Task A_job_whose_node_died_is_taken_over_on_postgres()
    {
        var (warehouse, product, take, sheet) = await Api.CountedTake("PD", 20);
        var jobId = await JobsTestApi.JobOfADeadNode(Factory, take, sheet, attempts: 1);

        var job = await Api.WaitForJob(jobId);

        Assert.Equal("Succeeded", (string)job["status"]!);
        Assert.Equal(2, job["result"]!["variances"]!.AsArray().Count);
        await Api.CompleteStockTake(take);
        Assert.Equal(18m, await Api.OnHand(product, warehouse));
        await Api.AssertLedgerConsistent();
    }
}

/// <summary>
/// Two real app processes on one PostgreSQL database: a background import started on one, that node killed with
/// kill -9 while it runs the import, and the other node finishing the job, well within a minute (leases of 3 s here).
/// </summary>
public sealed class ImportNodeKilledOnPostgresTests : IAsyncLifetime
{
    private readonly string _database = $"stocktrail_test_{Guid.NewGuid():N}";
    private readonly string _key = TestUsers.NewBootstrapKey();
    private readonly List<AppProcess> _nodes = [];
    private bool _created;

    private string ConnectionString => new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = _database }.ToString();

    public Task InitializeAsync() => Task.CompletedTask;

    private async Task<AppProcess> StartNode()
    {
        if (!_created) PostgresServer.Execute($"CREATE DATABASE \"{_database}\"");
        _created = true;
        var node = await AppProcess.StartAsync(AppProcess.Postgres(ConnectionString), _key,
            new Dictionary<string, string> { ["Stocktrail__Jobs__LeaseSeconds"] = "3" });
        _nodes.Add(node);
        return node;
    }

    [PostgresFact]
    public async Task An_import_whose_node_is_killed_is_finished_by_the_other_node()
    {
        var first = await StartNode();
        var second = await StartNode();
        var api = new Api(first.Client);
        var (warehouse, product, take, sheet) = await api.CountedTake("KN", 30000);

        var response = await api.ImportCsv(take, sheet, background: true);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = (int)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;

        // Whichever node claimed the job (the lease owner names its process) is killed while it runs it.
        var owner = await RunningOwner(jobId);
        var (dead, alive) = owner.Contains($"/{first.ProcessId}/") ? (first, second) : (second, first);
        Assert.Contains($"/{dead.ProcessId}/", owner);
        dead.Kill();

        var survivor = new Api(alive.Client);
        var job = await survivor.WaitForJob(jobId, TimeSpan.FromMinutes(1));
        Assert.True((string)job["status"]! == "Succeeded", $"The job ended {job["status"]}: {job}\nThe survivor's log:\n{alive.Output}");
        Assert.Equal(3000, job["result"]!["variances"]!.AsArray().Count);
        Assert.Contains("taken over", alive.Output);
        // The survivor may still be busy finishing up after the takeover: a 503 says try again, as any client would.
        for (var attempt = 1; ; attempt++)
        {
            using var complete = await survivor.Http.PostAsJsonAsync($"/api/stock-takes/{take}/complete", new { });
            if (complete.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 10) { await Task.Delay(TimeSpan.FromSeconds(2)); continue; }
            Assert.True(complete.StatusCode == HttpStatusCode.OK, $"Completing answered {(int)complete.StatusCode}: {await complete.Content.ReadAsStringAsync()}");
            break;
        }
        Assert.Equal(27000m, await survivor.OnHand(product, warehouse));
        await survivor.AssertLedgerConsistent();
    }

    /// <summary>The lease owner of the job once a node runs it; fails if it ended before a node could be killed.</summary>
    private async Task<string> RunningOwner(int jobId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            await using var command = new NpgsqlCommand("SELECT \"Status\", \"LeaseOwner\" FROM \"BackgroundJobs\" WHERE \"Id\" = @id", connection);
            command.Parameters.AddWithValue("id", jobId);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var status = reader.GetString(0);
            if (status == "Running") return reader.GetString(1);
            Assert.True(status == "Queued", $"The job was {status} before a node could be killed mid-import; make the sheet larger.");
            await Task.Delay(10);
        }
        throw new TimeoutException("No node started the job within a minute.");
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        if (!_created) return;
        NpgsqlConnection.ClearAllPools();
        PostgresServer.DropDatabase(_database);
    }
}
