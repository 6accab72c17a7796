using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Data;

/// <summary>
/// What a database made by release 0.1 held (every row of every table, as text), read before the current app first
/// starts on it, and the checks that the upgrade kept all of it. The fixtures are described in tests/fixtures/README.md.
/// </summary>
public sealed class Release01
{
    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    /// <summary>Grow by design: the migrations applied, and EF's migration lock.</summary>
    private static readonly string[] Bookkeeping = ["__EFMigrationsHistory", "__EFMigrationsLock", "sqlite_sequence"];

    private Release01(Dictionary<string, (string[] Columns, List<string> Rows)> tables, List<(int ProductId, decimal OnHand, decimal Value)> levels,
        List<(int ProductId, string Serial, int WarehouseId)> serialsInStock)
    {
        Tables = tables;
        Levels = levels;
        SerialsInStock = serialsInStock;
    }

    public IReadOnlyDictionary<string, (string[] Columns, List<string> Rows)> Tables { get; }
    public IReadOnlyList<(int ProductId, decimal OnHand, decimal Value)> Levels { get; }
    public IReadOnlyList<(int ProductId, string Serial, int WarehouseId)> SerialsInStock { get; }

    /// <summary>Reads every table of the database as release 0.1 left it.</summary>
    public static Release01 Read(DbConnection connection)
    {
        var tables = new Dictionary<string, (string[], List<string>)>();
        foreach (var table in TableNames(connection).Where(t => !Bookkeeping.Contains(t)))
        {
            var columns = ColumnNames(connection, table);
            tables[table] = (columns, Rows(connection, table, columns));
        }
        var levels = Query(connection, "SELECT \"ProductId\", SUM(\"OnHand\"), SUM(\"Value\") FROM \"StockLevels\" GROUP BY \"ProductId\"",
            r => (r.GetInt32(0), r.GetDecimal(1), r.GetDecimal(2)));
        var serials = Query(connection, "SELECT \"ProductId\", \"Serial\", \"WarehouseId\" FROM \"SerialUnits\" WHERE \"Status\" = 'InStock'",
            r => (r.GetInt32(0), r.GetString(1), r.GetInt32(2)));
        return new Release01(tables, levels, serials);
    }

    /// <summary>Every table of release 0.1 still holds exactly its rows, each column as it was.</summary>
    public void AssertEveryRowIntact(DbConnection upgraded)
    {
        var now = TableNames(upgraded);
        Assert.True(Tables.Count >= 25, $"The fixture has only {Tables.Count} tables; is it release 0.1's?");
        foreach (var (table, (columns, rows)) in Tables)
        {
            Assert.Contains(table, now);
            var after = Rows(upgraded, table, columns);
            Assert.True(rows.Count == after.Count, $"{table} had {rows.Count} rows in release 0.1 and has {after.Count} after the upgrade.");
            Assert.True(rows.SequenceEqual(after), $"{table}'s rows changed in the upgrade: {string.Join(" | ", rows.Except(after).Take(3))}");
        }
    }

    /// <summary>The upgraded database, seen through the API: migrated, same stock and serials, a clean ledger, made "(before users)".</summary>
    public async Task AssertUpgradedThroughTheApiAsync(IServiceProvider services, Api api)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
            var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
            Assert.Equal(db.Database.GetMigrations(), applied);
            Assert.Contains(applied, m => m.EndsWith("_AddUsers", StringComparison.Ordinal));
            await AssertRowsGotKindsLayersAndReceiptsAsync(db);
        }

        foreach (var (productId, onHand, value) in Levels)
        {
            var stock = await api.Stock(productId);
            Assert.Equal(onHand, (decimal)stock["onHand"]!);
            Assert.Equal(value, (decimal)stock["value"]!);
        }
        foreach (var product in SerialsInStock.GroupBy(s => s.ProductId))
        {
            var listed = (await api.Get($"/api/products/{product.Key}/serials?status=InStock"))["items"]!.AsArray()
                .Select(s => ((string)s!["serial"]!, (int)s["warehouseId"]!)).Order().ToList();
            Assert.Equal(product.Select(s => (s.Serial, s.WarehouseId)).Order(), listed);
        }
        await api.AssertLedgerConsistent();

        var products = (await api.Get("/api/products"))["items"]!.AsArray().Select(p => (int)p!["id"]!).ToList();
        Assert.NotEmpty(products);
        foreach (var product in products)
            Assert.All(await api.Movements(product), m => Assert.Equal(Stocktrail.Features.Users.User.BeforeUsers, (string)m!["userName"]!));
        // Received, dispatched and returned on SS-00001, revalued by PO-00001's landed cost.
        var history = (await api.Serial(1, "CT200-2026-0002"))["history"]!.AsArray();
        Assert.Equal(4, history.Count);
        Assert.Equal(["Received", "Dispatched", "CustomerReturn", "Revalued"], history.Select(h => (string)h!["kind"]!));
        Assert.All(history, h => Assert.Equal("(before users)", (string)h!["userName"]!));
        foreach (var path in new[] { "purchase-orders/1", "projects/1", "production-jobs/1", "stock-sales/1", "stock-sales/2", "stock-adjustments/1", "stock-transfers/1", "stock-takes/1", "stock-takes/2" })
            Assert.Equal("(before users)", (string)(await api.Get($"/api/{path}"))["createdBy"]!);
    }

    /// <summary>
    /// AddMovementKinds filled every old row: a kind for each, as its document and shape say; a cost layer for every
    /// row of Fifo or batch stock that moves units; the receipt for every received row, a receipt of that order.
    /// </summary>
    private static async Task AssertRowsGotKindsLayersAndReceiptsAsync(StocktrailDbContext db)
    {
        var rows = await db.StockMovements.AsNoTracking()
            .Select(m => new { m.Id, m.Kind, m.SourceType, m.SourceId, m.SerialUnitId, m.CostLayerId, m.ReceiptId, m.Quantity, m.Description })
            .ToListAsync();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.True(Enum.IsDefined(r.Kind), $"Row {r.Id} has no kind."));
        var expected = new[]
        {
            MovementKind.Received, MovementKind.Used, MovementKind.Consumed, MovementKind.Produced, MovementKind.Dispatched,
            MovementKind.CustomerReturn, MovementKind.AdjustedIn, MovementKind.AdjustedOut, MovementKind.TransferredOut,
            MovementKind.TransferredIn, MovementKind.CountedOut, MovementKind.Revalued, MovementKind.ChargedToCostOfGoods, MovementKind.SerialCorrected,
        };
        Assert.Empty(expected.Except(rows.Select(r => r.Kind)));
        Assert.All(rows.Where(r => r.SerialUnitId == null && r.Quantity != 0), r => Assert.True(r.CostLayerId != null, $"Row {r.Id} ({r.Kind}, {r.Quantity}) names no cost layer."));
        Assert.All(rows.Where(r => r.SerialUnitId != null), r => Assert.Null(r.CostLayerId));
        var receipts = await db.Receipts.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.PurchaseOrderId);
        Assert.All(rows.Where(r => r.Kind == MovementKind.Received), r => Assert.Equal(r.SourceId, receipts[r.ReceiptId!.Value]));
        Assert.All(rows.Where(r => r.Kind != MovementKind.Received), r => Assert.Null(r.ReceiptId));
        Assert.All(rows.Where(r => r.Description.EndsWith("charged to cost of goods", StringComparison.Ordinal)), r => Assert.Equal(MovementKind.ChargedToCostOfGoods, r.Kind));
        Assert.All(rows.Where(r => r.Description.StartsWith("Serial corrected", StringComparison.Ordinal)), r => Assert.Equal(MovementKind.SerialCorrected, r.Kind));
        Assert.All(rows.Where(r => r.Description.StartsWith("Landed cost", StringComparison.Ordinal) && !r.Description.EndsWith("cost of goods", StringComparison.Ordinal)),
            r => Assert.Equal(MovementKind.Revalued, r.Kind));
    }

    /// <summary>The upgraded database takes new work, which names its user beside the old rows that name none.</summary>
    public static async Task AssertNewWorkNamesItsUserAsync(Api api)
    {
        var sale = await api.Get("/api/stock-sales/1");
        var line = sale["lines"]!.AsArray().Single(l => (int)l!["productId"]! == 1)!;
        Assert.Equal(1m, (decimal)line["openQuantity"]!);
        await api.PostOk("/api/stock-sales/1/dispatches", new { lines = new[] { new { lineId = (int)line["id"]!, quantity = 1, serials = new[] { "CT200-2026-0002" } } } });

        var history = (await api.Serial(1, "CT200-2026-0002"))["history"]!.AsArray().Select(h => (string)h!["userName"]!).ToList();
        Assert.Equal(["(before users)", "(before users)", "(before users)", "(before users)", "admin"], history);
        var dispatched = (await api.Get("/api/audit?pageSize=1000"))["items"]!.AsArray()
            .Single(e => (string)e!["action"]! == "stock-sale.dispatched" && (string?)e["documentNumber"] == "SS-00001")!;
        Assert.Equal("admin", (string)dispatched["userName"]!);
        Assert.Contains("CT200-2026-0002", (string)dispatched["detail"]!);
        await api.AssertLedgerConsistent();
    }

    private static List<string> TableNames(DbConnection connection) =>
        Query(connection, connection.GetType().Name.StartsWith("Sqlite", StringComparison.Ordinal)
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
            r => r.GetString(0));

    private static string[] ColumnNames(DbConnection connection, string table) =>
        Query(connection, connection.GetType().Name.StartsWith("Sqlite", StringComparison.Ordinal)
                ? $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
                : $"SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{table}' ORDER BY ordinal_position",
            r => r.GetString(0)).ToArray();

    private static List<string> Rows(DbConnection connection, string table, string[] columns) =>
        Query(connection,
            $"SELECT {string.Join(", ", columns.Select(c => $"\"{c}\""))} FROM \"{table}\" ORDER BY {string.Join(", ", columns.Select((_, i) => i + 1))}",
            r => string.Join(" ; ", Enumerable.Range(0, r.FieldCount).Select(i => Text(r.GetValue(i)))));

    private static string Text(object value) => value switch
    {
        DBNull => "NULL",
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToHexString(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static List<T> Query<T>(DbConnection connection, string sql, Func<DbDataReader, T> read)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }
}