using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.Materials;

/// <summary>
/// What the materials on a project or job cost: the ledger's value of the stock used and not returned, plus the
/// NonStock materials, which the ledger never sees and only the materials lines record.
/// </summary>
public static class MaterialCost
{
    public static async Task<decimal> OfAsync(StocktrailDbContext db, MaterialOwner owner, int ownerId, CancellationToken ct)
    {
        var (held, large) = await HeldAsync(db, owner, ownerId, ct);
        return held.Sum(h => h.Value) + large.Values.Sum(l => l.Cost) + (await NonStockAsync(db, owner, ownerId, ct)).Values.Sum(n => n.Cost);
    }

    /// <summary>
    /// What is on the owner now, per product, from the ledger; a serialized product of more than
    /// <see cref="LineSerials.Listed"/> units on it (used less returned, by its materials rows) is left out of that
    /// read, its serial rows and units unread, and given in <c>Large</c> with the quantity and cost its materials rows
    /// say: its serials are paged (<see cref="LineSerials.ForMaterials"/>).
    /// </summary>
    public static async Task<(IReadOnlyList<HeldStock> Held, IReadOnlyDictionary<int, (decimal Quantity, decimal Cost)> Large)> HeldAsync(
        StocktrailDbContext db, MaterialOwner owner, int ownerId, CancellationToken ct)
    {
        var rows = await db.MaterialMovements.AsNoTracking()
            .Where(m => m.OwnerType == owner && m.OwnerId == ownerId)
            .Where(m => db.Products.Any(p => p.Id == m.ProductId && p.TrackingType == TrackingType.Serial))
            .Select(m => new { m.Id, m.ProductId, m.Quantity, m.Cost }).ToListAsync(ct);
        var large = rows.GroupBy(m => m.ProductId).Where(g => LineSerials.IsLarge(g.Sum(m => m.Quantity)))
            .ToDictionary(g => g.Key, g => (g.Sum(m => m.Quantity), g.Sum(m => m.Cost)));
        var sourceType = owner == MaterialOwner.Project ? SourceType.Project : SourceType.ProductionJob;
        var held = (await DocumentContents.ReadAsync(db, sourceType, ownerId, DocumentFlow.Out, ct,
                rows.Where(m => large.ContainsKey(m.ProductId)).Select(m => m.Id).ToList()))
            .PerProduct().Where(h => !large.ContainsKey(h.ProductId)).ToList();
        return (held, large);
    }

    /// <summary>Per NonStock product, how much is on the owner (used less returned) and at what cost.</summary>
    public static async Task<Dictionary<int, (decimal Quantity, decimal Cost)>> NonStockAsync(StocktrailDbContext db, MaterialOwner owner, int ownerId,
        CancellationToken ct, IReadOnlyCollection<int>? productIds = null)
    {
        var rows = db.MaterialMovements.AsNoTracking()
            .Where(m => m.OwnerType == owner && m.OwnerId == ownerId)
            .Where(m => db.Products.Any(p => p.Id == m.ProductId && p.TrackingType == TrackingType.NonStock));
        if (productIds is not null) rows = rows.Where(m => productIds.Contains(m.ProductId));
        return (await rows.Select(m => new { m.ProductId, m.Quantity, m.Cost }).ToListAsync(ct))
            .GroupBy(m => m.ProductId).ToDictionary(g => g.Key, g => (g.Sum(m => m.Quantity), g.Sum(m => m.Cost)));
    }
}
