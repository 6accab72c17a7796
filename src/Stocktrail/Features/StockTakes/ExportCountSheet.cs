using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;

namespace Stocktrail.Features.StockTakes;

/// <summary>
/// The count sheet of a stock take: a row per Fifo product, per batch and per serial in stock in the warehouse, sorted
/// by SKU then serial or batch code, Counted left blank. <c>rows=outdated</c> gives only the items that moved since
/// their mark, as they are now.
///
/// Reading the sheet (<c>GET</c>) changes nothing. Marking it (<c>POST …/sheet/mark</c>) answers the same sheet and
/// records, in the same transaction, the ledger high-water mark its rows are judged against at import: in full, a new
/// mark for the whole take (recounts forgotten); for the outdated rows, a mark of their own for exactly the items on
/// it, so that their recount is accepted. Starting the take marks it too.
/// </summary>
public static class ExportCountSheet
{
    public sealed record Export(string FileName, IAsyncEnumerable<SheetRow> Rows);

    private sealed record Layer(int ProductId, string? BatchKey, string? Batch, decimal Remaining, decimal UnitCost);

    public sealed class Handler(StocktrailDbContext db, AuditTrail audit, TimeProvider clock)
    {
        /// <param name="mark">Record the marks (the explicit export for counting); false reads only.</param>
        public async Task<Export> PrepareAsync(int id, bool outdatedOnly, bool mark, CancellationToken ct)
        {
            await using var tx = mark ? await db.Database.BeginTransactionAsync(ct) : null;
            var take = await (mark ? db.StockTakes : db.StockTakes.AsNoTracking()).FirstOrDefaultAsync(t => t.Id == id, ct)
                ?? throw StockRuleException.NotFound($"There is no stock take with id {id}.");
            take.RequireCounting("is no longer being counted, so its sheet cannot be exported");
            var warehouse = await db.Warehouses.Where(w => w.Id == take.WarehouseId).Select(w => w.Code).FirstAsync(ct);
            // Read before the rows: a movement landing in between makes a row look outdated, never the reverse.
            var highWater = await StockTakeItems.HighWaterMarkAsync(db, ct);

            HashSet<ItemKey>? only = null;
            if (outdatedOnly)
            {
                if (take.ExportMark is null)
                    throw StockRuleException.Conflict($"Stock take {take.Number}'s count sheet has not been exported yet; export it in full first.");
                var moved = await StockTakeItems.MovedSinceAsync(db, take.Id, take.WarehouseId, take.ExportMark.Value, honourRecounts: true, ct);
                only = moved.Keys.ToHashSet();
                if (mark)
                {
                    var recounts = await db.StockTakeRecounts.Where(r => r.StockTakeId == take.Id).ToListAsync(ct);
                    var byKey = recounts.ToDictionary(r => new ItemKey(r.ProductId, r.SerialUnitId, r.BatchKey));
                    foreach (var key in only)
                    {
                        if (byKey.TryGetValue(key, out var recount)) recount.MoveTo(highWater);
                        else db.StockTakeRecounts.Add(new StockTakeRecount(take.Id, key.ProductId, key.SerialUnitId, key.BatchKey, highWater));
                    }
                }
            }
            else if (mark)
            {
                take.Exported(highWater, clock.GetUtcNow().UtcDateTime);
                await db.StockTakeRecounts.Where(r => r.StockTakeId == take.Id).ExecuteDeleteAsync(ct);
            }
            if (tx is not null)
            {
                audit.Record(AuditActions.StockTakeSheetExported,
                    outdatedOnly
                        ? $"Count sheet of stock take {take.Number} ({warehouse}) marked and exported again for the {only!.Count} item(s) that moved since the export, to recount."
                        : $"Count sheet of stock take {take.Number} ({warehouse}) marked and exported in full; imported rows are judged against this export.",
                    SourceType.StockTake, take.Number);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            return new Export($"{take.Number}-{warehouse}{(outdatedOnly ? "-outdated" : "")}", RowsAsync(take.WarehouseId, warehouse, only, ct));
        }

        private async IAsyncEnumerable<SheetRow> RowsAsync(int warehouseId, string warehouse, HashSet<ItemKey>? only,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            var layers = (await db.CostLayers.AsNoTracking()
                    .Where(l => l.WarehouseId == warehouseId && l.Remaining > 0)
                    .Select(l => new Layer(l.ProductId, l.BatchKey, l.Batch, l.Remaining, l.UnitCost))
                    .ToListAsync(ct))
                .ToLookup(l => l.ProductId);
            var batchProducts = layers.Where(g => g.Any(l => l.BatchKey is not null)).Select(g => g.Key).ToList();
            var dates = await db.BatchExpiries.AsNoTracking().Where(e => batchProducts.Contains(e.ProductId))
                .ToDictionaryAsync(e => (e.ProductId, e.BatchKey), e => e.ExpiresOn, ct);
            var levelProducts = await db.StockLevels.AsNoTracking().Where(l => l.WarehouseId == warehouseId).Select(l => l.ProductId).ToListAsync(ct);
            var unitProducts = await db.SerialUnits.AsNoTracking()
                .Where(u => u.Status == SerialStatus.InStock && u.WarehouseId == warehouseId).Select(u => u.ProductId).Distinct().ToListAsync(ct);
            var ids = levelProducts.Concat(unitProducts).Concat(layers.Select(g => g.Key)).Distinct().ToList();
            var products = (await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id) && p.TrackingType != TrackingType.NonStock).ToListAsync(ct))
                .OrderBy(p => p.SkuKey, StringComparer.Ordinal).ThenBy(p => p.Sku, StringComparer.Ordinal);

            foreach (var product in products)
            {
                SheetRow Row(string code, decimal? unitCost, decimal onHand, DateOnly? expiresOn = null) => new()
                {
                    Sku = product.Sku, Name = product.Name, Warehouse = warehouse, SerialOrBatch = code, UnitCost = unitCost, OnHand = onHand,
                    ExpiresOn = expiresOn is { } d ? ExpiryRule.Text(d) : "",
                };

                switch (product.TrackingType)
                {
                    case TrackingType.Fifo when only is null || only.Contains(ItemKey.Fifo(product.Id)):
                        var fifo = layers[product.Id].Where(l => l.BatchKey is null).ToList();
                        yield return Row("", AverageCost(fifo) ?? product.CostPrice, fifo.Sum(l => l.Remaining));
                        break;
                    case TrackingType.Batch:
                        foreach (var batch in layers[product.Id].Where(l => l.BatchKey is not null).GroupBy(l => l.BatchKey!).OrderBy(g => g.Key, StringComparer.Ordinal))
                            if (only is null || only.Contains(ItemKey.OfBatch(product.Id, batch.Key)))
                                yield return Row(batch.First().Batch!, AverageCost(batch.ToList()), batch.Sum(l => l.Remaining),
                                    dates.TryGetValue((product.Id, batch.Key), out var expiresOn) ? expiresOn : null);
                        break;
                    case TrackingType.Serial:
                        var units = db.SerialUnits.AsNoTracking()
                            .Where(u => u.ProductId == product.Id && u.Status == SerialStatus.InStock && u.WarehouseId == warehouseId);
                        if (only is not null)
                        {
                            var movedUnits = only.Where(k => k.ProductId == product.Id && k.SerialUnitId is not null).Select(k => k.SerialUnitId!.Value).ToList();
                            if (movedUnits.Count == 0) break;
                            units = units.Where(u => movedUnits.Contains(u.Id));
                        }
                        await foreach (var unit in units.OrderBy(u => u.SerialKey).Select(u => new { u.Serial, u.UnitCost }).AsAsyncEnumerable().WithCancellation(ct))
                            yield return Row(unit.Serial, unit.UnitCost, 1);
                        break;
                }
            }
        }

        /// <summary>What the stock there cost on average: the cost found units of it come in at unless the row says otherwise.</summary>
        private static decimal? AverageCost(IReadOnlyCollection<Layer> layers)
        {
            var quantity = layers.Sum(l => l.Remaining);
            return quantity == 0 ? null : Math.Round(layers.Sum(l => l.Remaining * l.UnitCost) / quantity, 4);
        }
    }
}
