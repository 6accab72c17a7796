using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Stocktrail.Data;

// Times Stocktrail's large documents through the real HTTP API (the app in its own process, on a Kestrel socket, on a
// fresh SQLite file) beside the raw floor for the same rows: prepared Microsoft.Data.Sqlite commands in one transaction
// into a fresh file with the same schema and pragmas. Ratios are compared within one run, as machines are noisy.
//
//   dotnet run -c Release --project bench/Stocktrail.Bench [-- --only receive,dispatch] [--sizes 10000,100000] [--repeat 3]

var options = BenchOptions.Parse(args);
var scenarios = new Dictionary<string, Func<Bench, Task>>(StringComparer.OrdinalIgnoreCase)
{
    ["receive"] = Scenarios.ReceiveAsync,
    ["stocktake"] = StockTakeScenario.RunAsync,
    // 10,000 serials dispatched on one sale line with 100,000 in stock (floor: 10,000 conditional row updates and
    // 10,000 ledger inserts in one transaction). Last, so that the stock take's memory readings see the app as before.
    ["dispatch"] = DispatchScenario.RunAsync,
    // A landed cost over 100,000 serial units in stock (floor: 100,000 cost updates and ledger inserts in one transaction).
    ["landedcost"] = LandedCostScenario.RunAsync,
    // Small writes while a huge request is in flight: their p99 under a second (issue 10).
    ["stress"] = StressScenario.RunAsync,
    // The trace down and the recall across a 5-level genealogy of 11,111 units: each well under a second (issue 14).
    ["genealogy"] = GenealogyScenario.RunAsync,
    // A database of 1,000,000 serial units and 10,000,000 ledger rows seeded in bulk, then every page timed (issue 13).
    ["scale"] = _ => Task.CompletedTask,
    // SQLite only: the cost per row of EF Core's decimal sum and comparison against the app's (docs/decisions.md).
    ["sums"] = _ => Task.CompletedTask,
};
// Scenarios without a floor, with absolute targets, that run on PostgreSQL too.
string[] postgresReady = ["stocktake", "scale", "genealogy"];
// The scale scenario builds a database of many gigabytes, and the sums are a micro-benchmark: only when asked for by name.
var selected = options.Only.Count == 0 ? scenarios.Keys.Where(k => k is not ("scale" or "sums")).ToList() : options.Only;
foreach (var name in selected.Where(n => !scenarios.ContainsKey(n)))
{
    Console.Error.WriteLine($"Unknown scenario '{name}'. Known: {string.Join(", ", scenarios.Keys)}.");
    return 2;
}

var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"stocktrail-bench-{Guid.NewGuid():N}"));
var postgres = new PostgresDatabases(options.Postgres);
try
{
    var results = new Results();
    foreach (var provider in options.Providers)
    {
        // The scenarios with a PostgreSQL floor (binary COPY) and those with absolute targets run on PostgreSQL; the others on SQLite.
        var here = (provider == "postgres" ? selected.Where(n => PostgresFloor.Scenarios.Contains(n) || postgresReady.Contains(n)) : selected)
            .Where(n => n is not ("scale" or "sums")).ToList();
        if (provider == "sqlite" && selected.Contains("sums", StringComparer.OrdinalIgnoreCase)) SumsScenario.Run(work.FullName);
        if (selected.Contains("scale", StringComparer.OrdinalIgnoreCase))
        {
            // Its own big database and its own app.
            try
            {
                await ScaleScenario.RunAsync(options, provider, postgres, work.FullName, results);
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or ApiFailedException)
            {
                Console.Error.WriteLine(e.Message);
                return 3;
            }
        }
        if (here.Count == 0) continue;
        var connection = provider == "postgres" ? await postgres.CreateAsync("api") : $"Data Source={Path.Combine(work.FullName, "api.db")}";
        await using var app = await AppProcess.StartAsync(options.AppPath, provider, connection, options.LogSql);
        var bench = new Bench(options, new Api(app.Client), work.FullName, app, provider, postgres, results);
        Console.WriteLine($"Stocktrail bench on {provider}: app {app.Dll}, {Environment.ProcessorCount} CPUs, {options.Repeat} run(s) per size, median shown, load average {Bench.LoadAverage()}.");
        try
        {
            foreach (var name in here) await scenarios[name](bench);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine("The app's last output:");
            Console.Error.WriteLine(string.Join('\n', app.Output.Split('\n').TakeLast(40)));
            return 3;
        }
        Console.WriteLine($"  ({provider} done, load average {Bench.LoadAverage()})");
    }
    return results.Report();
}
finally
{
    if (!options.Keep)
    {
        await postgres.DropAllAsync();
        TryDelete(work);
    }
    else Console.WriteLine($"Kept {work.FullName}{postgres.Kept()}");
}

static void TryDelete(DirectoryInfo dir)
{
    SqliteConnection.ClearAllPools();
    try { dir.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
}

sealed record BenchOptions(List<string> Only, int[] Sizes, int Repeat, string? AppPath, bool Keep, bool LogSql, List<string> Providers, string? Postgres, int ScaleUnits, long ScaleRows, string? ScaleCache)
{
    public static BenchOptions Parse(string[] args)
    {
        var only = new List<string>();
        int[] sizes = [10_000, 100_000];
        var (repeat, app, keep, logSql) = (3, (string?)null, false, false);
        var providers = new List<string> { "sqlite" };
        var postgres = Environment.GetEnvironmentVariable("STOCKTRAIL_TEST_POSTGRES");
        var (scaleUnits, scaleRows, scaleCache) = (1_000_000, (long?)null, (string?)null);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--only": only.AddRange(Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
                case "--sizes": sizes = Next().Split(',').Select(s => int.Parse(s.Replace("_", ""), CultureInfo.InvariantCulture)).ToArray(); break;
                case "--repeat": repeat = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--app": app = Next(); break;
                case "--keep": keep = true; break;
                case "--log-sql": logSql = true; break;
                case "--provider": providers = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => p.ToLowerInvariant()).ToList(); break;
                case "--postgres": postgres = Next(); break;
                case "--scale-units": scaleUnits = int.Parse(Next().Replace("_", "").Replace(",", ""), CultureInfo.InvariantCulture); break;
                case "--scale-rows": scaleRows = long.Parse(Next().Replace("_", "").Replace(",", ""), CultureInfo.InvariantCulture); break;
                case "--scale-cache": scaleCache = Next(); break;
                default: throw new ArgumentException($"Unknown argument {args[i]}. Use --only receive,dispatch,stocktake, --sizes 10000,100000, --repeat 3, --app path/Stocktrail.dll, --keep, --log-sql, --provider sqlite,postgres, --postgres \"Host=…;Username=…;Password=…\", --scale-units 1000000, --scale-rows 10000000, --scale-cache folder.");
            }
        }
        foreach (var provider in providers.Where(p => p is not ("sqlite" or "postgres")))
            throw new ArgumentException($"Unknown provider {provider}: use sqlite, postgres or both.");
        if (providers.Contains("postgres") && string.IsNullOrWhiteSpace(postgres))
            throw new ArgumentException("--provider postgres needs a server: --postgres \"Host=…;Username=…;Password=…\" or STOCKTRAIL_TEST_POSTGRES (a role that may create databases).");
        return new BenchOptions(only, sizes, Math.Max(1, repeat), app, keep, logSql, providers, postgres, scaleUnits, scaleRows ?? scaleUnits * 10L, scaleCache);
    }
}

/// <summary>What every scenario shares: the options, the running app and its provider, where floor databases go, the results.</summary>
sealed class Bench(BenchOptions options, Api api, string folder, AppProcess app, string provider, PostgresDatabases postgres, Results results)
{
    public const double Target = 3.0;
    private int _files;

    public BenchOptions Options => options;
    public Api Api => api;
    public AppProcess App => app;
    /// <summary><c>sqlite</c> or <c>postgres</c>: the app's database, and the floor's.</summary>
    public string Provider => provider;
    public PostgresDatabases Postgres => postgres;

    /// <summary>The machine's 1, 5 and 15 minute load averages, to print beside the times.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>A step measured against absolute targets (time and the app's peak memory) rather than a raw floor.</summary>
    public void RecordTarget(string scenario, int size, string step, TimeSpan time, long peakBytes, string note)
    {
        var met = time <= StockTakeScenario.TimeTarget && peakBytes >= 0 && peakBytes <= StockTakeScenario.MemoryTarget;
        results.TargetsMet &= met;
        var row = $"| {scenario} {step} | {size:N0} | {Results.Ms(time)} | {peakBytes / (1024.0 * 1024):N0} MB | {(met ? "yes" : "NO")} | {note} |";
        results.TargetRows.Add(row);
        Console.WriteLine($"  {scenario} {step} {size,9:N0}: {Results.Ms(time),9}   peak {peakBytes / (1024.0 * 1024),6:N0} MB   {note}");
    }

    /// <summary>The small writes of one stress phase: their count, p50, p99 and max, against a p99 of under a second.</summary>
    public void RecordStress(string phase, int hugeRequests, List<TimeSpan> times, int failed)
    {
        var sorted = times.Order().ToList();
        TimeSpan At(double q) => sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        var (p50, p99, max) = (At(0.50), At(0.99), sorted.Count == 0 ? TimeSpan.Zero : sorted[^1]);
        var met = sorted.Count > 0 && p99 < StressScenario.Target && failed == 0;
        results.TargetsMet &= met;
        var row = $"| {phase} | {hugeRequests:N0} | {sorted.Count:N0} | {Results.Ms(p50)} | {Results.Ms(p99)} | {Results.Ms(max)} | {failed:N0} | {(met ? "yes" : "NO")} |";
        results.StressRows.Add(row);
        Console.WriteLine($"  stress {phase}: {hugeRequests} huge, {sorted.Count} small writes, p50 {Results.Ms(p50)}, p99 {Results.Ms(p99)}, max {Results.Ms(max)}, {failed} not 2xx");
    }

    /// <summary>A fresh SQLite file with the app's schema (its own migrations) and the app's pragmas, open.</summary>
    public async Task<SqliteConnection> FreshFloorDatabaseAsync()
    {
        var file = Path.Combine(folder, $"floor-{++_files}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        // The schema is the app's migrations; a model change still waiting for its migration is the app's concern, not the floor's.
        var dbOptions = new DbContextOptionsBuilder<SqliteStocktrailDbContext>().UseSqlite(connectionString)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options;
        await using (var db = new SqliteStocktrailDbContext(dbOptions))
        {
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await db.Database.MigrateAsync();
        }
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
        await pragmas.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>With --log-sql: the app's EF Core commands since the last call, slowest first, to see where a request's time goes.</summary>
    public void ShowSqlSinceLastCall(string what)
    {
        var output = app.TakeOutput();
        if (!options.LogSql) return;
        File.AppendAllText(Path.Combine(folder, $"app-{provider}.log"), $"==== {what}\n{output}");
        var commands = System.Text.RegularExpressions.Regex.Matches(output, @"Executed DbCommand \((\d+)ms\)[^\n]*\n((?:\s{6}[^\n]*\n){1,3})")
            .Select(m => (Ms: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Sql: System.Text.RegularExpressions.Regex.Replace(m.Groups[2].Value, @"\s+", " ").Trim()))
            .ToList();
        Console.WriteLine($"    {what}: {commands.Count} commands, {commands.Sum(c => c.Ms):N0} ms in the database");
        foreach (var (ms, sql) in commands.OrderByDescending(c => c.Ms).Take(6))
            Console.WriteLine($"      {ms,6:N0} ms  {(sql.Length > 150 ? sql[..150] + "…" : sql)}");
    }

    public void Record(string scenario, int size, TimeSpan apiTime, TimeSpan floorTime)
    {
        results.Row(Named(scenario), size).Api.Add(apiTime);
        results.Row(Named(scenario), size).Floor.Add(floorTime);
        Console.WriteLine($"  {Named(scenario)} {size,9:N0}: API {Results.Ms(apiTime),9}   floor {Results.Ms(floorTime),9}   ratio {apiTime / floorTime,5:0.00}x");
    }

    /// <summary>A request the API refused or failed counts as not meeting the target; the bench goes on with the rest.</summary>
    public void RecordFailure(string scenario, int size, string failure)
    {
        results.Row(Named(scenario), size).Failures.Add(failure);
        Console.WriteLine($"  {Named(scenario)} {size,9:N0}: API FAILED: {failure}");
    }

    private string Named(string scenario) => $"{scenario} ({provider})";
}

/// <summary>Every provider's rows, printed as one table at the end.</summary>
sealed class Results
{
    private readonly List<(string Scenario, int Size, List<TimeSpan> Api, List<TimeSpan> Floor, List<string> Failures)> _results = [];
    public List<string> TargetRows { get; } = [];
    public List<string> StressRows { get; } = [];
    /// <summary>The scale scenario's tables, one per provider: a title and its rows.</summary>
    public List<(string Title, List<string> Rows)> ScaleTables { get; } = [];
    public bool TargetsMet { get; set; } = true;

    public (string Scenario, int Size, List<TimeSpan> Api, List<TimeSpan> Floor, List<string> Failures) Row(string scenario, int size)
    {
        var row = _results.FirstOrDefault(r => r.Scenario == scenario && r.Size == size);
        if (row.Api is null) _results.Add(row = (scenario, size, [], [], []));
        return row;
    }

    /// <summary>Prints the table; the exit code is 0 when every row meets the target, 1 otherwise.</summary>
    public int Report()
    {
        Console.WriteLine();
        Console.WriteLine($"Load average at the end: {Bench.LoadAverage()}.");
        foreach (var (title, rows) in ScaleTables)
        {
            Console.WriteLine(title);
            Console.WriteLine();
            Console.WriteLine("| step | time | target | met | note |");
            Console.WriteLine("| --- | ---: | --- | --- | --- |");
            rows.ForEach(Console.WriteLine);
            Console.WriteLine();
        }
        if (ScaleTables.Count > 0 && _results.Count == 0 && TargetRows.Count == 0 && StressRows.Count == 0) return TargetsMet ? 0 : 1;
        if (StressRows.Count > 0)
        {
            Console.WriteLine("| stress phase (huge request in flight) | huge requests | small writes | p50 | p99 | max | not 2xx | p99 under 1 s |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
            StressRows.ForEach(Console.WriteLine);
            Console.WriteLine();
            if (_results.Count == 0 && TargetRows.Count == 0) return TargetsMet ? 0 : 1;
        }
        if (TargetRows.Count > 0)
        {
            Console.WriteLine($"| step | size | time | app peak memory | within {StockTakeScenario.TimeTarget.TotalSeconds:0} s and {StockTakeScenario.MemoryTarget / (1024 * 1024)} MB | note |");
            Console.WriteLine("| --- | ---: | ---: | ---: | --- | --- |");
            TargetRows.ForEach(Console.WriteLine);
            Console.WriteLine();
            if (_results.Count == 0) return TargetsMet ? 0 : 1;
        }
        // Scenarios with absolute targets only (the genealogy prints its own lines): no floor table to judge.
        if (_results.Count == 0) return TargetsMet ? 0 : 1;
        Console.WriteLine($"| scenario | size | API (median) | raw floor (median) | ratio | within {Bench.Target:0}x |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | --- |");
        var met = _results.Count > 0;
        foreach (var (scenario, size, apiTimes, floorTimes, failures) in _results)
        {
            if (failures.Count > 0 || apiTimes.Count == 0)
            {
                met = false;
                Console.WriteLine($"| {scenario} | {size:N0} | failed: {failures[0].Split(": {")[0].Split(" answered ")[^1]} | {(floorTimes.Count > 0 ? Ms(Median(floorTimes)) : "-")} | - | NO |");
                continue;
            }
            var (a, f) = (Median(apiTimes), Median(floorTimes));
            var ratio = a / f;
            met &= ratio <= Bench.Target;
            Console.WriteLine($"| {scenario} | {size:N0} | {Ms(a)} | {Ms(f)} | {ratio:0.00}x | {(ratio <= Bench.Target ? "yes" : "NO")} |");
        }
        Console.WriteLine();
        Console.WriteLine(met
            ? $"Target met: the API is within {Bench.Target:0}x of the raw floor at every size."
            : $"Target NOT met: the API failed or is slower than {Bench.Target:0}x the raw floor at some size.");
        return met && TargetsMet ? 0 : 1;
    }

    private static TimeSpan Median(List<TimeSpan> times)
    {
        var sorted = times.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:N0} ms";
}

static class Scenarios
{
    /// <summary>
    /// One purchase order line of N serials received in one POST, the serials sent as an explicit list (no ranges) so
    /// that parsing is exercised. Floor: one SerialUnits row and one StockMovements row per unit, prepared statements,
    /// one transaction, fresh file.
    /// </summary>
    public static async Task ReceiveAsync(Bench bench)
    {
        var api = bench.Api;
        var warehouse = await api.PostAsync("/api/warehouses", new { code = "BENCH", name = "Bench warehouse" });
        var supplier = await api.PostAsync("/api/suppliers", new { name = "Bench supplier" });
        var (warehouseId, supplierId) = (warehouse.Id(), supplier.Id());
        var run = 0;

        async Task<TimeSpan> ReceiveThroughApiAsync(int size)
        {
            run++;
            var product = await api.PostAsync("/api/products", new { sku = $"BENCH-R{run}", name = $"Bench serial product {run}", trackingType = "Serial" });
            var order = await api.PostAsync("/api/purchase-orders", new
            {
                supplierId, warehouseId,
                lines = new[] { new { productId = product.Id(), quantity = size, unitCost = 12.5m } },
            });
            await api.PostAsync($"/api/purchase-orders/{order.Id()}/approve", new { });
            var lineId = order.GetProperty("lines")[0].Id();
            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                lines = new[] { new { lineId, quantity = size, serials = Serials(size) } },
            });

            bench.ShowSqlSinceLastCall("set-up");
            var (elapsed, receipt) = await api.TimedPostAsync($"/api/purchase-orders/{order.Id()}/receipts", body);
            bench.ShowSqlSinceLastCall($"receipt of {size:N0}");

            var received = receipt.GetProperty("lines")[0].GetProperty("serials").GetArrayLength();
            var stock = await api.GetAsync($"/api/products/{product.Id()}/stock");
            if (received != size || stock.GetProperty("onHand").GetDecimal() != size)
                throw new InvalidOperationException($"The receipt of {size} serials answered {received} serials and {stock.GetProperty("onHand")} on hand.");
            return elapsed;
        }

        async Task<TimeSpan> ReceiveOnFloorAsync(int size)
        {
            await using var connection = await bench.FreshFloorDatabaseAsync();
            var (productId, floorWarehouseId) = SeedFloorParents(connection);
            var serials = Serials(size);

            var clock = Stopwatch.StartNew();
            using var tx = connection.BeginTransaction();
            using var unit = connection.CreateCommand();
            unit.CommandText =
                "INSERT INTO \"SerialUnits\" (\"ProductId\", \"Serial\", \"SerialKey\", \"Status\", \"WarehouseId\", \"UnitCost\") " +
                "VALUES (@product, @serial, @key, 'InStock', @warehouse, @cost)";
            var (uProduct, uSerial, uKey, uWarehouse, uCost) = (unit.Parameters.Add("@product", SqliteType.Integer),
                unit.Parameters.Add("@serial", SqliteType.Text), unit.Parameters.Add("@key", SqliteType.Text),
                unit.Parameters.Add("@warehouse", SqliteType.Integer), unit.Parameters.Add("@cost", SqliteType.Text));
            unit.Prepare();
            using var movement = connection.CreateCommand();
            movement.CommandText =
                "INSERT INTO \"StockMovements\" (\"ProductId\", \"WarehouseId\", \"OccurredAt\", \"Quantity\", \"UnitCost\", \"Value\", " +
                "\"SerialUnitId\", \"Batch\", \"Description\", \"SourceType\", \"SourceId\", \"SourceNumber\", \"SourceLineId\", \"Kind\") " +
                "VALUES (@product, @warehouse, @at, '1.0', @cost, @cost, last_insert_rowid(), NULL, @description, 'PurchaseOrder', 1, 'PO-00001', 1, 'Received')";
            var (mProduct, mWarehouse, mAt, mCost, mDescription) = (movement.Parameters.Add("@product", SqliteType.Integer),
                movement.Parameters.Add("@warehouse", SqliteType.Integer), movement.Parameters.Add("@at", SqliteType.Text),
                movement.Parameters.Add("@cost", SqliteType.Text), movement.Parameters.Add("@description", SqliteType.Text));
            movement.Prepare();

            (uProduct.Value, uWarehouse.Value, uCost.Value) = (productId, floorWarehouseId, "12.5");
            (mProduct.Value, mWarehouse.Value, mCost.Value, mAt.Value) = (productId, floorWarehouseId, "12.5", DateTime.UtcNow);
            foreach (var serial in serials)
            {
                uSerial.Value = serial;
                uKey.Value = serial.ToUpperInvariant();
                if (unit.ExecuteNonQuery() != 1) throw new InvalidOperationException("A unit was not inserted.");
                mDescription.Value = $"Received on PO-00001 from Bench supplier — serial {serial}";
                movement.ExecuteNonQuery();
            }
            tx.Commit();
            return clock.Elapsed;
        }

        // Warm-up: JIT and tiered compilation of every path on both sides, not measured.
        Console.WriteLine("receive: warming up");
        for (var i = 0; i < 3; i++)
        {
            await ReceiveThroughApiAsync(2_000);
            if (bench.Provider == "postgres") await PostgresFloor.ReceiveAsync(bench, 2_000, Serials(2_000));
            else await ReceiveOnFloorAsync(2_000);
        }

        foreach (var size in bench.Options.Sizes)
        for (var i = 0; i < bench.Options.Repeat; i++)
        {
            // Interleaved, so that a noisy moment of the machine hits both sides alike.
            TimeSpan apiTime;
            try
            {
                apiTime = await ReceiveThroughApiAsync(size);
            }
            catch (ApiFailedException e)
            {
                bench.RecordFailure("receive", size, e.Message);
                break;
            }
            var floorTime = bench.Provider == "postgres" ? await PostgresFloor.ReceiveAsync(bench, size, Serials(size)) : await ReceiveOnFloorAsync(size);
            bench.Record("receive", size, apiTime, floorTime);
        }
    }

    /// <summary>The product, warehouse and supplier the floor's rows point at (foreign keys are on, as in the app).</summary>
    internal static (long ProductId, long WarehouseId) SeedFloorParents(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText =
            "INSERT INTO \"Warehouses\" (\"Code\", \"CodeKey\", \"Name\") VALUES ('BENCH', 'BENCH', 'Bench warehouse');" +
            "INSERT INTO \"Suppliers\" (\"Name\") VALUES ('Bench supplier');" +
            "INSERT INTO \"Products\" (\"Sku\", \"SkuKey\", \"Name\", \"TrackingType\", \"IsActive\", \"CreatedAt\") " +
            "VALUES ('BENCH-R', 'BENCH-R', 'Bench serial product', 'Serial', 1, '2026-01-01 00:00:00');" +
            "SELECT (SELECT max(\"Id\") FROM \"Products\"), (SELECT max(\"Id\") FROM \"Warehouses\");";
        using var reader = cmd.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Serials as a scanner would send them: one explicit string per unit.</summary>
    private static string[] Serials(int size) =>
        Enumerable.Range(1, size).Select(i => $"SN-{i:D7}").ToArray();
}

/// <summary>A thin JSON client for the API; every non-success answer stops the bench with its problem text.</summary>
sealed class Api(HttpClient client)
{
    public async Task<JsonElement> PostAsync(string path, object body) =>
        await SendAsync(path, JsonSerializer.SerializeToUtf8Bytes(body));

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await client.GetAsync(path);
        return await ReadAsync(response, path);
    }

    /// <summary>From the first byte sent to the last byte of the answer read: what a client waits.</summary>
    public async Task<(TimeSpan Elapsed, JsonElement Answer)> TimedPostAsync(string path, byte[] body)
    {
        using var content = Json(body);
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsync(path, content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var elapsed = clock.Elapsed;
        if (!response.IsSuccessStatusCode)
            throw new ApiFailedException($"POST {path} answered {(int)response.StatusCode} after {elapsed.TotalMilliseconds:N0} ms: {Encoding.UTF8.GetString(bytes)}");
        return (elapsed, JsonDocument.Parse(bytes).RootElement);
    }

    /// <summary>Any answer, as its status and text: for requests that may be refused.</summary>
    public async Task<(int Status, string Text)> PostRawAsync(string path, byte[] body)
    {
        using var content = Json(body);
        using var response = await client.PostAsync(path, content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> SendAsync(string path, byte[] body)
    {
        using var content = Json(body);
        using var response = await client.PostAsync(path, content);
        return await ReadAsync(response, path);
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string path)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }
}

sealed class ApiFailedException(string message) : Exception(message);

static class JsonElementExtensions
{
    public static int Id(this JsonElement element) => element.GetProperty("id").GetInt32();
}

/// <summary>The built Stocktrail app in its own process, on a free loopback port, on its own SQLite file or PostgreSQL database.</summary>
sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process, string dll, HttpClient client) => (_process, Dll, Client) = (process, dll, client);

    public string Dll { get; }
    public HttpClient Client { get; }
    public int ProcessId => _process.Id;

    public static async Task<AppProcess> StartAsync(string? dll, string provider, string connectionString, bool logSql)
    {
        dll = Path.GetFullPath(dll ?? FindAppDll());
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(a);
        start.Environment["ConnectionStrings__Stocktrail"] = connectionString;
        start.Environment["Database__Provider"] = provider == "postgres" ? "Postgres" : "Sqlite";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        // The bench acts as the Administrator a fresh installation makes from its bootstrap key.
        var key = "bench-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        start.Environment["Stocktrail__BootstrapApiKey"] = key;
        if (logSql) start.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Information";

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        var app = new AppProcess(process, dll, client);
        process.OutputDataReceived += (_, e) => app.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => app.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(240)) // migrating a fresh PostgreSQL database on a loaded machine takes a while
        {
            if (process.HasExited) break;
            try
            {
                using var health = await client.GetAsync("/health");
                if (health.StatusCode == HttpStatusCode.OK) return app;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        var output = app.Output;
        await app.DisposeAsync();
        throw new InvalidOperationException($"Stocktrail ({dll}) did not answer /health on port {port}. Its output:\n{output}");
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public string TakeOutput()
    {
        lock (_output)
        {
            var text = _output.ToString();
            _output.Clear();
            return text;
        }
    }

    private void Capture(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>The app's own build output (bin/&lt;configuration&gt;), found from the bench's.</summary>
    private static string FindAppDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent?.Name ?? "Release";
        var tfm = here.Name;
        for (var dir = here; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Stocktrail", "bin", configuration, tfm, "Stocktrail.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("The built Stocktrail.dll was not found under src/Stocktrail/bin; build it or pass --app path/Stocktrail.dll.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
