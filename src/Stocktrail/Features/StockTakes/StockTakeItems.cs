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
    /// <summary>The newest ledger row's id: every row appended later has a larger one.</summary>
    public static async Task<long> HighWaterMarkAsync(StocktrailDbContext db, CancellationToken ct) =>
        await db.StockMovements.MaxAsync(m => (long?)m.Id, ct) ?? 0;

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
