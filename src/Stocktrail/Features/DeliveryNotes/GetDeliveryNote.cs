using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.DeliveryNotes;

/// <summary>
/// What left on one dispatch of a sale, for the customer's goods-in to check: every line, with each serial (as it is
/// now, should it have been corrected) and each batch. A dispatch is the ledger rows a dispatch or Complete posted
/// together; dispatches are numbered 1, 2, … in the order they happened, and that never changes, since the ledger is
/// only appended to.
/// </summary>
public static class GetDeliveryNote
{
    public sealed record DispatchDto(int Number, DateTime DispatchedAt, decimal Units);
    public sealed record Note(int SaleId, string SaleNumber, int DispatchNumber, int DispatchCount, DateTime DispatchedAt,
        string Customer, string Warehouse, IReadOnlyList<NoteLine> Lines);
    public sealed record NoteLine(int LineNumber, string Sku, string ProductName, decimal Quantity, IReadOnlyList<string> Serials, IReadOnlyList<BatchQuantity> Batches);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<IReadOnlyList<DispatchDto>> DispatchesAsync(int saleId, CancellationToken ct)
        {
            if (!await db.StockSales.AnyAsync(s => s.Id == saleId, ct)) throw StockRuleException.NotFound($"There is no stock sale with id {saleId}.");
            var rows = await Dispatched(saleId).Select(m => new { m.OccurredAt, m.Quantity }).ToListAsync(ct);
            return rows.GroupBy(m => m.OccurredAt).OrderBy(g => g.Key)
                .Select((g, i) => new DispatchDto(i + 1, g.Key, -g.Sum(m => m.Quantity))).ToList();
        }

        public async Task<Note> HandleAsync(int saleId, int dispatchNumber, CancellationToken ct)
        {
            var sale = await db.StockSales.AsNoTracking().FirstOrDefaultAsync(s => s.Id == saleId, ct)
                ?? throw StockRuleException.NotFound($"There is no stock sale with id {saleId}.");
            var dispatches = await DispatchesAsync(saleId, ct);
            if (dispatchNumber < 1 || dispatchNumber > dispatches.Count)
                throw StockRuleException.NotFound(dispatches.Count == 0
                    ? $"Sale {sale.Number} has not been dispatched yet; there is no delivery note."
                    : $"Sale {sale.Number} has dispatches 1 to {dispatches.Count}; there is no dispatch {dispatchNumber}.");
            var at = dispatches[dispatchNumber - 1].DispatchedAt;
            var rows = await (from m in Dispatched(saleId)
                              where m.OccurredAt == at
                              join u in db.SerialUnits on m.SerialUnitId equals (long?)u.Id into serial
                              from u in serial.DefaultIfEmpty()
                              orderby m.Id
                              select new { m.SourceLineId, m.Quantity, m.Batch, Serial = u == null ? null : u.Serial }).ToListAsync(ct);
            var productIds = sale.Lines.Select(l => l.ProductId).Distinct().ToList();
            var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            var customer = await db.Customers.Where(c => c.Id == sale.CustomerId).Select(c => c.Name).FirstAsync(ct);
            var warehouse = await db.Warehouses.Where(w => w.Id == sale.WarehouseId).Select(w => w.Code + " " + w.Name).FirstAsync(ct);
            var lines = sale.Lines.OrderBy(l => l.LineNumber)
                .Select(l => (Line: l, Rows: rows.Where(r => r.SourceLineId == l.Id).ToList()))
                .Where(x => x.Rows.Count > 0)
                .Select(x => new NoteLine(x.Line.LineNumber, products[x.Line.ProductId].Sku, products[x.Line.ProductId].Name, -x.Rows.Sum(r => r.Quantity),
                    x.Rows.Where(r => r.Serial is not null).Select(r => r.Serial!).ToList(),
                    x.Rows.Where(r => r.Batch is not null).GroupBy(r => r.Batch!).Select(g => new BatchQuantity(g.Key, -g.Sum(r => r.Quantity))).ToList()))
                .ToList();
            return new Note(sale.Id, sale.Number, dispatchNumber, dispatches.Count, at, customer, warehouse, lines);
        }

        private IQueryable<StockMovement> Dispatched(int saleId) =>
            db.StockMovements.AsNoTracking().Where(m => m.SourceType == SourceType.StockSale && m.SourceId == saleId && m.Quantity < 0);
    }
}
