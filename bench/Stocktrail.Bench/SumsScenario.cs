using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Stocktrail.Data;

/// <summary>
/// <c>--only sums</c> (SQLite): the cost per row of summing and comparing decimals stored as EF Core's text, on a file
/// of 1,000,000 ledger-like rows: SQLite's own floating-point <c>SUM</c>, EF Core's <c>ef_sum</c> and <c>ef_compare</c>
/// (registered here as Microsoft.Data.Sqlite registers them for EF Core, under other names) and the app's
/// (SqliteDecimalFunctions). It checks that EF Core's and the app's agree on every group. docs/decisions.md has the numbers.
/// </summary>
static class SumsScenario
{
    private const int Rows = 1_000_000;
    private const string DecimalFormat = "0.0###########################";

    public static void Run(string folder)
    {
        var path = Path.Combine(folder, "sums.db");
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.CreateAggregate("ef_sum_efcore", seed: (decimal?)null,
            (decimal? sum, decimal? value) => value is null ? sum : sum is null ? value : sum.Value + value.Value, isDeterministic: true);
        connection.CreateFunction("ef_compare_efcore",
            (decimal? left, decimal? right) => left.HasValue && right.HasValue ? decimal.Compare(left.Value, right.Value) : default(int?), isDeterministic: true);
        connection.Open();
        SqliteDecimalFunctions.Register(connection);
        Seed(connection);

        Console.WriteLine($"sums (sqlite): {Rows:N0} rows; load average {Bench.LoadAverage()}");
        Time(connection, "scan (COUNT)", "SELECT COUNT(Value) FROM M");
        Time(connection, "SUM(CAST(Value AS REAL))", "SELECT SUM(CAST(Value AS REAL)) FROM M");
        Time(connection, "EF Core's ef_sum", "SELECT ef_sum_efcore(Value) FROM M");
        Time(connection, "the app's ef_sum", "SELECT ef_sum(Value) FROM M");
        Time(connection, "CAST(Quantity AS REAL) > 0", "SELECT COUNT(*) FROM M WHERE CAST(Quantity AS REAL) > 0");
        Time(connection, "EF Core's ef_compare(Quantity, '0.0') > 0", "SELECT COUNT(*) FROM M WHERE ef_compare_efcore(Quantity, '0.0') > 0");
        Time(connection, "the app's ef_compare(Quantity, '0.0') > 0", "SELECT COUNT(*) FROM M WHERE ef_compare(Quantity, '0.0') > 0");
        var disagree = Scalar(connection,
            "SELECT COUNT(*) FROM (SELECT G, ef_sum(Value) a, ef_sum_efcore(Value) b, ef_sum(Quantity) c, ef_sum_efcore(Quantity) d FROM M GROUP BY G) " +
            "WHERE a IS NOT b OR c IS NOT d");
        Console.WriteLine($"  groups where EF Core's and the app's sums differ: {disagree}");
        if (!Equals(disagree, 0L)) throw new InvalidOperationException("The app's ef_sum differs from EF Core's.");
    }

    /// <summary>Quantities of -40 to 500 and values of quantity × a cost of up to 6 places, rounded to 8, as EF Core writes them.</summary>
    private static void Seed(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "CREATE TABLE M (Id INTEGER PRIMARY KEY, G INTEGER NOT NULL, Quantity TEXT NOT NULL, Value TEXT NOT NULL)";
        cmd.ExecuteNonQuery();
        cmd.CommandText = "INSERT INTO M (G, Quantity, Value) VALUES ($g, $q, $v)";
        var (g, q, v) = (cmd.Parameters.Add("$g", SqliteType.Integer), cmd.Parameters.Add("$q", SqliteType.Text), cmd.Parameters.Add("$v", SqliteType.Text));
        var random = new Random(7);
        for (var i = 0; i < Rows; i++)
        {
            var quantity = (decimal)random.Next(-40, 500);
            var unitCost = Math.Round((decimal)random.NextDouble() * 1000m, 6);
            g.Value = i % 3000;
            q.Value = quantity.ToString(DecimalFormat, CultureInfo.InvariantCulture);
            v.Value = Math.Round(quantity * unitCost, 8).ToString(DecimalFormat, CultureInfo.InvariantCulture);
            cmd.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static void Time(SqliteConnection connection, string label, string sql)
    {
        Scalar(connection, sql);
        var times = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            Scalar(connection, sql);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"  {label,-44} {times[1],7:N0} ms, {times[1] * 1000 / Rows:N2} µs a row (median of 3)");
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}
