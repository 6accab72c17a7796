using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.StockTakes;

/// <summary>What one sheet row counts: a Fifo product (no code), one batch of a product, or one serialized unit.</summary>
public readonly record struct ItemKey(int ProductId, long? SerialUnitId, string? BatchKey)
{
    public static ItemKey Fifo(int productId) => new(productId, null, null);
    public static ItemKey Unit(int productId, long unitId) => new(productId, unitId, null);
    public static ItemKey OfBatch(int productId, string batchKey) => new(productId, null, batchKey);
}

/// <summary>Which items of a warehouse moved after a ledger high-water mark, the stock take's own or an item's recount mark.</summary>
public static class StockTakeItems
{
    /// <summary>
    /// The newest ledger row's id, such that every row with a smaller id is already committed and every row appended
    /// later has a larger one, so what is read after it covers exactly the rows up to it. SQLite runs one writer at a
    /// time, so ids commit in order. PostgreSQL hands ids out as rows are inserted, not as they commit: a movement with a
    /// smaller id may still be uncommitted when the largest is read. So there the mark is read in a transaction of its
    /// own that first takes <c>SHARE</c> on the ledger table: that waits for every transaction that has inserted
    /// movements to end and holds new ones back for the moment of the read. Its own connection, so the caller's
    /// transaction does not hold the lock (and writers) for its whole length; call it before the caller writes movements.
    /// </summary>
    public static async Task<long> HighWaterMarkAsync(StocktrailDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql()) return await db.StockMovements.MaxAsync(m => (long?)m.Id, ct) ?? 0;
        await using var connection = new Npgsql.NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "LOCK TABLE \"StockMovements\" IN SHARE MODE; SELECT COALESCE(MAX(\"Id\"), 0) FROM \"StockMovements\"";
        var mark = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        await tx.CommitAsync(ct);
        return mark;
    }

    /// <summary>Items with ledger rows in the warehouse after <paramref name="mark"/> (or after their recount mark), each with a description of its newest move.</summary>
    public static async Task<Dictionary<ItemKey, string>> MovedSinceAsync(StocktrailDbContext db, int stockTakeId, int warehouseId, long mark,
        bool honourRecounts, CancellationToken ct)
    {
        var recounts = honourRecounts
            ? await db.StockTakeRecounts.AsNoTracking().Where(r => r.StockTakeId == stockTakeId)
                .ToDictionaryAsync(r => new ItemKey(r.ProductId, r.SerialUnitId, r.BatchKey), r => r.Mark, ct)
            : [];
        var moves = await db.StockMovements.AsNoTracking()
            .Where(m => m.WarehouseId == warehouseId && m.Id > mark)
            .OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.ProductId, m.SerialUnitId, m.Batch, m.Quantity, m.SourceNumber })
            .ToListAsync(ct);
        var moved = new Dictionary<ItemKey, string>();
        foreach (var m in moves)
        {
            var key = m.SerialUnitId is { } unit ? ItemKey.Unit(m.ProductId, unit)
                : m.Batch is { } batch ? ItemKey.OfBatch(m.ProductId, TrackingCode.Key(batch))
                : ItemKey.Fifo(m.ProductId);
            if (recounts.TryGetValue(key, out var recountMark) && recountMark >= m.Id) continue;
            moved[key] = m.Quantity switch
            {
                > 0 => $"{m.Quantity} came in on {m.SourceNumber} after the export",
                < 0 => $"{-m.Quantity} went out on {m.SourceNumber} after the export",
                _ => $"it was changed on {m.SourceNumber} after the export",
            };
        }
        return moved;
    }
}
