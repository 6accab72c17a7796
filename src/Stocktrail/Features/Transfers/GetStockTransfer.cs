using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.Transfers;

public sealed record StockTransferDto(int Id, string Number, int FromWarehouseId, int ToWarehouseId, DateTime CreatedAt,
    IReadOnlyList<StockTransferLineDto> Lines, decimal TotalCost, string CreatedBy);

/// <summary>What moved on one line, at the cost it carried: each serial's own cost, each layer part at its layer's cost.</summary>
public sealed record StockTransferLineDto(int Id, int LineNumber, int ProductId, string Sku, decimal Quantity, decimal UnitCost, decimal TotalCost,
    IReadOnlyList<string> Serials, IReadOnlyList<BatchQuantity> Batches) : SerialsOnLine;

/// <summary>A transfer as the ledger recorded it: each line's serials, batches and cost are read from its rows leaving the source.</summary>
public static class GetStockTransfer
{
    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<StockTransferDto> HandleAsync(int id, CancellationToken ct)
        {
            var transfer = await db.StockTransfers.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct)
                ?? throw StockRuleException.NotFound($"There is no stock transfer with id {id}.");
            var productIds = transfer.Lines.Select(l => l.ProductId).Distinct().ToList();
            var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            // A serialized line moved as many serials as its quantity; a large one's are paged, so only its rows' cost is read here.
            var large = transfer.Lines.Where(l => LineSerials.IsLarge(LineSerials.SerialsOf(l.ProductId, l.Quantity, products))).Select(l => (int?)l.Id).ToList();
            var rows = await db.StockMovements.AsNoTracking()
                .Where(m => m.SourceType == SourceType.StockTransfer && m.SourceId == id && m.WarehouseId == transfer.FromWarehouseId && m.Quantity < 0)
                .OrderBy(m => m.Id)
                .Select(m => new { m.SourceLineId, m.SerialUnitId, m.Batch, m.Quantity, m.Value })
                .ToListAsync(ct);
            var unitIds = rows.Where(r => r.SerialUnitId != null && !large.Contains(r.SourceLineId)).Select(r => r.SerialUnitId!.Value).ToList();
            var serials = await db.SerialUnits.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Serial, ct);

            var byLine = rows.ToLookup(r => r.SourceLineId);
            var lines = new List<StockTransferLineDto>();
            foreach (var l in transfer.Lines.OrderBy(l => l.LineNumber))
            {
                var own = byLine[l.Id].ToList();
                var totalCost = -own.Sum(r => r.Value);
                var lineSerials = await LineSerials.SummarizeAsync(db, LineSerials.ForTransferLine(id, l.Id), LineSerials.SerialsOf(l.ProductId, l.Quantity, products),
                    () => own.Where(r => r.SerialUnitId != null).Select(r => serials[r.SerialUnitId!.Value]).ToList(), ct);
                lines.Add(new StockTransferLineDto(l.Id, l.LineNumber, l.ProductId, products[l.ProductId].Sku, l.Quantity,
                    l.Quantity == 0 ? 0 : Math.Round(totalCost / l.Quantity, 6), totalCost, lineSerials.Serials,
                    own.Where(r => r.Batch != null).GroupBy(r => TrackingCode.Key(r.Batch!))
                        .Select(g => new BatchQuantity(g.First().Batch, -g.Sum(r => r.Quantity))).ToList()).Saying(lineSerials));
            }
            return new StockTransferDto(transfer.Id, transfer.Number, transfer.FromWarehouseId, transfer.ToWarehouseId, transfer.CreatedAt,
                lines, lines.Sum(l => l.TotalCost), await Authors.NameAsync(db, transfer.CreatedById, ct));
        }
    }
}
