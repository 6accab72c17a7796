using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;
using Stocktrail.Tests.Adjustments;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Postgres;

namespace Stocktrail.Tests.Hostile;

/// <summary>
/// One request may not hold the database for long or make millions of serials from a short body: serials are limited per
/// request (Stocktrail:MaxSerialsPerRequest) and counted before any transaction starts; a database busy with another
/// writer answers 503 with Retry-After, never 500.
/// </summary>
public sealed class HugeRequestsTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task An_adjustment_of_fifteen_open_ranges_of_a_million_is_refused_at_once_naming_the_limit()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial", costPrice: 1m);
        var lines = Enumerable.Range(0, 15).Select(i => StockDocumentsApi.In(product, 1_000_000, 1m, [$"X{i}-0000001.."])).ToArray();
        var clock = Stopwatch.StartNew();

        var problem = await Api.AdjustRefused(warehouse, HttpStatusCode.BadRequest, lines);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Refused only after {clock.Elapsed}.");
        problem.Mentions("15,000,000 serials", "at most 100,000", "Stocktrail:MaxSerialsPerRequest");
        Assert.Empty(await Api.Movements(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_short_receipt_of_two_ranges_of_a_million_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 1_000_000, 1m), (product, 1_000_000, 1m));

        var problem = await Api.PostRefused($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new[]
            {
                new { lineId = lines[0], quantity = 1_000_000, serials = new[] { "A-0000001..A-1000000" } },
                new { lineId = lines[1], quantity = 1_000_000, serials = new[] { "B-0000001..B-1000000" } },
            },
        }, HttpStatusCode.BadRequest);

        problem.Mentions("2,000,000 serials", "at most 100,000");
        Assert.Equal(0m, await Api.OnHand(product));
    }

    [Fact]
    public async Task The_limit_is_a_setting_and_counts_every_line_of_the_request()
    {
        using var small = Factory.WithWebHostBuilder(b => b.UseSetting("Stocktrail:MaxSerialsPerRequest", "10"));
        var api = new Api(small.CreateClient());
        var warehouse = await api.Warehouse();
        var product = await api.Product("Serial", costPrice: 1m);

        var problem = await api.AdjustRefused(warehouse, HttpStatusCode.BadRequest,
            StockDocumentsApi.In(product, 6, 1m, ["L1-01..L1-06"]), StockDocumentsApi.In(product, 5, 1m, ["L2-1", "L2-2,L2-3", "L2-4\nL2-5"]));
        problem.Mentions("11 serials", "at most 10");
        await api.Adjust(warehouse, StockDocumentsApi.In(product, 5, 1m, ["L1-01..L1-05"]), StockDocumentsApi.In(product, 5, 1m, ["L2-1", "L2-2,L2-3", "L2-4\nL2-5"]));
        Assert.Equal(10m, await api.OnHand(product));

        var check = await api.Http.PostAsJsonAsync("/api/serial-checks", new { productId = product, quantity = 11, text = "C-01..C-11" });
        Assert.Equal(HttpStatusCode.BadRequest, check.StatusCode);
        Assert.Contains("at most 10", await check.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_write_waiting_too_long_for_the_sqlite_writer_is_answered_503_with_retry_after()
    {
        using var impatient = Factory.WithWebHostBuilder(b =>
            b.UseSetting("ConnectionStrings:Stocktrail", $"Data Source={Factory.DatabasePath};Default Timeout=1"));
        var api = new Api(impatient.CreateClient());
        await api.Warehouse();
        await using var holder = new SqliteConnection($"Data Source={Factory.DatabasePath}");
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        var name = Api.Unique("Busy");
        var response = await api.Http.PostAsJsonAsync("/api/customers", new { name });

        await using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }
        await BusyAnswer.AssertAsync(response);
        Assert.DoesNotContain(name, await (await api.Http.GetAsync("/api/customers")).Content.ReadAsStringAsync());
        await api.PostOk("/api/customers", new { name });
    }
}

public sealed class HugeRequestsOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public async Task A_write_waiting_past_the_lock_timeout_is_answered_503_with_retry_after()
    {
        using var impatient = Factory.WithWebHostBuilder(b =>
            b.UseSetting("ConnectionStrings:Stocktrail", $"{Factory.ConnectionString};Options=-c lock_timeout=500"));
        var api = new Api(impatient.CreateClient());
        await api.Customer();
        await using var holder = new NpgsqlConnection(Factory.ConnectionString);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE \"Customers\" IN ACCESS EXCLUSIVE MODE", holder, tx))
            await lockTable.ExecuteNonQueryAsync();

        var response = await api.Http.PostAsJsonAsync("/api/customers", new { name = Api.Unique("Busy") });

        await tx.RollbackAsync();
        await BusyAnswer.AssertAsync(response);
        await api.Customer();
    }
}

internal static class BusyAnswer
{
    public static async Task AssertAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"Expected 503, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("nothing was changed", text);
    }
}
