using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;

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
    /// <summary>
    /// A sale line as it left on this dispatch (<see cref="LineId"/> is the sale line's id). A line of more than
    /// <see cref="LineSerials.Listed"/> serials lists the first of them; the rest are paged on the dispatch's own
    /// line endpoint, since a sale line's endpoint gives what every dispatch left with the customer, not this one.
    /// </summary>
    public sealed record NoteLine(int LineNumber, string Sku, string ProductName, decimal Quantity, IReadOnlyList<string> Serials, IReadOnlyList<BatchQuantity> Batches,
        int LineId) : SerialsOnLine;

    /// <summary>A dispatch found by its number: the sale, and the time its rows were posted together.</summary>
    public sealed record Dispatch(StockSale Sale, int Number, int Count, DateTime At);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<IReadOnlyList<DispatchDto>> DispatchesAsync(int saleId, CancellationToken ct)
        {
            if (!await db.StockSales.AnyAsync(s => s.Id == saleId, ct)) throw StockRuleException.NotFound($"There is no stock sale with id {saleId}.");
            var rows = await Dispatched(saleId).Select(m => new { m.OccurredAt, m.Quantity }).ToListAsync(ct);
            return rows.GroupBy(m => m.OccurredAt).OrderBy(g => g.Key)
                .Select((g, i) => new DispatchDto(i + 1, g.Key, -g.Sum(m => m.Quantity))).ToList();
        }

        /// <summary>The dispatch of that number, or a 404 naming the sale and the dispatches it has.</summary>
        public async Task<Dispatch> FindAsync(int saleId, int dispatchNumber, CancellationToken ct)
        {
            var sale = await db.StockSales.AsNoTracking().FirstOrDefaultAsync(s => s.Id == saleId, ct)
                ?? throw StockRuleException.NotFound($"There is no stock sale with id {saleId}.");
            var dispatches = await DispatchesAsync(saleId, ct);
            if (dispatchNumber < 1 || dispatchNumber > dispatches.Count)
                throw StockRuleException.NotFound(dispatches.Count == 0
                    ? $"Sale {sale.Number} has not been dispatched yet; there is no delivery note."
                    : $"Sale {sale.Number} has dispatches 1 to {dispatches.Count}; there is no dispatch {dispatchNumber}.");
            return new Dispatch(sale, dispatchNumber, dispatches.Count, dispatches[dispatchNumber - 1].DispatchedAt);
        }

        public async Task<Note> HandleAsync(int saleId, int dispatchNumber, CancellationToken ct)
        {
            var (sale, _, count, at) = await FindAsync(saleId, dispatchNumber, ct);
            var productIds = sale.Lines.Select(l => l.ProductId).Distinct().ToList();
            var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            // Only a line that dispatched more than a page in all can be large on one dispatch; its serial rows on
            // this one are counted, not read, and a large one's are left unread: they are paged.
            var large = new Dictionary<int, int>();
            foreach (var l in sale.Lines.Where(l => LineSerials.IsLarge(LineSerials.SerialsOf(l.ProductId, l.DispatchedQuantity, products))))
            {
                var serials = await Dispatched(saleId).CountAsync(m => m.OccurredAt == at && m.SourceLineId == l.Id && m.SerialUnitId != null, ct);
                if (LineSerials.IsLarge(serials)) large[l.Id] = serials;
            }
            var skipped = large.Keys.Select(l => (int?)l).ToList();
            var rows = await (from m in Dispatched(saleId)
                              where m.OccurredAt == at && (m.SerialUnitId == null || !skipped.Contains(m.SourceLineId))
                              join u in db.SerialUnits on m.SerialUnitId equals (long?)u.Id into serial
                              from u in serial.DefaultIfEmpty()
                              orderby m.Id
                              select new { m.SourceLineId, m.Quantity, m.Batch, Serial = u == null ? null : u.Serial }).ToListAsync(ct);
            var customer = await db.Customers.Where(c => c.Id == sale.CustomerId).Select(c => c.Name).FirstAsync(ct);
            var warehouse = await db.Warehouses.Where(w => w.Id == sale.WarehouseId).Select(w => w.Code + " " + w.Name).FirstAsync(ct);
            var lines = new List<NoteLine>();
            foreach (var l in sale.Lines.OrderBy(l => l.LineNumber))
            {
                var own = rows.Where(r => r.SourceLineId == l.Id).ToList();
                var largeCount = large.GetValueOrDefault(l.Id);
                if (own.Count == 0 && largeCount == 0) continue;
                var serials = await LineSerials.SummarizeAsync(db, LineSerials.ForDispatchLine(saleId, dispatchNumber, at, l.Id), largeCount,
                    () => own.Where(r => r.Serial is not null).Select(r => r.Serial!).ToList(), ct);
                lines.Add(new NoteLine(l.LineNumber, products[l.ProductId].Sku, products[l.ProductId].Name, largeCount - own.Sum(r => r.Quantity), serials.Serials,
                    own.Where(r => r.Batch is not null).GroupBy(r => r.Batch!).Select(g => new BatchQuantity(g.Key, -g.Sum(r => r.Quantity))).ToList(), l.Id).Saying(serials));
            }
            return new Note(sale.Id, sale.Number, dispatchNumber, count, at, customer, warehouse, lines);
        }

        /// <summary>
        /// What the paper prints of each large line's serials: all of them, runs of consecutive serials as ranges
        /// (docs/decisions.md says why). Small lines print the serials the note lists.
        /// </summary>
        public async Task<IReadOnlyDictionary<int, IReadOnlyList<string>>> PaperSerialsAsync(Note note, CancellationToken ct)
        {
            var printed = new Dictionary<int, IReadOnlyList<string>>();
            foreach (var line in note.Lines.Where(l => l.SerialsUrl is not null))
                printed[line.LineId] = SerialList.Compact(await LineSerials.EveryAsync(db,
                    LineSerials.ForDispatchLine(note.SaleId, note.DispatchNumber, note.DispatchedAt, line.LineId), ct));
            return printed;
        }

        private IQueryable<StockMovement> Dispatched(int saleId) =>
            db.StockMovements.AsNoTracking().Where(m => m.SourceType == SourceType.StockSale && m.SourceId == saleId && m.Quantity < 0);
    }
}
