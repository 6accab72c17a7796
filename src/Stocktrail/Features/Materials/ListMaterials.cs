using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;

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

            var sourceType = owner == MaterialOwner.Project ? SourceType.Project : SourceType.ProductionJob;
            var (held, large) = await MaterialCost.HeldAsync(db, owner, ownerId, ct);
            var nonStock = await MaterialCost.NonStockAsync(db, owner, ownerId, ct);
            var productIds = held.Select(h => h.ProductId).Concat(large.Keys).Concat(nonStock.Keys).Distinct().ToList();
            var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);

            async Task<MaterialsListItem> Item(int productId, decimal quantity, decimal cost, IReadOnlyList<string> serials, IReadOnlyList<BatchQuantity> batches)
            {
                var summary = await LineSerials.SummarizeAsync(db, LineSerials.ForMaterials(sourceType, ownerId, productId),
                    large.ContainsKey(productId) ? quantity : 0, () => serials, ct);
                return new MaterialsListItem(productId, products[productId].Sku, products[productId].Name, quantity, quantity == 0 ? 0 : Math.Round(cost / quantity, 6), cost,
                    summary.Serials, batches).Saying(summary);
            }

            var items = new List<MaterialsListItem>();
            foreach (var h in held) items.Add(await Item(h.ProductId, h.Quantity, h.Value, h.Units.Select(u => u.Serial).ToList(), h.BatchQuantities));
            foreach (var (productId, (quantity, cost)) in large) items.Add(await Item(productId, quantity, cost, [], []));
            foreach (var n in nonStock) items.Add(await Item(n.Key, n.Value.Quantity, n.Value.Cost, [], []));
            items = items.Where(i => i.Quantity != 0 || i.TotalCost != 0).OrderBy(i => i.Sku, StringComparer.OrdinalIgnoreCase).ToList();
            return new MaterialsListDto(items, items.Sum(i => i.TotalCost));
        }
    }
}
