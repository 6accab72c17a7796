using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Tests.Hostile;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Postgres;

namespace Stocktrail.Tests.Reports;

/// <summary>Classes of their own: the report's total and which end it sums from depend on every row in the database.</summary>
public sealed class StockValueAtPastDatesTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public Task The_stock_value_at_any_past_moment_is_the_sum_of_the_rows_up_to_it() => StockValueScenarios.AtPastMoments(Api, Factory.Services);
}

public sealed class StockValueAtPastDatesOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public Task The_stock_value_at_any_past_moment_is_the_sum_of_the_rows_up_to_it() => StockValueScenarios.AtPastMoments(Api, Factory.Services);
}

public sealed class ExactSumsTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public Task Sums_of_amounts_in_the_database_are_exact_to_the_last_place() => StockValueScenarios.ExactSums(Api, Factory.Services);
}

public sealed class ExactSumsOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public Task Sums_of_amounts_in_the_database_are_exact_to_the_last_place() => StockValueScenarios.ExactSums(Api, Factory.Services);
}

public static class StockValueScenarios
{
    /// <summary>
    /// Backdated adjustments posted out of order, in two warehouses, of Fifo, batch and serialized stock, then a receipt
    /// now: at every moment asked (before any row, exactly at a row's time, just before it, between rows, now) the
    /// report is what adding up the ledger rows up to that moment gives, from whichever end the report sums.
    /// </summary>
    public static async Task AtPastMoments(Api api, IServiceProvider services)
    {
        var (north, south) = (await api.Warehouse(), await api.Warehouse());
        var (fifo, other, batch, serial) = (await api.Product("Fifo"), await api.Product("Fifo"), await api.Product("Batch"), await api.Product("Serial"));
        var (first, second) = (Api.Unique("SV"), Api.Unique("SV"));
        var lot = Api.Unique("LOT");
        // Whole seconds: PostgreSQL keeps microseconds, so a moment "exactly at" a row is the same on both providers.
        var now = DateTime.UtcNow;
        var start = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        DateTime Ago(int days) => start.AddDays(-days);

        await Adjust(api, north, Ago(10), In(fifo, 10, 2m), In(other, 5, 3m));
        await Adjust(api, south, Ago(20), In(fifo, 4, 1.5m), new { productId = batch, direction = "In", quantity = 6m, unitCost = 1.25m, batches = new[] { new { batch = lot, quantity = 6m } } });
        await Adjust(api, north, Ago(5), new { productId = fifo, direction = "Out", quantity = 3m });
        await Adjust(api, south, Ago(15), new { productId = serial, direction = "In", quantity = 2m, unitCost = 7m, serials = new[] { first, second } }, In(other, 2, 2.25m));
        await Adjust(api, south, Ago(12), new { productId = serial, direction = "Out", quantity = 1m, serials = new[] { first } },
            new { productId = batch, direction = "Out", quantity = 2m, batches = new[] { new { batch = lot, quantity = 2m } } });
        await Adjust(api, north, Ago(10), In(other, 1, 3.333333m));
        var (order, lines) = await api.ApprovedOrder(north, (fifo, 3, 4m));
        await api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 3 } } });

        var products = new[] { fifo, other, batch, serial };
        var rows = await ReconcileScenarios.Read(services, db => db.StockMovements.Where(m => products.Contains(m.ProductId))
            .OrderBy(m => m.Id).Select(m => new { m.ProductId, m.WarehouseId, m.OccurredAt, m.Quantity, m.Value }).ToListAsync());
        Assert.NotEqual(rows.Select(r => r.OccurredAt), rows.Select(r => r.OccurredAt).Order());

        var moments = new[]
        {
            Ago(40), Ago(20).AddTicks(-10), Ago(20), Ago(19), Ago(15), Ago(12).AddSeconds(1), Ago(10).AddTicks(-10), Ago(10), Ago(7), Ago(5),
            Ago(1), DateTime.UtcNow.AddMinutes(1),
        };
        foreach (var at in moments)
        {
            var expected = rows.Where(r => r.OccurredAt <= at)
                .GroupBy(r => (r.ProductId, r.WarehouseId))
                .Select(g => (g.Key.ProductId, g.Key.WarehouseId, OnHand: g.Sum(r => r.Quantity), Value: g.Sum(r => r.Value)))
                .Where(t => t.OnHand != 0 || t.Value != 0).Order().ToList();
            var report = await api.Get($"/api/reports/stock-value?at={Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture))}");
            Assert.True(expected.SequenceEqual(Items(report)), $"At {at:O} the report says [{string.Join(", ", Items(report))}]; the rows up to then add up to [{string.Join(", ", expected)}].");
            Assert.Equal(expected.Sum(t => t.Value), (decimal)report["total"]!);

            var inSouth = await api.Get($"/api/reports/stock-value?at={Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture))}&warehouseId={south}");
            Assert.Equal(expected.Where(t => t.WarehouseId == south), Items(inSouth));
        }
        Assert.Empty(Items(await api.Get($"/api/reports/stock-value?at={Uri.EscapeDataString(Ago(40).ToString("O", CultureInfo.InvariantCulture))}")));
        await api.AssertLedgerConsistent();
    }

    /// <summary>
    /// A billion, then tenths, millionths and hundred-millionths: 1,000,000,001.10000703 has 18 significant digits, more
    /// than a double holds, so a sum through floating point (SQLite's own SUM of decimals stored as text) would come out
    /// wrong. EF Core's sum, the report from either end, and the ledger check all add exactly.
    /// </summary>
    public static async Task ExactSums(Api api, IServiceProvider services)
    {
        var warehouse = await api.Warehouse();
        var product = await api.Product("Fifo");
        var now = DateTime.UtcNow;
        var start = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        await Adjust(api, warehouse, start.AddDays(-3), In(product, 1, 1_000_000_000m));
        await Adjust(api, warehouse, start.AddDays(-2),
            [.. Enumerable.Repeat(In(product, 1, 0.1m), 10), .. Enumerable.Repeat(In(product, 0.000001m, 1m), 7), .. Enumerable.Repeat(In(product, 0.00000001m, 1m), 3)]);
        await Adjust(api, warehouse, null, In(product, 1, 0.1m));

        var sum = await ReconcileScenarios.Read(services, db => db.StockMovements.Where(m => m.ProductId == product).SumAsync(m => m.Value));
        Assert.Equal(1_000_000_001.10000703m, sum);
        var grouped = await ReconcileScenarios.Read(services, db => db.StockMovements.Where(m => m.ProductId == product).GroupBy(m => m.WarehouseId)
            .Select(g => new { Value = g.Sum(m => m.Value), OnHand = g.Sum(m => m.Quantity) }).SingleAsync());
        Assert.Equal((1_000_000_001.10000703m, 12.00000703m), (grouped.Value, grouped.OnHand));

        async Task<(decimal OnHand, decimal Value)?> ValueAt(DateTime at) =>
            Items(await api.Get($"/api/reports/stock-value?at={Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture))}&warehouseId={warehouse}"))
                .Where(i => i.ProductId == product).Select(i => ((decimal, decimal)?)(i.OnHand, i.Value)).SingleOrDefault();
        // Nearer the first row the report adds up the rows up to the moment; nearer the last, the level less the rows after.
        Assert.Equal((11.00000703m, 1_000_000_001.00000703m), await ValueAt(start.AddDays(-2).AddSeconds(1)));
        Assert.Equal((11.00000703m, 1_000_000_001.00000703m), await ValueAt(start));
        Assert.Equal((1m, 1_000_000_000m), await ValueAt(start.AddDays(-3)));
        Assert.Null(await ValueAt(start.AddDays(-3).AddSeconds(-1)));
        await api.AssertLedgerConsistent();

        if (!await ReconcileScenarios.Read(services, db => Task.FromResult(db.Database.IsSqlite()))) return;
        // Why it matters: SQLite's own SUM reads the text as doubles, which hold about 16 significant digits.
        var native = await ReconcileScenarios.Read(services, db => db.Database
            .SqlQueryRaw<string>("SELECT CAST(SUM(\"Value\") AS TEXT) AS \"Value\" FROM \"StockMovements\" WHERE \"ProductId\" = {0}", product).SingleAsync());
        Assert.NotEqual(1_000_000_001.10000703m, decimal.Parse(native, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    private static object In(int productId, decimal quantity, decimal unitCost) => new { productId, direction = "In", quantity, unitCost };

    private static Task<JsonNode> Adjust(Api api, int warehouseId, DateTime? effectiveDate, params object[] lines) =>
        api.PostOk("/api/stock-adjustments", new { warehouseId, reason = "Backdated count", effectiveDate, lines });

    private static List<(int ProductId, int WarehouseId, decimal OnHand, decimal Value)> Items(JsonNode report) =>
        report["items"]!.AsArray().Select(i => ((int)i!["productId"]!, (int)i["warehouseId"]!, (decimal)i["onHand"]!, (decimal)i["value"]!)).Order().ToList();
}
