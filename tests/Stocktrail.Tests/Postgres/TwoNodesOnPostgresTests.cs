using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Sales;

namespace Stocktrail.Tests.Postgres;

/// <summary>
/// Two real app processes on one PostgreSQL database, as two nodes behind a load balancer: made once for the class
/// (each start takes seconds) and shared by its tests. Node A starts first on the empty database (it migrates and
/// makes admin from the bootstrap key); node B starts on the same database with the same key.
/// </summary>
public sealed class TwoNodes : IAsyncLifetime
{
    private readonly string _database = $"stocktrail_test_{Guid.NewGuid():N}";
    public string Key { get; } = TestUsers.NewBootstrapKey();
    public AppProcess A { get; private set; } = null!;
    public AppProcess B { get; private set; } = null!;
    public string ConnectionString => new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = _database }.ToString();
    private bool _created;

    public async Task InitializeAsync()
    {
        if (PostgresServer.Unreachable is not null && Environment.GetEnvironmentVariable("CI") is not { Length: > 0 }) return;
        PostgresServer.Execute($"CREATE DATABASE \"{_database}\"");
        _created = true;
        A = await AppProcess.StartAsync(AppProcess.Postgres(ConnectionString), Key);
        B = await AppProcess.StartAsync(AppProcess.Postgres(ConnectionString), Key);
    }

    public async Task DisposeAsync()
    {
        if (B is not null) await B.DisposeAsync();
        if (A is not null) await A.DisposeAsync();
        if (!_created) return;
        using (var connection = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(connection);
        PostgresServer.DropDatabase(_database);
    }
}

public sealed class TwoNodesOnPostgresTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    [PostgresFact]
    public Task Twenty_dispatches_of_one_serial_split_across_two_nodes_let_exactly_one_through() =>
        DispatchRaces.OneSerialOnTwentySales(new Api(nodes.A.Client), new Api(nodes.B.Client));

    [PostgresFact]
    public Task Twenty_dispatches_of_one_fifo_unit_with_ten_in_stock_split_across_two_nodes_let_exactly_ten_through() =>
        DispatchRaces.TenFifoUnitsForTwentySales(new Api(nodes.A.Client), new Api(nodes.B.Client));

    [PostgresFact]
    public async Task One_idempotency_key_sent_to_both_nodes_at_once_is_applied_once_and_both_answer_the_same()
    {
        var (a, b) = (new Api(nodes.A.Client), new Api(nodes.B.Client));
        var warehouse = await a.Warehouse();
        var product = await a.Product("Serial");
        var (order, lines) = await a.ApprovedOrder(warehouse, (product, 2_000, 3m));
        var receipt = new { lines = new[] { new { lineId = lines[0], quantity = 2_000, serials = Enumerable.Range(0, 2_000).Select(i => $"{Api.Unique("IK")}-{i}").ToArray() } } };
        var key = Guid.NewGuid().ToString();

        async Task<(HttpStatusCode Status, string Body)> Send(HttpClient node)
        {
            // A caller told that the first copy is still being answered asks again in a moment, as the answer says.
            for (var attempt = 0; ; attempt++)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, $"/api/purchase-orders/{order}/receipts") { Content = JsonContent.Create(receipt) };
                request.Headers.Add("Idempotency-Key", key);
                var response = await node.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.Conflict || !body.Contains("still being answered") || attempt == 100) return (response.StatusCode, body);
                await Task.Delay(100);
            }
        }
        var answers = await Task.WhenAll(Send(nodes.A.Client), Send(nodes.B.Client));

        Assert.All(answers, x => Assert.Equal(HttpStatusCode.Created, x.Status));
        Assert.Equal(answers[0].Body, answers[1].Body);
        Assert.Equal(2_000m, await b.OnHand(product));
        Assert.Equal(2_000m, (decimal)(await a.Get($"/api/purchase-orders/{order}"))["lines"]![0]!["receivedQuantity"]!);
        Assert.Equal(2_000, (await b.Movements(product)).Count);
        await a.AssertLedgerConsistent();
    }
}
