using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Stocktrail.Data;

/// <summary>
/// A big database (default 1,000,000 serial units and 10,000,000 ledger rows, <c>--scale-units</c>/<c>--scale-rows</c>)
/// made through the app's own migrations and seeded in bulk (<see cref="ScaleSeed"/>), which must pass the app's own
/// reconciliation; then the app is started on it and every page and read is timed through HTTP, 20 calls each after
/// two warm-up calls, p50 and p95; the reconciliation with the app's peak memory growth; and a 10,000-serial receipt and
/// dispatch on the big database beside the same on an empty one.
/// </summary>
static class ScaleScenario
{
    public static readonly TimeSpan ReadTarget = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan ReportTarget = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan ReconcileTarget = TimeSpan.FromSeconds(30);
    public const long ReconcileMemoryTarget = 200L * 1024 * 1024;
    public const double WriteRatioTarget = 1.5;
    private const int Calls = 20, WarmUp = 2, BigSerials = 10_000;
    private static readonly TimeSpan SlowCall = TimeSpan.FromSeconds(5), CallTimeout = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(BenchOptions options, string provider, PostgresDatabases postgres, string folder, Results results)
    {
        var seed = new ScaleSeed(options.ScaleUnits, options.ScaleRows);
        Console.WriteLine($"scale ({provider}): {seed.HeavyUnits:N0} units of the heavy product, {ScaleSeed.NormalSerialProducts} × {seed.UnitsPerNormal:N0} of the others, " +
            $"{seed.LayerBlocks:N0} Fifo and batch blocks, {ScaleSeed.ProductCount:N0} products; load average {Bench.LoadAverage()}");
        var rows = new List<string>();
        void Row(string what, string time, string target, bool met, string note = "")
        {
            results.TargetsMet &= met;
            rows.Add($"| {what} | {time} | {target} | {(met ? "yes" : "NO")} | {note} |");
            Console.WriteLine($"  {what}: {time} (target {target}: {(met ? "met" : "NOT met")}) {note}");
        }

        // The database, through the app's migrations, then the seed; or, with --scale-cache, a copy of one seeded by
        // an earlier run of the same size (made there the first time, under a temporary name until it is complete).
        string connection;
        if (options.ScaleCache is null)
        {
            connection = provider == "postgres" ? await postgres.CreateAsync("scale") : $"Data Source={Path.Combine(folder, "scale.db")}";
            rows.Add(await SeedAsync(provider, connection, seed));
        }
        else
        {
            var cacheFolder = Directory.CreateDirectory(options.ScaleCache).FullName;
            var cache = $"stocktrail_scale_cache_{options.ScaleUnits}_{options.ScaleRows}";
            var seedRow = Path.Combine(cacheFolder, $"{cache}.{provider}.seed.txt");
            var file = Path.Combine(cacheFolder, $"{cache}.db");
            if (provider == "postgres" ? !await postgres.ExistsAsync(cache) : !File.Exists(file))
            {
                var making = $"{cache}_making";
                if (provider == "postgres")
                {
                    await postgres.DropAsync(making);
                    var row = await SeedAsync(provider, await postgres.CreateKeptAsync(making), seed);
                    await postgres.RenameAsync(making, cache);
                    File.WriteAllText(seedRow, row);
                }
                else
                {
                    var temporary = Path.Combine(cacheFolder, $"{making}.db");
                    File.Delete(temporary);
                    var row = await SeedAsync(provider, $"Data Source={temporary}", seed);
                    SqliteConnection.ClearAllPools();
                    File.Move(temporary, file, overwrite: true);
                    File.WriteAllText(seedRow, row);
                }
            }
            var copying = Stopwatch.StartNew();
            if (provider == "postgres") connection = await postgres.CopyAsync("scale", cache);
            else
            {
                var copy = Path.Combine(folder, "scale.db");
                File.Copy(file, copy, overwrite: true);
                connection = $"Data Source={copy}";
            }
            Console.WriteLine($"  copied the cached seeded database {cache} in {copying.Elapsed.TotalSeconds:N1} s");
            rows.Add(File.ReadAllText(seedRow).TrimEnd().TrimEnd('|').TrimEnd() + $" (when it was seeded; this run copied it from --scale-cache in {copying.Elapsed.TotalSeconds:N0} s) |");
        }

        var app = await AppProcess.StartAsync(options.AppPath, provider, connection, options.LogSql);
        try
        {
            await MeasureAsync(options, provider, postgres, folder, seed, app, Row);
        }
        finally
        {
            await app.DisposeAsync();
        }
        results.ScaleTables.Add((
            $"scale ({provider}): --scale-units {options.ScaleUnits:N0} --scale-rows {options.ScaleRows:N0} (the seed's row says what it wrote), {ScaleSeed.ProductCount:N0} products, {ScaleSeed.Warehouses} warehouses; " +
            $"heavy product SER-0001 with {seed.HeavyUnits:N0} units; load average at the end {Bench.LoadAverage()}", rows));
    }

    /// <summary>Migrates and seeds the database; the results table's row for the seed.</summary>
    private static async Task<string> SeedAsync(string provider, string connection, ScaleSeed seed)
    {
        var clock = Stopwatch.StartNew();
        await MigrateAsync(provider, connection);
        if (provider == "postgres")
        {
            await using var pg = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Pooling = false, CommandTimeout = 0 }.ToString());
            await pg.OpenAsync();
            var migrated = clock.Elapsed;
            clock.Restart();
            await seed.WriteAsync(new PostgresSink(pg), Progress);
            await using (var ids = new NpgsqlCommand(string.Join(";", ScaleSeed.Tables.Where(t => t.Columns[0] == "Id")
                .Select(t => $"SELECT setval(pg_get_serial_sequence('\"{t.Table}\"', 'Id'), (SELECT max(\"Id\") FROM \"{t.Table}\"))")), pg))
                await ids.ExecuteNonQueryAsync();
            var seeded = clock.Elapsed;
            clock.Restart();
            // What autovacuum would have done by the time anyone reads a database of this size.
            await using (var analyze = new NpgsqlCommand("ANALYZE", pg) { CommandTimeout = 0 }) await analyze.ExecuteNonQueryAsync();
            Console.WriteLine($"  migrated in {migrated.TotalSeconds:N1} s, seeded by binary COPY in {seeded.TotalSeconds:N1} s, analyzed in {clock.Elapsed.TotalSeconds:N1} s");
            return $"| seed (binary COPY) | {seeded.TotalSeconds:N0} s | - | - | {seed.MovementRows:N0} ledger rows, {seed.UnitRows:N0} units, {seed.Documents:N0} documents; ANALYZE {clock.Elapsed.TotalSeconds:N0} s |";
        }

        var file = new SqliteConnectionStringBuilder(connection).DataSource;
        await using var lite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await lite.OpenAsync();
        await using (var pragmas = lite.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-200000;";
            await pragmas.ExecuteNonQueryAsync();
        }
        var migratedLite = clock.Elapsed;
        clock.Restart();
        await seed.WriteAsync(new SqliteSink(lite), Progress);
        var seededLite = clock.Elapsed;
        await using (var checkpoint = lite.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }
        var gb = new FileInfo(file).Length / (1024.0 * 1024 * 1024);
        Console.WriteLine($"  migrated in {migratedLite.TotalSeconds:N1} s, seeded by prepared inserts in {seededLite.TotalSeconds:N1} s, {gb:N2} GB");
        return $"| seed (prepared inserts) | {seededLite.TotalSeconds:N0} s | - | - | {seed.MovementRows:N0} ledger rows, {seed.UnitRows:N0} units, {seed.Documents:N0} documents; {gb:N1} GB |";

        static void Progress(string table, long written, TimeSpan took)
        {
            if (written >= 10_000) Console.WriteLine($"    {table}: {written:N0} rows in {took.TotalSeconds:N1} s");
        }
    }

    private static async Task MeasureAsync(BenchOptions options, string provider, PostgresDatabases postgres, string folder, ScaleSeed seed, AppProcess app,
        Action<string, string, string, bool, string> Row)
    {
        var api = new Api(app.Client);
        Console.WriteLine($"  app started on the seeded database; load average {Bench.LoadAverage()}");
        var genealogy = await GenealogyScenario.BuildAsync(api);

        // The month-end stock snapshots, as a running app has them: the app queues their job at its start. Timed here is
        // a rebuild of them all from the ledger (every closed month, oldest first), from queueing to the job's end.
        var making = Stopwatch.StartNew();
        var (_, queued) = await api.TimedPostAsync("/api/admin/stock-snapshots?rebuild=true", "{}"u8.ToArray());
        JsonElement job;
        do
        {
            await Task.Delay(250);
            job = await api.GetAsync($"/api/jobs/{queued.GetProperty("id").GetInt32()}");
        } while (job.GetProperty("status").GetString() is "Queued" or "Running");
        var made = job.GetProperty("result");
        if (job.GetProperty("status").GetString() != "Succeeded") throw new InvalidOperationException($"The snapshot job failed: {job}");
        Console.WriteLine($"  stock snapshots: {made.GetProperty("periodsMade").GetInt32()} month(s), {made.GetProperty("rows").GetInt32():N0} rows in {making.Elapsed.TotalSeconds:N1} s");
        Row($"stock snapshots made from the ledger ({made.GetProperty("periodsMade").GetInt32()} months, {made.GetProperty("rows").GetInt32():N0} rows)", Results.Ms(making.Elapsed),
            "< 10 min", making.Elapsed < TimeSpan.FromMinutes(10), "the job, from queued to done");

        // The reconciliation: the seed must be consistent, and this is the check's time and memory.
        var reconciles = new List<TimeSpan>();
        long growth = 0;
        for (var run = 0; run < 3; run++)
        {
            var before = Memory(app.ProcessId, "VmRSS:");
            ResetPeak(app.ProcessId);
            var (elapsed, answer) = await api.TimedPostAsync("/api/admin/reconcile", "{}"u8.ToArray());
            growth = Math.Max(growth, Memory(app.ProcessId, "VmHWM:") - before);
            reconciles.Add(elapsed);
            var differences = answer.GetProperty("differences");
            if (differences.GetArrayLength() > 0)
                throw new InvalidOperationException($"The seeded database does not reconcile: {differences.GetArrayLength()} difference(s), the first: {differences[0]}");
            Console.WriteLine($"  reconcile {run + 1}: {elapsed.TotalMilliseconds:N0} ms, no differences, peak growth so far {growth / (1024.0 * 1024):N0} MB");
            if (elapsed > ReconcileTarget) break; // one run past the target says enough, and three would hold the run for many minutes
        }
        var reconcile = reconciles.Order().ToList();
        Row($"reconciliation ({reconcile.Count} run(s), median / max)", $"{Results.Ms(reconcile[reconcile.Count / 2])} / {Results.Ms(reconcile[^1])}, +{growth / (1024.0 * 1024):N0} MB", "< 30 s, < 200 MB",
            reconcile[^1] < ReconcileTarget && growth < ReconcileMemoryTarget, "no differences");
        // The big app keeps running while the empty one is measured: it is stopped by the caller.

        // Pages and reads.
        var heavy = ScaleSeed.HeavyProductId;
        var inStock = seed.HeavyInStockSerial;
        var reads = new (string What, string Path, TimeSpan Target)[]
        {
            ("dashboard page /", "/", ReadTarget),
            ("product page /products/{heavy}", $"/products/{heavy}", ReadTarget),
            ("movements page 1", $"/api/products/{heavy}/movements", ReadTarget),
            ("movements deep", await DeepAsync(api, $"/api/products/{heavy}/movements"), ReadTarget),
            ("serial page", $"/products/{heavy}/serials/{inStock}", ReadTarget),
            ("serial API", $"/api/products/{heavy}/serials/{inStock}", ReadTarget),
            ("serial search by prefix (page)", $"/serials?q={inStock[..^2]}", ReadTarget),
            ("in-stock serials page 1", $"/api/products/{heavy}/serials?status=InStock", ReadTarget),
            ("in-stock serials deep", await DeepAsync(api, $"/api/products/{heavy}/serials?status=InStock"), ReadTarget),
            ("trace down, 5 levels", $"/api/products/{genealogy.TopProductId}/serials/{genealogy.TopSerial}/trace?direction=down", ReportTarget),
            ("recall of a batch, 5 levels", $"/api/recall?productId={genealogy.ResinId}&batch={genealogy.Batch}", ReportTarget),
            ("stock value at 2026-01-01", "/api/reports/stock-value?at=2026-01-01T00:00:00Z", ReportTarget),
            ("stock value at 2026-01-16 (mid-month)", "/api/reports/stock-value?at=2026-01-16T12:00:00Z", ReportTarget),
            ("cost of goods of June 2026", "/api/reports/cost-of-goods?from=2026-06-01T00:00:00Z&to=2026-07-01T00:00:00Z", ReportTarget),
        };
        foreach (var (what, path, target) in reads)
        {
            var times = new List<TimeSpan>();
            long bytes = 0;
            try
            {
                // A call that takes seconds is timed 3 times rather than 20, so that one slow read does not hold the run for many minutes.
                var calls = Calls;
                for (var i = 0; i < WarmUp + calls; i++)
                {
                    if (i == WarmUp + calls - 1) app.TakeOutput();
                    var (elapsed, length) = await TimedGetAsync(app.Client, path);
                    if (i == 0 && elapsed > SlowCall) calls = 3;
                    if (i >= WarmUp) times.Add(elapsed);
                    bytes = length;
                }
            }
            catch (ApiFailedException e)
            {
                Row(what, "failed", $"p95 < {Results.Ms(target)}", false, $"{(e.Message.Length > 200 ? e.Message[..200] : e.Message)}; `{path}`");
                continue;
            }
            var (p50, p95) = (Quantile(times, 0.50), Quantile(times, 0.95));
            if (options.LogSql) ShowSql(app.TakeOutput());
            Row(what, $"p50 {Results.Ms(p50)}, p95 {Results.Ms(p95)}", $"p95 < {Results.Ms(target)}", p95 < target,
                $"{(times.Count < Calls ? $"{times.Count} calls only; " : "")}{bytes / 1024.0:N0} KB, `{path}`");
        }

        // A 10,000-serial receipt and dispatch on the big database beside the same on an empty one, run by run in turn.
        var emptyConnection = provider == "postgres" ? await postgres.CreateAsync("scale_empty") : $"Data Source={Path.Combine(folder, "scale-empty.db")}";
        await using var empty = await AppProcess.StartAsync(options.AppPath, provider, emptyConnection, options.LogSql);
        var (onBig, onEmpty) = (await Writer.StartAsync(api, "big"), await Writer.StartAsync(new Api(empty.Client), "empty"));
        for (var run = 0; run < 4; run++)
        {
            // The first run, of 2,000, warms up both apps and is not counted.
            await onBig.RunAsync(run);
            await onEmpty.RunAsync(run);
        }
        var (big, small) = (onBig.Medians(), onEmpty.Medians());
        Row($"receipt of {BigSerials:N0} serials (median of 3)", $"{Results.Ms(big.Receipt)} (empty: {Results.Ms(small.Receipt)}, {big.Receipt / small.Receipt:0.00}x)",
            $"within {WriteRatioTarget}x of empty", big.Receipt / small.Receipt <= WriteRatioTarget, "");
        Row($"dispatch of {BigSerials:N0} of 20,000 (median of 3)", $"{Results.Ms(big.Dispatch)} (empty: {Results.Ms(small.Dispatch)}, {big.Dispatch / small.Dispatch:0.00}x)",
            $"within {WriteRatioTarget}x of empty", big.Dispatch / small.Dispatch <= WriteRatioTarget, "");
    }

    /// <summary>A fresh database with the app's schema, through its own migrations.</summary>
    private static async Task MigrateAsync(string provider, string connection)
    {
        if (provider == "postgres")
        {
            var options = new DbContextOptionsBuilder<PostgresStocktrailDbContext>().UseNpgsql(connection)
                .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options;
            await using var db = new PostgresStocktrailDbContext(options);
            await db.Database.MigrateAsync();
        }
        else
        {
            var options = new DbContextOptionsBuilder<SqliteStocktrailDbContext>().UseSqlite(connection)
                .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options;
            await using var db = new SqliteStocktrailDbContext(options);
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await db.Database.MigrateAsync();
        }
    }

    /// <summary>
    /// A page deep in a list: with a cursor (<c>next</c> in the answer), the one reached by following it with pages of
    /// 10,000 to four fifths of the way (untimed); without, <c>page=</c> at four fifths of the total.
    /// </summary>
    private static async Task<string> DeepAsync(Api api, string path)
    {
        var join = path.Contains('?') ? '&' : '?';
        var first = await api.GetAsync(path);
        if (first.TryGetProperty("next", out var next) || !first.TryGetProperty("total", out var total))
        {
            var cursors = new List<string>();
            var cursor = next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            for (var i = 0; cursor is not null && i < 1_000; i++)
            {
                cursors.Add(cursor);
                var page = await api.GetAsync($"{path}{join}pageSize=10000&after={Uri.EscapeDataString(cursor)}");
                cursor = page.TryGetProperty("next", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            }
            return cursors.Count == 0 ? path : $"{path}{join}after={Uri.EscapeDataString(cursors[cursors.Count * 4 / 5])}";
        }
        var pageSize = first.TryGetProperty("pageSize", out var size) ? size.GetInt32() : 100;
        return $"{path}{join}page={Math.Max(1, total.GetInt32() / pageSize * 4 / 5)}";
    }

    /// <summary>With --log-sql: the EF Core commands of the last call, slowest first.</summary>
    private static void ShowSql(string output)
    {
        var commands = System.Text.RegularExpressions.Regex.Matches(output, @"Executed DbCommand \((\d+)ms\)[^\n]*\n((?:\s{6}[^\n]*\n){1,6})")
            .Select(m => (Ms: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Sql: System.Text.RegularExpressions.Regex.Replace(m.Groups[2].Value, @"\s+", " ").Trim()))
            .ToList();
        Console.WriteLine($"    last call: {commands.Count} commands, {commands.Sum(c => c.Ms):N0} ms in the database");
        foreach (var (ms, sql) in commands.OrderByDescending(c => c.Ms).Take(3))
            Console.WriteLine($"      {ms,6:N0} ms  {(sql.Length > 400 ? sql[..400] + "…" : sql)}");
    }

    private static async Task<(TimeSpan Elapsed, long Bytes)> TimedGetAsync(HttpClient client, string path)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(CallTimeout);
        HttpResponseMessage answer;
        try
        {
            answer = await client.GetAsync(path, timeout.Token);
        }
        catch (TaskCanceledException)
        {
            throw new ApiFailedException($"no answer within {CallTimeout.TotalSeconds:N0} s (the call was cancelled)");
        }
        using var response = answer;
        var body = await response.Content.ReadAsByteArrayAsync();
        var elapsed = clock.Elapsed;
        if (!response.IsSuccessStatusCode)
            throw new ApiFailedException($"GET {path} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        return (elapsed, body.Length);
    }

    /// <summary>
    /// Runs on a new product each: a receipt of 10,000 explicit serials (timed), another of 10,000 (untimed), and a
    /// dispatch of 10,000 explicit serials scattered over the 20,000 (timed). Run 0 is a warm-up of 2,000, not counted.
    /// </summary>
    private sealed class Writer(Api api, string where, string tag, int warehouseId, int supplierId, int customerId)
    {
        private readonly List<TimeSpan> _receipts = [], _dispatches = [];

        public static async Task<Writer> StartAsync(Api api, string where)
        {
            var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
            var warehouseId = (await api.PostAsync("/api/warehouses", new { code = $"BIG-{tag}", name = "Scale bench warehouse" })).Id();
            var supplierId = (await api.PostAsync("/api/suppliers", new { name = "Scale bench supplier" })).Id();
            var customerId = (await api.PostAsync("/api/customers", new { name = "Scale bench customer" })).Id();
            return new Writer(api, where, tag, warehouseId, supplierId, customerId);
        }

        public async Task RunAsync(int run)
        {
            var size = run == 0 ? 2_000 : BigSerials;
            var productId = (await api.PostAsync("/api/products", new { sku = $"BIG-{tag}-{run}", name = $"Scale bench product {run}", trackingType = "Serial" })).Id();
            string SerialOf(int i) => $"BIG{tag}{run}-{i:D6}";
            var times = new List<TimeSpan>();
            for (var half = 0; half < 2; half++)
            {
                var order = await api.PostAsync("/api/purchase-orders", new { supplierId, warehouseId, lines = new[] { new { productId, quantity = size, unitCost = 12.5m } } });
                await api.PostAsync($"/api/purchase-orders/{order.Id()}/approve", new { });
                var body = JsonSerializer.SerializeToUtf8Bytes(new
                {
                    lines = new[] { new { lineId = order.GetProperty("lines")[0].Id(), quantity = size, serials = Enumerable.Range(half * size + 1, size).Select(SerialOf).ToArray() } },
                });
                var (elapsed, _) = await api.TimedPostAsync($"/api/purchase-orders/{order.Id()}/receipts", body);
                times.Add(elapsed);
            }
            var picked = Enumerable.Range(1, 2 * size).ToArray();
            new Random(20261202 + run).Shuffle(picked);
            var sale = await api.PostAsync("/api/stock-sales", new { customerId, warehouseId, lines = new[] { new { productId, quantity = size, unitPrice = 20m } } });
            var dispatch = JsonSerializer.SerializeToUtf8Bytes(new
            {
                lines = new[] { new { lineId = sale.GetProperty("lines")[0].Id(), quantity = size, serials = picked[..size].Select(SerialOf).ToArray() } },
            });
            var (dispatched, _) = await api.TimedPostAsync($"/api/stock-sales/{sale.Id()}/dispatches", dispatch);
            var onHand = (await api.GetAsync($"/api/products/{productId}/stock")).GetProperty("onHand").GetDecimal();
            if (onHand != size) throw new InvalidOperationException($"After receiving {2 * size} and dispatching {size}, {onHand} are on hand.");
            if (run == 0) return;
            _receipts.Add(times[0]);
            _dispatches.Add(dispatched);
            Console.WriteLine($"  {where} database: receipt of {size:N0} {Results.Ms(times[0])}, dispatch of {size:N0} of {2 * size:N0} {Results.Ms(dispatched)}");
        }

        public (TimeSpan Receipt, TimeSpan Dispatch) Medians() => (_receipts.Order().ToList()[_receipts.Count / 2], _dispatches.Order().ToList()[_dispatches.Count / 2]);
    }

    private static TimeSpan Quantile(List<TimeSpan> times, double q)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
    }

    /// <summary>Writing 5 to clear_refs resets the peak resident set (VmHWM) to the current one (Linux 4.0 and later).</summary>
    private static void ResetPeak(int pid)
    {
        var path = $"/proc/{pid}/clear_refs";
        if (File.Exists(path)) File.WriteAllText(path, "5");
    }

    private static long Memory(int pid, string field)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path)) return 0;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
