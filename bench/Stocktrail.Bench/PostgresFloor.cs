using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Stocktrail.Data;

/// <summary>
/// The databases the bench makes on a PostgreSQL server (from <c>--postgres</c> or <c>STOCKTRAIL_TEST_POSTGRES</c>, a
/// role that may create databases): one for the app, one per floor run, each named <c>stocktrail_bench_…</c> and all
/// dropped at the end.
/// </summary>
sealed class PostgresDatabases(string? server)
{
    private readonly List<string> _made = [];
    public IReadOnlyList<string> Made => _made;
    private readonly string _prefix = $"stocktrail_bench_{Guid.NewGuid():N}"[..30];

    /// <summary>A new empty database; its connection string.</summary>
    public async Task<string> CreateAsync(string what)
    {
        var name = $"{_prefix}_{what}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        _made.Add(name);
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    /// <summary>
    /// A new database copied from <paramref name="template"/> (which must have no connections); its connection string.
    /// The copy is dropped at the end like the others; the template is not.
    /// </summary>
    public async Task<string> CopyAsync(string what, string template)
    {
        var name = $"{_prefix}_{what}";
        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", admin) { CommandTimeout = 0 };
            await create.ExecuteNonQueryAsync();
        }
        _made.Add(name);
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    /// <summary>Whether a database of that name is on the server.</summary>
    public async Task<bool> ExistsAsync(string name)
    {
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var find = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", admin);
        find.Parameters.AddWithValue("name", name);
        return (long)(await find.ExecuteScalarAsync())! > 0;
    }

    public async Task DropAsync(string name) => await AdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");

    public async Task RenameAsync(string from, string to) => await AdminAsync($"ALTER DATABASE \"{from}\" RENAME TO \"{to}\"");

    private async Task AdminAsync(string sql)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A database of that exact name, kept at the end (a cache of a seeded database); its connection string.</summary>
    public async Task<string> CreateKeptAsync(string name)
    {
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    /// <summary>With --keep: the databases left on the server, for the message that says what was kept.</summary>
    public string Kept() => _made.Count == 0 ? "" : $" and PostgreSQL database(s) {string.Join(", ", _made)}";

    public async Task DropAllAsync()
    {
        if (_made.Count == 0) return;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        foreach (var name in _made)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        _made.Clear();
    }
}

/// <summary>
/// PostgreSQL's floors: the same rows as the API writes, the fastest plain way, into a fresh database with the app's
/// schema (its own migrations). Receipt: ids from the units' identity sequence, then binary COPY of the units and of
/// their ledger rows, one transaction. Dispatch: the same 10,000 conditional updates by primary key as SQLite's floor,
/// sent as one pipelined batch (each row count checked), then binary COPY of the ledger rows, one transaction.
/// </summary>
static class PostgresFloor
{
    public static readonly string[] Scenarios = ["receive", "dispatch"];

    private const string UnitCopy =
        "COPY \"SerialUnits\" (\"Id\", \"ProductId\", \"Serial\", \"SerialKey\", \"Status\", \"WarehouseId\", \"UnitCost\") FROM STDIN (FORMAT BINARY)";
    private const string MovementCopy =
        "COPY \"StockMovements\" (\"ProductId\", \"WarehouseId\", \"OccurredAt\", \"Quantity\", \"UnitCost\", \"Value\", \"SerialUnitId\", " +
        "\"Description\", \"SourceType\", \"SourceId\", \"SourceNumber\", \"SourceLineId\", \"Kind\") FROM STDIN (FORMAT BINARY)";

    public static async Task<TimeSpan> ReceiveAsync(Bench bench, int size, string[] serials)
    {
        await using var connection = await FreshDatabaseAsync(bench);
        var (productId, warehouseId) = await SeedParentsAsync(connection);

        var clock = Stopwatch.StartNew();
        await using var tx = await connection.BeginTransactionAsync();
        var ids = await ReserveIdsAsync(connection, size);
        await CopyUnitsAsync(connection, productId, warehouseId, ids, serials);
        await CopyMovementsAsync(connection, productId, warehouseId, +1, ids, serials, "Received on PO-00001 from Bench supplier", "PurchaseOrder", "Received");
        await tx.CommitAsync();
        return clock.Elapsed;
    }

    public static async Task<TimeSpan> DispatchAsync(Bench bench, int inStock, Func<int, string> serialOf, string[] picked)
    {
        await using var connection = await FreshDatabaseAsync(bench);
        var (productId, warehouseId) = await SeedParentsAsync(connection);
        // The stock, untimed: the units in stock and their receipt rows, then statistics as autovacuum would leave them.
        var all = Enumerable.Range(1, inStock).Select(serialOf).ToArray();
        await using (var seed = await connection.BeginTransactionAsync())
        {
            var seeded = await ReserveIdsAsync(connection, inStock);
            await CopyUnitsAsync(connection, productId, warehouseId, seeded, all);
            await CopyMovementsAsync(connection, productId, warehouseId, +1, seeded, all, "Received on PO-00001 from Bench supplier", "PurchaseOrder", "Received");
            await seed.CommitAsync();
        }
        await using (var analyze = new NpgsqlCommand("ANALYZE \"SerialUnits\"; ANALYZE \"StockMovements\"", connection)) await analyze.ExecuteNonQueryAsync();
        var idOf = new Dictionary<string, long>(inStock);
        await using (var read = new NpgsqlCommand("SELECT \"Id\", \"Serial\" FROM \"SerialUnits\"", connection))
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync()) idOf[reader.GetString(1)] = reader.GetInt64(0);
        var ids = picked.Select(s => idOf[s]).ToArray();

        var clock = Stopwatch.StartNew();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var batch = new NpgsqlBatch(connection, tx))
        {
            foreach (var id in ids)
                batch.BatchCommands.Add(new NpgsqlBatchCommand(
                    "UPDATE \"SerialUnits\" SET \"Status\" = 'Out', \"WarehouseId\" = NULL WHERE \"Id\" = $1 AND \"Status\" = 'InStock' AND \"WarehouseId\" = $2")
                    { Parameters = { new() { Value = id }, new() { Value = warehouseId } } });
            await batch.ExecuteNonQueryAsync();
            if (batch.BatchCommands.Cast<NpgsqlBatchCommand>().Any(c => c.RecordsAffected != 1)) throw new InvalidOperationException("A unit was not in stock.");
        }
        await CopyMovementsAsync(connection, productId, warehouseId, -1, ids, picked, "Dispatched on SO-00001 to Bench customer", "StockSale", "Dispatched");
        await tx.CommitAsync();
        return clock.Elapsed;
    }

    private static async Task<NpgsqlConnection> FreshDatabaseAsync(Bench bench)
    {
        var connectionString = await bench.Postgres.CreateAsync($"floor_{Guid.NewGuid():N}"[..14]);
        var options = new DbContextOptionsBuilder<PostgresStocktrailDbContext>().UseNpgsql(connectionString)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options;
        await using (var db = new PostgresStocktrailDbContext(options)) await db.Database.MigrateAsync();
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<(int ProductId, int WarehouseId)> SeedParentsAsync(NpgsqlConnection connection)
    {
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO \"Warehouses\" (\"Code\", \"CodeKey\", \"Name\") VALUES ('BENCH', 'BENCH', 'Bench warehouse');" +
            "INSERT INTO \"Suppliers\" (\"Name\") VALUES ('Bench supplier');" +
            "INSERT INTO \"Products\" (\"Sku\", \"SkuKey\", \"Name\", \"TrackingType\", \"IsActive\", \"CreatedAt\") " +
            "VALUES ('BENCH-R', 'BENCH-R', 'Bench serial product', 'Serial', true, now());" +
            "SELECT (SELECT max(\"Id\") FROM \"Products\"), (SELECT max(\"Id\") FROM \"Warehouses\");", connection);
        // Npgsql's reader stands on the first statement that returns rows: the SELECT.
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    private static async Task<long[]> ReserveIdsAsync(NpgsqlConnection connection, int count)
    {
        var ids = new List<long>(count);
        await using var cmd = new NpgsqlCommand("SELECT nextval(pg_get_serial_sequence('\"SerialUnits\"', 'Id')) FROM generate_series(1, $1)", connection)
            { Parameters = { new() { Value = count } } };
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetInt64(0));
        return ids.ToArray();
    }

    private static async Task CopyUnitsAsync(NpgsqlConnection connection, int productId, int warehouseId, long[] ids, string[] serials)
    {
        await using var copy = await connection.BeginBinaryImportAsync(UnitCopy);
        for (var i = 0; i < ids.Length; i++)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(ids[i], NpgsqlDbType.Bigint);
            await copy.WriteAsync(productId, NpgsqlDbType.Integer);
            await copy.WriteAsync(serials[i], NpgsqlDbType.Varchar);
            await copy.WriteAsync(serials[i].ToUpperInvariant(), NpgsqlDbType.Varchar);
            await copy.WriteAsync("InStock", NpgsqlDbType.Varchar);
            await copy.WriteAsync(warehouseId, NpgsqlDbType.Integer);
            await copy.WriteAsync(12.5m, NpgsqlDbType.Numeric);
        }
        await copy.CompleteAsync();
    }

    private static async Task CopyMovementsAsync(NpgsqlConnection connection, int productId, int warehouseId, int direction, long[] ids,
        string[] serials, string description, string sourceType, string kind)
    {
        var at = DateTime.UtcNow;
        await using var copy = await connection.BeginBinaryImportAsync(MovementCopy);
        for (var i = 0; i < ids.Length; i++)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(productId, NpgsqlDbType.Integer);
            await copy.WriteAsync(warehouseId, NpgsqlDbType.Integer);
            await copy.WriteAsync(at, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync((decimal)direction, NpgsqlDbType.Numeric);
            await copy.WriteAsync(12.5m, NpgsqlDbType.Numeric);
            await copy.WriteAsync(direction * 12.5m, NpgsqlDbType.Numeric);
            await copy.WriteAsync(ids[i], NpgsqlDbType.Bigint);
            await copy.WriteAsync($"{description} — serial {serials[i]}", NpgsqlDbType.Varchar);
            await copy.WriteAsync(sourceType, NpgsqlDbType.Varchar);
            await copy.WriteAsync(1, NpgsqlDbType.Integer);
            await copy.WriteAsync("PO-00001", NpgsqlDbType.Varchar);
            await copy.WriteAsync(1, NpgsqlDbType.Integer);
            await copy.WriteAsync(kind, NpgsqlDbType.Varchar);
        }
        await copy.CompleteAsync();
    }
}
