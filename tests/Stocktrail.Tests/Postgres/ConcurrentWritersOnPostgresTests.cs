using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Sales;
using Stocktrail.Tests.StockTakes;
using static Stocktrail.Tests.Sales.SalesTestApi;

namespace Stocktrail.Tests.Postgres;

/// <summary>
/// On PostgreSQL writers really run side by side and ledger ids are handed out as rows are inserted, not as they
/// commit: the stock take's mark still covers exactly what its sheet shows, and receipts never deadlock with dispatches.
/// </summary>
public sealed class ConcurrentWritersOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    private const long Gate = 7_012_345;

    [PostgresFact]
    public async Task A_movement_inserted_before_the_mark_and_committed_after_it_is_on_the_marked_sheet()
    {
        var warehouse = await Api.Warehouse();
        var held = await Api.FifoInStock(warehouse, (10, 5m));
        var other = await Api.FifoInStock(warehouse, (1, 5m));
        var take = await Api.StartStockTake(warehouse);
        var sale = await Api.NewSale(warehouse, (held, 3, 9m));
        await using var gate = new NpgsqlConnection(Factory.ConnectionString);
        await gate.OpenAsync();
        // A dispatch of `held` that stops right after inserting its ledger rows, before it commits, until the gate opens.
        await Execute(gate, $"""
            CREATE OR REPLACE FUNCTION test_ledger_gate() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_advisory_xact_lock_shared({Gate}); RETURN NULL; END $$;
            CREATE TRIGGER test_ledger_gate AFTER INSERT ON "StockMovements" FOR EACH ROW
              WHEN (NEW."ProductId" = {held}) EXECUTE FUNCTION test_ledger_gate();
            SELECT pg_advisory_lock({Gate});
            """);
        try
        {
            var dispatch = Api.Http.PostAsJsonAsync($"/api/stock-sales/{sale.Id}/dispatches", new { lines = new[] { Line(sale.LineIds[0], 3) } });
            await WaitUntil(gate, "l.locktype = 'advisory'");
            // Meanwhile a later movement commits: the newest id now belongs to it, above the dispatch's uncommitted ones.
            await Api.ReceiveFifo(warehouse, other, 1, 5m);

            var mark = Api.Http.PostAsync($"/api/stock-takes/{take}/sheet/mark?format=csv", null);
            await Task.WhenAny(mark, WaitUntil(gate, "l.locktype = 'relation' AND l.relation = '\"StockMovements\"'::regclass"));
            await Execute(gate, $"SELECT pg_advisory_unlock({Gate})");

            Assert.Equal(HttpStatusCode.Created, (await dispatch).StatusCode);
            var sheet = (await (await mark).Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.TrimEnd('\r').Split(',')).ToList();
            var sku = await Api.SkuOf(held);
            Assert.Equal("7", sheet.Single(r => r[0] == sku)[6]);
            var marked = (long)(await Scalar(gate, $"SELECT \"ExportMark\" FROM \"StockTakes\" WHERE \"Id\" = {take}"))!;
            var dispatched = (long)(await Scalar(gate, $"SELECT MAX(\"Id\") FROM \"StockMovements\" WHERE \"ProductId\" = {held}"))!;
            Assert.True(marked >= dispatched, $"The mark {marked} misses the dispatch's ledger row {dispatched}.");

            // Counted as the sheet says: nothing is outdated and nothing differs.
            var import = await Api.ImportCsvOk(take, StockTakeTestApi.Csv(StockTakeTestApi.Count(sheet, r => r[6])));
            Assert.Empty(import["outdated"]!.AsArray());
            Assert.Empty(import["variances"]!.AsArray());
        }
        finally
        {
            await Execute(gate, "SELECT pg_advisory_unlock_all(); DROP TRIGGER IF EXISTS test_ledger_gate ON \"StockMovements\"");
        }
        await Api.AssertLedgerConsistent();
    }

    [PostgresFact]
    public async Task Receipts_racing_dispatches_of_the_same_products_all_go_through_without_a_deadlock()
    {
        var warehouse = await Api.Warehouse();
        var fifo = await Api.FifoInStock(warehouse, (20, 4m));
        var serials = Enumerable.Range(0, 10).Select(_ => Api.Unique("OUT")).ToArray();
        var serial = await Api.SerialsInStock(warehouse, 50m, serials);
        var sales = new List<Sale>();
        foreach (var s in serials) sales.Add(await Api.NewSale(warehouse, (serial, 1, 80m), (fifo, 1, 9m)));
        var orders = new List<(int Id, int[] LineIds)>();
        for (var i = 0; i < 10; i++) orders.Add(await Api.ApprovedOrder(warehouse, (fifo, 2, 4m), (serial, 1, 50m)));

        // Each sale names the serial product first and each order the Fifo one first: the locks are still taken in one order.
        var dispatches = sales.Select((s, i) => Api.Http.PostAsJsonAsync($"/api/stock-sales/{s.Id}/dispatches",
            new { lines = new[] { Line(s.LineIds[0], 1, serials[i]), Line(s.LineIds[1], 1) } }));
        var receipts = orders.Select(o => Api.Http.PostAsJsonAsync($"/api/purchase-orders/{o.Id}/receipts",
            new { lines = new object[] { ReceivingApi.Line(o.LineIds[0], 2), ReceivingApi.Line(o.LineIds[1], 1, Api.Unique("IN")) } }));
        var responses = await Task.WhenAll(dispatches.Concat(receipts));

        var bodies = string.Join(" | ", await Task.WhenAll(responses.Where(r => r.StatusCode != HttpStatusCode.Created).Select(r => r.Content.ReadAsStringAsync())));
        Assert.True(responses.All(r => r.StatusCode == HttpStatusCode.Created), $"Every dispatch and receipt should go through: {bodies}");
        Assert.Equal(20m - 10 + 20, await Api.OnHand(fifo, warehouse));
        Assert.Equal(10m - 10 + 10, await Api.OnHand(serial, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [PostgresFact]
    public async Task The_backup_command_on_PostgreSQL_is_refused_and_points_at_pg_dump()
    {
        var target = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db");
        var errors = new StringWriter();

        var code = await Stocktrail.Features.Operations.BackupCommand.RunAsync(Factory.Services, ["backup", target], TextWriter.Null, errors);

        Assert.Equal(2, code);
        Assert.Contains("pg_dump", errors.ToString());
        Assert.False(File.Exists(target));
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        return await cmd.ExecuteScalarAsync();
    }

    /// <summary>Until a session of this database waits for a lock of the kind given.</summary>
    private static async Task WaitUntil(NpgsqlConnection connection, string condition)
    {
        var sql = $"SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database() AND {condition}";
        for (var i = 0; i < 600; i++)
        {
            if ((long)(await Scalar(connection, sql))! > 0) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"No session waited for a lock where {condition}.");
    }
}
