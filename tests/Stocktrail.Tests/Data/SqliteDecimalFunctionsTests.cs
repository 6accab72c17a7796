using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Data;

/// <summary>
/// The app's own <c>ef_sum</c> and <c>ef_compare</c> on SQLite (SqliteDecimalFunctions), through EF Core queries on the
/// app's database: every answer is what adding or comparing the same values as C# decimals gives. A class of its own:
/// its ledger rows are planted, not posted, so its database is one no other test reconciles.
/// </summary>
public sealed class SqliteDecimalFunctionsTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task Sums_of_18_and_28_digit_amounts_are_the_decimal_sums_to_the_last_place()
    {
        var values = new[]
        {
            1_000_000_001.10000703m, 123_456_789.12345678m, -987_654_321.87654321m, 0.00000001m,
            12_345_678_901_234_567_890.12345678m, 12_345_678_901_234_567_890.12345678m, -7_999_999_999_999_999_999.99999999m,
            99_999_999_999_999_999_999.99999999m / 10m, 0m, -0.00000001m,
        };
        var (product, rows) = await Plant(values, values.Select(v => -v).ToArray());

        var grouped = await Read(db => db.StockMovements.Where(m => m.ProductId == product).GroupBy(m => m.ProductId)
            .Select(g => new { Value = g.Sum(m => m.Value), Quantity = g.Sum(m => m.Quantity) }).SingleAsync());
        Assert.Equal((values.Sum(), -values.Sum()), (grouped.Value, grouped.Quantity));
        Assert.Equal(values.Sum(), await Read(db => db.StockMovements.Where(m => m.ProductId == product).SumAsync(m => m.Value)));

        // Each prefix of the rows, so that every partial sum is checked, not only the last.
        for (var n = 1; n <= rows.Count; n++)
        {
            var upTo = rows[n - 1];
            Assert.Equal(values.Take(n).Sum(), await Read(db => db.StockMovements.Where(m => m.ProductId == product && m.Id <= upTo).SumAsync(m => m.Value)));
        }
    }

    [Fact]
    public async Task Sums_of_values_with_many_places_and_of_negative_values_are_exact()
    {
        var values = new[]
        {
            0.1234567890123456789012345678m, 0.0000000000000000000000000001m, -0.1234567890123456789012345677m,
            1.000000000000000000000000001m, -3.14159265358979323846264338m, 2.71828182845904523536028747m,
            -0.0000000000000000000000000003m, 0.3333333333333333333333333333m, 0.6666666666666666666666666667m,
        };
        var (product, _) = await Plant(values, values);
        var sum = await Read(db => db.StockMovements.Where(m => m.ProductId == product).SumAsync(m => m.Value));
        Assert.Equal(values.Sum(), sum);
        Assert.Equal(values.Where(v => v < 0).Sum(), await Read(db => db.StockMovements.Where(m => m.ProductId == product && m.Value < 0).SumAsync(m => m.Value)));
        // A sum of a single value is that value, however many places it has.
        Assert.Equal(values[1], await Read(db => db.StockMovements.Where(m => m.ProductId == product && m.Value == values[1]).SumAsync(m => m.Value)));
    }

    [Fact]
    public async Task Nulls_are_skipped_and_a_group_without_values_sums_to_null()
    {
        var values = new[] { 5.5m, -2.25m, 1_000_000_000_000_000_000.00000001m, 0.00000002m };
        var (product, rows) = await Plant(values, values);
        var everyOther = rows.Where((_, i) => i % 2 == 0).ToList();

        // Through EF: the rows not chosen are NULLs in the sum.
        var someNull = await Read(db => db.StockMovements.Where(m => m.ProductId == product)
            .SumAsync(m => everyOther.Contains(m.Id) ? (decimal?)m.Value : null));
        Assert.Equal(values.Where((_, i) => i % 2 == 0).Sum(), someNull);

        // The aggregate itself: NULL for no rows and for only NULLs, as EF Core's (EF adds COALESCE for C#'s 0).
        Assert.Null(await Scalar(product, "SELECT ef_sum(\"Value\") FROM \"StockMovements\" WHERE \"ProductId\" = $p AND 0"));
        Assert.Null(await Scalar(product, "SELECT ef_sum(NULL) FROM \"StockMovements\" WHERE \"ProductId\" = $p"));
        Assert.Equal("1000000000000000003.25000003", await Scalar(product, "SELECT ef_sum(\"Value\") FROM \"StockMovements\" WHERE \"ProductId\" = $p"));
        Assert.Equal(0m, await Read(db => db.StockMovements.Where(m => m.ProductId == product && m.Id < 0).SumAsync(m => m.Value)));

        // Grouped: a group whose values are all NULL comes back NULL beside the others.
        var groups = await ScalarRows(product,
            "SELECT ef_sum(CASE WHEN \"Id\" % 2 = 0 THEN \"Value\" END) FROM \"StockMovements\" WHERE \"ProductId\" = $p GROUP BY \"Id\" % 2 ORDER BY \"Id\" % 2");
        var evenSum = rows.Select((id, i) => (id, value: values[i])).Where(r => r.id % 2 == 0).Sum(r => r.value);
        Assert.Equal([evenSum, null], groups.Select(g => g is null ? (decimal?)null : decimal.Parse(g, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Comparisons_of_decimals_are_exact_beyond_a_double()
    {
        // Equal as doubles, different as decimals.
        var values = new[] { 1_234_567_890_123_456_789.00000001m, 1_234_567_890_123_456_789.00000002m, 1_234_567_890_123_456_789m, -0.00000001m, 0m };
        var (product, _) = await Plant(values, values);
        var limit = 1_234_567_890_123_456_789.00000001m;
        var above = await Read(db => db.StockMovements.Where(m => m.ProductId == product && m.Value > limit).Select(m => m.Value).ToListAsync());
        Assert.Equal(values.Where(v => v > limit).Order(), above.Order());
        Assert.Equal(values.Count(v => v >= limit), await Read(db => db.StockMovements.CountAsync(m => m.ProductId == product && m.Value >= limit)));
        Assert.Equal(values.Count(v => v < 0), await Read(db => db.StockMovements.CountAsync(m => m.ProductId == product && m.Value < 0m)));
        Assert.Equal(values.Count(v => v != 0), await Read(db => db.StockMovements.CountAsync(m => m.ProductId == product && m.Value != 0m)));
        Assert.Null(await Scalar(product, "SELECT ef_compare(NULL, '1.0')"));
        Assert.Equal("-1", await Scalar(product, "SELECT CAST(ef_compare('1234567890123456789.00000001', '1234567890123456789.00000002') AS TEXT)"));
        Assert.Equal("0", await Scalar(product, "SELECT CAST(ef_compare('2.50', 2.5) AS TEXT)"));
    }

    [Fact]
    public async Task A_sum_that_a_decimal_cannot_hold_exactly_fails_rather_than_rounds()
    {
        var (product, _) = await Plant([9_999_999_999_999_999_999_999_999_999m, 0.5m], [1m, 1m]);
        // .NET's decimal addition would round this to 10,000,000,000,000,000,000,000,000,000 (EF Core's own ef_sum does).
        var failure = await Assert.ThrowsAsync<SqliteException>(() => Read(db => db.StockMovements.Where(m => m.ProductId == product).SumAsync(m => m.Value)));
        Assert.Contains("28 significant digits", failure.Message);
        Assert.Equal(2m, await Read(db => db.StockMovements.Where(m => m.ProductId == product).SumAsync(m => m.Quantity)));
    }

    /// <summary>
    /// A product with one ledger row per value, its value and quantity set as given (past the 8-place rounding a
    /// posted row has), through EF Core, which writes them as it writes any decimal. Returns the rows' ids in order.
    /// </summary>
    private async Task<(int Product, List<long> Rows)> Plant(decimal[] values, decimal[] quantities)
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
        var rows = values.Select(_ => new StockMovement(product, warehouse, DateTime.UtcNow, 0m, 0m, "Planted", new DocumentRef(SourceType.StockAdjustment, 0, "PLANTED"), MovementKind.AdjustedIn)).ToList();
        db.StockMovements.AddRange(rows);
        await db.SaveChangesAsync();
        for (var i = 0; i < rows.Count; i++)
        {
            var (id, value, quantity) = (rows[i].Id, values[i], quantities[i]);
            await db.StockMovements.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Value, value).SetProperty(m => m.Quantity, quantity));
        }
        return (product, rows.Select(r => r.Id).ToList());
    }

    private async Task<T> Read<T>(Func<StocktrailDbContext, Task<T>> read)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<StocktrailDbContext>());
    }

    private async Task<string?> Scalar(int product, string sql) => (await ScalarRows(product, sql)).Single();

    /// <summary>The first column of each row, as text, through the app's own connection (so with its functions).</summary>
    private Task<List<string?>> ScalarRows(int product, string sql) => Read(async db =>
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = sql;
            cmd.Parameters.Add(new SqliteParameter("$p", product));
            await using var reader = await cmd.ExecuteReaderAsync();
            var rows = new List<string?>();
            while (await reader.ReadAsync()) rows.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    });
}
