using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.StockTakes;

/// <summary>
/// Posts the variances of the last clean sheet as stock take movements and closes the stock take. A serial counted 0
/// goes out at its own cost; a serial found comes in at the row's cost, as a new unit or as the same unit continuing
/// its history; Fifo and batch stock counted more comes in at the row's cost as a new layer, counted less goes out
/// oldest layer first. If an item with a variance moved after the import, nothing is posted: the import is outdated.
/// </summary>
public static class CompleteStockTake
{
    public sealed class Handler(StocktrailDbContext db, LedgerWriter ledger, StockPicker picker, BatchDates dates, GetStockTake.Handler reader, AuditTrail audit,
        Webhooks.WebhookOutbox webhooks, TimeProvider clock)
    {
        public async Task<StockTakeDto> HandleAsync(int id, CancellationToken ct)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var take = await db.StockTakes.FirstOrDefaultAsync(t => t.Id == id, ct)
                ?? throw StockRuleException.NotFound($"There is no stock take with id {id}.");
            var now = clock.GetUtcNow().UtcDateTime;
            take.Complete(now);

            var lines = await db.StockTakeLines.AsNoTracking().Where(l => l.StockTakeId == id).OrderBy(l => l.Row).ToListAsync(ct);
            var productIds = lines.Select(l => l.ProductId).Distinct().ToList();
            var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);

            // Queue behind every other writer of these products' stock (in product order, as they all do) before comparing
            // with the ledger: two takes of one warehouse, or a take and a dispatch, completed at once then see each other's
            // rows and the later one is refused as outdated instead of both posting. A product without a level row has no
            // stock to lock; two documents creating that row at once are told apart by its primary key.
            await ledger.LockStockAsync(productIds, ct);
            var problems = new ProblemList();
            var moved = await StockTakeItems.MovedSinceAsync(db, id, take.WarehouseId, take.ImportMark!.Value, honourRecounts: false, ct);
            foreach (var line in lines)
            {
                var item = line.SerialUnitId is { } unit ? ItemKey.Unit(line.ProductId, unit)
                    : line.Batch is { } batch ? ItemKey.OfBatch(line.ProductId, TrackingCode.Key(batch))
                    : ItemKey.Fifo(line.ProductId);
                if (moved.TryGetValue(item, out var why))
                    problems.Add(new Problem(ProblemKind.Conflict,
                        $"Row {line.Row} ({products[line.ProductId].Sku}{(line.Serial ?? line.Batch) switch { null => "", var code => $" {code}" }}): {why.Replace("after the export", "after the sheet was imported")}; export the outdated rows, recount and import again.")
                        { Row = line.Row, Serial = line.Serial, Batch = line.Batch });
            }
            // A batch found or counted more keeps the expiry date the sheet gave it.
            foreach (var line in lines.Where(l => l.Kind == VarianceKind.More && l.Batch is not null && l.ExpiresOn is not null))
                await dates.CheckAsync(products[line.ProductId], line.Row, $"Row {line.Row} ({products[line.ProductId].Sku})",
                    [new BatchQuantity(line.Batch, line.Counted - line.OnHand, line.ExpiresOn)], problems, ct);
            problems.ThrowIfAny();
            await dates.SaveAsync(ct);

            var source = new DocumentRef(SourceType.StockTake, take.Id, take.Number);
            var posting = new Posting(now);
            await PostSerialsAsync(posting, take, lines, source, ct);

            var less = lines.Where(l => l.Kind == VarianceKind.Less).ToList();
            var picked = await picker.PickAsync(take.WarehouseId,
                less.Select(l => new OutLine(l.Row, products[l.ProductId], l.OnHand - l.Counted, null,
                    l.Batch is null ? null : [new BatchQuantity(l.Batch, l.OnHand - l.Counted)])).ToList(), problems, ct);
            problems.ThrowIfAny();
            foreach (var (line, pick) in less.Zip(picked))
                pick.AddTo(posting, take.WarehouseId, source.ForLine(line.Id), MovementKind.CountedOut, $"Counted less on stock take {take.Number}");
            foreach (var line in lines.Where(l => l.Kind == VarianceKind.More))
                posting.LayersIn.Add(new LayerIn(line.ProductId, take.WarehouseId, line.Batch, line.Counted - line.OnHand, line.UnitCost,
                    source.ForLine(line.Id), MovementKind.CountedIn, line.Batch is null ? $"Counted more on stock take {take.Number}" : $"Counted more on stock take {take.Number} — batch {line.Batch}"));

            audit.Record(AuditActions.StockTakeCompleted,
                $"Stock take {take.Number} completed: {lines.Count} variance(s) posted — {lines.Count(l => l.Kind == VarianceKind.Found)} found, " +
                $"{lines.Count(l => l.Kind == VarianceKind.Missing)} missing, {lines.Count(l => l.Kind == VarianceKind.More)} more, " +
                $"{lines.Count(l => l.Kind == VarianceKind.Less)} less, net value {AuditText.Money(lines.Sum(l => l.Value))}.",
                SourceType.StockTake, take.Number);
            await ledger.AppendAsync(posting, ct);
            await webhooks.AddAsync(Webhooks.WebhookEvents.StockTakeCompleted, () => new
            {
                stockTake = new { take.Id, take.Number, take.WarehouseId, completedAt = now },
                summary = new
                {
                    found = lines.Count(l => l.Kind == VarianceKind.Found), missing = lines.Count(l => l.Kind == VarianceKind.Missing),
                    more = lines.Count(l => l.Kind == VarianceKind.More), less = lines.Count(l => l.Kind == VarianceKind.Less),
                    netValue = lines.Sum(l => l.Value),
                },
            }, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return await reader.HandleAsync(id, ct);
        }

        /// <summary>Missing units leave at their own cost as it is now; found units come in, known ones as the same unit.</summary>
        private async Task PostSerialsAsync(Posting posting, StockTake take, List<StockTakeLine> lines, DocumentRef source, CancellationToken ct)
        {
            var missing = lines.Where(l => l.Kind == VarianceKind.Missing).ToList();
            var missingIds = missing.Select(l => l.SerialUnitId!.Value).ToList();
            var costs = missingIds.Count == 0 ? [] : await db.SerialUnits.AsNoTracking()
                .Where(u => missingIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UnitCost, ct);
            foreach (var group in missing.GroupBy(l => l.ProductId))
                posting.SerialsOut.Add(new SerialsOut(group.Key, take.WarehouseId,
                    group.Select(l => new KnownUnit(l.SerialUnitId!.Value, l.Serial!, costs[l.SerialUnitId!.Value])).ToList(),
                    source, MovementKind.CountedOut, $"Missing on stock take {take.Number}"));

            foreach (var group in lines.Where(l => l.Kind == VarianceKind.Found).GroupBy(l => l.ProductId))
                posting.SerialsIn.Add(new SerialsIn(group.Key, take.WarehouseId,
                    group.Select(l => l.SerialUnitId is { } unitId
                        ? UnitIn.Known(new KnownUnit(unitId, l.Serial!, l.UnitCost), l.UnitCost)
                        : UnitIn.New(SerialNumber.Create(l.Serial!), l.UnitCost)).ToList(),
                    source, MovementKind.CountedIn, $"Found on stock take {take.Number}"));
        }
    }
}
