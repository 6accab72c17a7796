using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Operations;

/// <summary>The app as a real process on a SQLite file: killed with -9 mid-receipt, stopped with SIGTERM mid-request.</summary>
public sealed class RealProcessTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "stocktrail-tests", Guid.NewGuid().ToString("N"));
    private readonly string _key = TestUsers.NewBootstrapKey();

    public RealProcessTests() => Directory.CreateDirectory(_folder);

    private string File(string name) => Path.Combine(_folder, name);

    private static async Task<(int Product, int Order, int Line)> OrderOfSerials(Api api, int count)
    {
        var warehouse = await api.Warehouse();
        var product = await api.Product("Serial");
        var (order, lines) = await api.ApprovedOrder(warehouse, (product, count, 1.25m));
        return (product, order, lines[0]);
    }

    private static object ReceiptOf(int line, int count, string prefix) =>
        new { lines = new[] { new { lineId = line, quantity = count, serials = Enumerable.Range(0, count).Select(i => $"{prefix}-{i:D6}").ToArray() } } };

    [Fact]
    public async Task Killed_with_minus_9_during_a_100000_serial_receipt_the_restarted_app_has_all_of_it_or_none_and_reconciles()
    {
        var database = File("killed.db");
        (int Product, int Order, int Line) order;
        await using (var app = await AppProcess.StartAsync(AppProcess.Sqlite(database), _key,
                         new Dictionary<string, string> { ["Logging__Console__FormatterName"] = "json" }))
        {
            var api = new Api(app.Client);
            order = await OrderOfSerials(api, 100_000);
            var wal = new FileInfo(database + "-wal");
            var before = wal.Exists ? wal.Length : 0;
            var receipt = app.Client.PostAsJsonAsync($"/api/purchase-orders/{order.Order}/receipts", ReceiptOf(order.Line, 100_000, Api.Unique("K9")));
            // Killed once the receipt is being written (its pages spill into the write-ahead log before it commits).
            for (var waited = 0; waited < 300 && !receipt.IsCompleted; waited++)
            {
                wal.Refresh();
                if (wal.Exists && wal.Length > before + 4 * 1024 * 1024) break;
                await Task.Delay(20);
            }
            app.Kill();
            await Assert.ThrowsAnyAsync<Exception>(() => receipt);
            // Structured logs: with the JSON console formatter every line the app wrote is a JSON object.
            var lines = app.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(lines, l => l.StartsWith('{') && JsonDocument.Parse(l).RootElement.TryGetProperty("Category", out _));
        }

        await using var restarted = await AppProcess.StartAsync(AppProcess.Sqlite(database), _key);
        var after = new Api(restarted.Client);
        await after.AssertLedgerConsistent();
        var onHand = await after.OnHand(order.Product);
        var received = (decimal)(await after.Get($"/api/purchase-orders/{order.Order}"))["lines"]![0]!["receivedQuantity"]!;
        Assert.True(onHand is 0m or 100_000m, $"{onHand} of the 100,000 serials are in stock: the receipt was half applied.");
        Assert.Equal(onHand, received);
        Assert.Equal(onHand, (await after.Movements(order.Product)).Count);
        // And the database takes new work.
        var more = await OrderOfSerials(after, 3);
        await after.PostOk($"/api/purchase-orders/{more.Order}/receipts", ReceiptOf(more.Line, 3, Api.Unique("AGAIN")));
        Assert.Equal(3m, await after.OnHand(more.Product));
        await after.AssertLedgerConsistent();
    }

    [Fact]
    public async Task On_SIGTERM_a_request_in_flight_is_finished_and_the_process_exits_cleanly()
    {
        await using var app = await AppProcess.StartAsync(AppProcess.Sqlite(File("stopped.db")), _key);
        var api = new Api(app.Client);
        var order = await OrderOfSerials(api, 30_000);
        var receipt = app.Client.PostAsJsonAsync($"/api/purchase-orders/{order.Order}/receipts", ReceiptOf(order.Line, 30_000, Api.Unique("TERM")));
        await Task.Delay(300);

        var exit = await app.TerminateAsync();
        var answer = await receipt;

        Assert.Equal(0, exit);
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        await using var db = new SqliteConnection($"Data Source={File("stopped.db")};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM \"SerialUnits\" WHERE \"ProductId\" = {order.Product}";
        Assert.Equal(30_000L, (long)(await cmd.ExecuteScalarAsync())!);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* a file still held open is left for the temp folder's own clean-up */ }
    }
}
