using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Materials;

public static class ListMaterials
{
    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<MaterialsListDto> HandleAsync(MaterialOwner owner, int ownerId, CancellationToken ct)
        {
            var exists = owner == MaterialOwner.Project
                ? await db.Projects.AnyAsync(p => p.Id == ownerId, ct)
                : await db.ProductionJobs.AnyAsync(j => j.Id == ownerId, ct);
            if (!exists) throw StockRuleException.NotFound($"There is no {(owner == MaterialOwner.Project ? "project" : "production job")} with id {ownerId}.");

            var rows = await db.MaterialMovements.AsNoTracking().Where(m => m.OwnerType == owner && m.OwnerId == ownerId)
                .Select(m => new { m.ProductId, m.Quantity, m.Cost }).ToListAsync(ct);
            var sourceType = owner == MaterialOwner.Project ? SourceType.Project : SourceType.ProductionJob;
            var ledger = await db.StockMovements.AsNoTracking().Where(m => m.SourceType == sourceType && m.SourceId == ownerId)
                .Select(m => new { m.ProductId, m.SerialUnitId, m.Batch, m.Quantity, m.Id }).ToListAsync(ct);
            var unitIds = ledger.Where(l => l.SerialUnitId != null).Select(l => l.SerialUnitId!.Value).Distinct().ToList();
            var serials = await db.SerialUnits.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Serial, ct);
            var productIds = rows.Select(r => r.ProductId).Distinct().ToList();
            var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);

            var items = rows.GroupBy(r => r.ProductId).Select(g =>
            {
                var (quantity, cost) = (g.Sum(r => r.Quantity), g.Sum(r => r.Cost));
                var moves = ledger.Where(l => l.ProductId == g.Key).ToList();
                // On the job or project now: units whose rows here net out of stock, in the order they were used.
                var used = moves.Where(l => l.SerialUnitId != null).GroupBy(l => l.SerialUnitId!.Value)
                    .Where(u => u.Sum(l => l.Quantity) < 0).OrderBy(u => u.Min(l => l.Id)).Select(u => serials[u.Key]).ToList();
                var batches = moves.Where(l => l.Batch != null).GroupBy(l => l.Batch!.ToUpperInvariant())
                    .Select(b => new BatchQuantity(b.First().Batch, -b.Sum(l => l.Quantity))).Where(b => b.Quantity > 0).ToList();
                var product = products[g.Key];
                return new MaterialsListItem(g.Key, product.Sku, product.Name, quantity, quantity == 0 ? 0 : Math.Round(cost / quantity, 6), cost, used, batches);
            }).Where(i => i.Quantity != 0 || i.TotalCost != 0).OrderBy(i => i.Sku, StringComparer.OrdinalIgnoreCase).ToList();
            return new MaterialsListDto(items, items.Sum(i => i.TotalCost));
        }
    }
}
