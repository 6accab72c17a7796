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
        var sourceType = owner == MaterialOwner.Project ? SourceType.Project : SourceType.ProductionJob;
        var held = (await DocumentContents.ReadAsync(db, sourceType, ownerId, DocumentFlow.Out, ct)).PerProduct();
        return held.Sum(h => h.Value) + (await NonStockAsync(db, owner, ownerId, ct)).Values.Sum(n => n.Cost);
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
