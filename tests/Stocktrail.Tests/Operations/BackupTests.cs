using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Stocktrail.Features.Operations;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Sales;
using static Stocktrail.Tests.Sales.SalesTestApi;

namespace Stocktrail.Tests.Operations;

public sealed class BackupTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task A_backup_taken_while_receipts_and_dispatches_run_restores_to_a_database_that_reconciles_with_every_document_whole()
    {
        var warehouse = await Api.Warehouse();
        var fifo = await Api.FifoInStock(warehouse, (400, 3m));
        var serial = await Api.Product("Serial");
        var folder = Path.Combine(Path.GetTempPath(), "stocktrail-tests", Guid.NewGuid().ToString("N"));
        var backup = Path.Combine(folder, "backup.db");
        using var stop = new CancellationTokenSource();

        async Task<int> Receiving()
        {
            var done = 0;
            while (!stop.IsCancellationRequested)
            {
                var (order, lines) = await Api.ApprovedOrder(warehouse, (fifo, 5, 3m), (serial, 50, 7m));
                var serials = Enumerable.Range(0, 50).Select(_ => Api.Unique("BK")).ToArray();
                await Api.PostOk($"/api/purchase-orders/{order}/receipts",
                    new { lines = new object[] { ReceivingApi.Line(lines[0], 5), ReceivingApi.Line(lines[1], 50, serials) } });
                done++;
            }
            return done;
        }
        async Task<int> Dispatching()
        {
            var done = 0;
            while (!stop.IsCancellationRequested)
            {
                var sale = await Api.NewSale(warehouse, (fifo, 2, 9m));
                var response = await Api.Http.PostAsJsonAsync($"/api/stock-sales/{sale.Id}/dispatches", new { lines = new[] { Line(sale.LineIds[0], 2) } });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                done++;
            }
            return done;
        }
        var writers = new[] { Receiving(), Receiving(), Dispatching(), Dispatching() };
        await Task.Delay(1500);
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = await BackupCommand.RunAsync(Factory.Services, ["backup", backup], output, errors);
        await Task.Delay(500);
        await stop.CancelAsync();
        var written = (await Task.WhenAll(writers)).Sum();

        Assert.True(code == 0, errors.ToString());
        Assert.Contains("Backed up", output.ToString());
        Assert.True(written > 4, $"Only {written} documents were written around the backup.");
        await Api.AssertLedgerConsistent();

        // Restore: the copy put in place of a database, the app started on it (migrations run).
        using var restored = new SqliteFileFactory(backup, Factory.BootstrapKey);
        var restoredApi = new Api(restored.CreateClient());
        await restoredApi.AssertLedgerConsistent();
        using (var db = new SqliteConnection($"Data Source={backup};Mode=ReadOnly;Pooling=False"))
        {
            db.Open();
            // Every document is whole: what the orders say was received and the sales dispatched is what the ledger holds.
            Assert.Equal(Scalar(db, """SELECT COALESCE(SUM("ReceivedQuantity"), 0) FROM "PurchaseOrderLines" """),
                Scalar(db, """SELECT COALESCE(SUM("Quantity"), 0) FROM "StockMovements" WHERE "SourceType" = 'PurchaseOrder'"""));
            Assert.Equal(Scalar(db, """SELECT COALESCE(SUM("DispatchedQuantity"), 0) FROM "StockSaleLines" """),
                Scalar(db, """SELECT COALESCE(-SUM("Quantity"), 0) FROM "StockMovements" WHERE "SourceType" = 'StockSale'"""));
            Assert.True(Scalar(db, """SELECT COUNT(*) FROM "Receipts" """) > 0);
        }
        Assert.True(await restoredApi.OnHand(fifo) > 0);
    }

    [Fact]
    public async Task A_backup_onto_an_existing_file_is_refused_and_writes_nothing()
    {
        var existing = Path.GetTempFileName();
        await File.WriteAllTextAsync(existing, "keep me");
        var errors = new StringWriter();

        var code = await BackupCommand.RunAsync(Factory.Services, ["backup", existing], TextWriter.Null, errors);

        Assert.Equal(2, code);
        Assert.Contains("already exists", errors.ToString());
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing));
        File.Delete(existing);
    }

    private static decimal Scalar(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToDecimal(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The app on a database file given, as an installation restored from a backup starts; its admin keeps the key it had.</summary>
    private sealed class SqliteFileFactory(string path, string key) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:Stocktrail", $"Data Source={path}");
        }

        protected override void ConfigureClient(HttpClient client)
        {
            base.ConfigureClient(client);
            TestUsers.Authenticate(client, key);
        }
    }
}
