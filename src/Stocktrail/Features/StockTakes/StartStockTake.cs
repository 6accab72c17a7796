using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.StockTakes;

/// <summary>
/// Starts counting one warehouse. Nothing is frozen: stock keeps moving. The take is marked at once (the ledger's
/// high-water mark), so its sheet can be read and imported straight away; marking the sheet again later
/// (<c>POST …/sheet/mark</c>) moves the starting point of the count.
/// </summary>
public static class StartStockTake
{
    public sealed record Request(int WarehouseId);

    public sealed class Handler(StocktrailDbContext db, GetStockTake.Handler reader, AuditTrail audit, TimeProvider clock)
    {
        public async Task<StockTakeDto> HandleAsync(Request request, CancellationToken ct)
        {
            if (!await db.Warehouses.AnyAsync(w => w.Id == request.WarehouseId, ct))
                throw StockRuleException.Invalid($"There is no warehouse with id {request.WarehouseId}.");
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var take = new StockTake(request.WarehouseId, clock.GetUtcNow().UtcDateTime);
            db.StockTakes.Add(take);
            await db.SaveChangesAsync(ct);
            take.NumberFromId();
            take.Exported(await StockTakeItems.HighWaterMarkAsync(db, ct), clock.GetUtcNow().UtcDateTime);
            var warehouse = await db.Warehouses.Where(w => w.Id == take.WarehouseId).Select(w => w.Code).FirstAsync(ct);
            audit.Record(AuditActions.StockTakeStarted, $"Stock take {take.Number} of {warehouse} started.", SourceType.StockTake, take.Number);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return await reader.HandleAsync(take.Id, ct);
        }
    }
}

public static class GetStockTake
{
    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<StockTakeDto> HandleAsync(int id, CancellationToken ct)
        {
            var take = await db.StockTakes.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct)
                ?? throw StockRuleException.NotFound($"There is no stock take with id {id}.");
            var warehouse = await db.Warehouses.Where(w => w.Id == take.WarehouseId).Select(w => w.Code).FirstAsync(ct);
            var variances = await (from l in db.StockTakeLines.AsNoTracking()
                                   join p in db.Products.AsNoTracking() on l.ProductId equals p.Id
                                   where l.StockTakeId == id
                                   orderby l.Row
                                   select new { l.Row, l.ProductId, p.Sku, l.Serial, l.Batch, l.Kind, l.OnHand, l.Counted, l.UnitCost, l.Value })
                .AsAsyncEnumerable()
                .Select(l => new VarianceDto(l.Row, l.ProductId, l.Sku, l.Serial, l.Batch, l.Kind, l.OnHand, l.Counted, l.Counted - l.OnHand, l.UnitCost, l.Value))
                .ToListAsync(ct);
            return new StockTakeDto(take.Id, take.Number, take.WarehouseId, warehouse, take.Status, take.CreatedAt, take.ExportedAt,
                take.ImportedAt, take.CompletedAt, VarianceSummaryDto.Of(variances), variances, await Authors.NameAsync(db, take.CreatedById, ct));
        }
    }
}
