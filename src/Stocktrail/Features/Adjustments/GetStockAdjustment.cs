using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.Adjustments;

public sealed record StockAdjustmentDto(int Id, string Number, int WarehouseId, string Reason, DateTime EffectiveDate, DateTime CreatedAt,
    IReadOnlyList<StockAdjustmentLineDto> Lines, decimal TotalCostIn, decimal TotalCostOut, string CreatedBy);

/// <summary>For an In line, the cost the units came in at; for an Out line, the average of what the units taken cost.</summary>
public sealed record StockAdjustmentLineDto(int Id, int LineNumber, int ProductId, string Sku, AdjustmentDirection Direction, decimal Quantity,
    decimal UnitCost, decimal TotalCost, IReadOnlyList<string> Serials, IReadOnlyList<BatchQuantity> Batches) : SerialsOnLine;

/// <summary>An adjustment as the ledger recorded it: each line's serials, batches and cost are read from its ledger rows.</summary>
public static class GetStockAdjustment
{
    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<StockAdjustmentDto> HandleAsync(int id, CancellationToken ct)
        {
            var adjustment = await db.StockAdjustments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct)
                ?? throw StockRuleException.NotFound($"There is no stock adjustment with id {id}.");
            var productIds = adjustment.Lines.Select(l => l.ProductId).Distinct().ToList();
            var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            // A serialized line moved as many serials as its quantity; a large one's are paged, so only its rows' cost is read here.
            var large = adjustment.Lines.Where(l => LineSerials.IsLarge(LineSerials.SerialsOf(l.ProductId, l.Quantity, products))).Select(l => (int?)l.Id).ToList();
            var rows = await db.StockMovements.AsNoTracking()
                .Where(m => m.SourceType == SourceType.StockAdjustment && m.SourceId == id)
                .OrderBy(m => m.Id)
                .Select(m => new { m.SourceLineId, m.SerialUnitId, m.Batch, m.Quantity, m.Value })
                .ToListAsync(ct);
            var unitIds = rows.Where(r => r.SerialUnitId != null && !large.Contains(r.SourceLineId)).Select(r => r.SerialUnitId!.Value).ToList();
            var serials = await db.SerialUnits.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Serial, ct);

            var byLine = rows.ToLookup(r => r.SourceLineId);
            var lines = new List<StockAdjustmentLineDto>();
            foreach (var l in adjustment.Lines.OrderBy(l => l.LineNumber))
            {
                var own = byLine[l.Id].ToList();
                var totalCost = Math.Abs(own.Sum(r => r.Value));
                var lineSerials = await LineSerials.SummarizeAsync(db, LineSerials.ForAdjustmentLine(id, l.Id, l.Direction), LineSerials.SerialsOf(l.ProductId, l.Quantity, products),
                    () => own.Where(r => r.SerialUnitId != null).Select(r => serials[r.SerialUnitId!.Value]).ToList(), ct);
                lines.Add(new StockAdjustmentLineDto(l.Id, l.LineNumber, l.ProductId, products[l.ProductId].Sku, l.Direction, l.Quantity,
                    l.UnitCost ?? (l.Quantity == 0 ? 0 : Math.Round(totalCost / l.Quantity, 6)), totalCost, lineSerials.Serials,
                    own.Where(r => r.Batch != null).GroupBy(r => TrackingCode.Key(r.Batch!))
                        .Select(g => new BatchQuantity(g.First().Batch, Math.Abs(g.Sum(r => r.Quantity)))).ToList()).Saying(lineSerials));
            }
            return new StockAdjustmentDto(adjustment.Id, adjustment.Number, adjustment.WarehouseId, adjustment.Reason,
                adjustment.EffectiveDate, adjustment.CreatedAt, lines,
                lines.Where(l => l.Direction == AdjustmentDirection.In).Sum(l => l.TotalCost),
                lines.Where(l => l.Direction == AdjustmentDirection.Out).Sum(l => l.TotalCost),
                await Authors.NameAsync(db, adjustment.CreatedById, ct));
        }
    }
}
