using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.Dashboard;

/// <summary>
/// The stock dashboard's table: per product, on hand in each warehouse, incoming on approved purchase orders, and value,
/// in SKU order, a page at a time by key (<see cref="ListPage"/>: the products after the one <c>after</c> names, or
/// before the one <c>before</c> names, read by the SKU index). Products with nothing on hand or incoming are left out
/// unless asked for, in the database, so that every page is full. The levels and open order lines read are the page's
/// products' only; the total value is summed in the database over every product the search matches, so it is the same
/// on every page however many there are.
/// </summary>
public static class StockOverview
{
    /// <summary>A page of 100 products, as the document lists: about 60 KB of page, a few screens on a phone (docs/web.md).</summary>
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1_000;

    /// <param name="TotalValue">The value of every product the search matches, not only of this page's.</param>
    public sealed record Result(IReadOnlyList<Warehouse> Warehouses, IReadOnlyList<Row> Items, decimal TotalValue,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Prev = null);
    public sealed record Warehouse(int Id, string Code);
    /// <param name="OnHand">On hand per warehouse id, for the warehouses that hold a level of the product.</param>
    public sealed record Row(int ProductId, string Sku, string Name, TrackingType TrackingType, bool IsActive,
        IReadOnlyDictionary<int, decimal> OnHand, decimal TotalOnHand, decimal Incoming, decimal Value);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(string? search, bool showEmpty, string? after, string? before, int? pageSize, CancellationToken ct)
        {
            var problems = new ProblemList();
            var at = ListPage.Check(after, null, pageSize, problems, DefaultPageSize, MaxPageSize, before);
            problems.ThrowIfAny();

            var matching = db.Products.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(search))
            {
                var key = search.Trim().ToUpperInvariant();
                matching = matching.Where(p => p.SkuKey.Contains(key) || p.Name.ToUpper().Contains(key));
            }
            var open = OpenLines();
            // "Has a level or an open line" as a first row looked up per product (LIMIT 1), not as EXISTS: PostgreSQL
            // turns EXISTS … OR EXISTS … into a hash of every product's levels, read whole for a page of a hundred.
            var listed = showEmpty ? matching : matching.Where(p =>
                db.StockLevels.Where(l => l.ProductId == p.Id && l.OnHand > 0).Select(l => (int?)1).FirstOrDefault() != null ||
                open.Where(l => l.ProductId == p.Id && l.Quantity > l.ReceivedQuantity).Select(l => (int?)1).FirstOrDefault() != null);

            Paged<Product>? page = null;
            if (at.Before is { } beforeId)
            {
                var to = await SkuKeyOf(beforeId, ct) ?? throw new StockRuleException(ListPage.NotAPageBefore(before!));
                page = at.Back(await listed.Where(p => string.Compare(p.SkuKey, to) < 0).OrderByDescending(p => p.SkuKey).Take(at.Size + 1).ToListAsync(ct), p => p.Id);
                if (page is null) at = at.First;
            }
            if (page is null)
            {
                var rest = listed;
                if (at.After is { } afterId)
                {
                    var from = await SkuKeyOf(afterId, ct) ?? throw new StockRuleException(ListPage.NotAPage(after!));
                    rest = rest.Where(p => string.Compare(p.SkuKey, from) > 0);
                }
                page = at.Forward(await rest.OrderBy(p => p.SkuKey).Take(at.Size + 1).ToListAsync(ct), p => p.Id);
            }

            var levelsMatching = string.IsNullOrWhiteSpace(search) ? db.StockLevels.AsNoTracking()
                : db.StockLevels.AsNoTracking().Where(l => matching.Any(p => p.Id == l.ProductId));
            var totalValue = await levelsMatching.SumAsync(l => l.Value, ct);
            var ids = page.Items.Select(p => p.Id).ToList();
            var levels = await db.StockLevels.AsNoTracking().Where(l => ids.Contains(l.ProductId)).ToListAsync(ct);
            // The page's incoming starts from the few open orders, by the (status, id) index, not from every line of its products.
            var incoming = await (
                from order in db.PurchaseOrders.AsNoTracking().IgnoreAutoIncludes()
                where order.Status == PurchaseOrderStatus.Approved || order.Status == PurchaseOrderStatus.PartiallyReceived
                join line in db.PurchaseOrderLines.AsNoTracking() on order.Id equals line.PurchaseOrderId
                where ids.Contains(line.ProductId)
                select new { line.ProductId, Open = line.Quantity - line.ReceivedQuantity }).ToListAsync(ct);
            var warehouses = await db.Warehouses.AsNoTracking().OrderBy(w => w.CodeKey).Select(w => new Warehouse(w.Id, w.Code)).ToListAsync(ct);

            var levelsOf = levels.ToLookup(l => l.ProductId);
            var incomingOf = incoming.GroupBy(i => i.ProductId).ToDictionary(g => g.Key, g => g.Sum(i => i.Open));
            var rows = page.Items.Select(p =>
            {
                var own = levelsOf[p.Id].ToList();
                return new Row(p.Id, p.Sku, p.Name, p.TrackingType, p.IsActive,
                    own.ToDictionary(l => l.WarehouseId, l => l.OnHand), own.Sum(l => l.OnHand),
                    incomingOf.GetValueOrDefault(p.Id), own.Sum(l => l.Value));
            }).ToList();
            return new Result(warehouses, rows, totalValue, page.Next, page.Prev);
        }

        /// <summary>
        /// The lines of orders placed and not closed (a Draft order is not yet placed, a Completed one is closed), for a
        /// look-up per product: the order is a condition on the line, so that the product's lines are found by its index.
        /// </summary>
        private IQueryable<PurchaseOrderLine> OpenLines() =>
            db.PurchaseOrderLines.AsNoTracking().Where(line => db.PurchaseOrders.Any(order => order.Id == line.PurchaseOrderId &&
                (order.Status == PurchaseOrderStatus.Approved || order.Status == PurchaseOrderStatus.PartiallyReceived)));

        /// <summary>The SKU key of the product a page key names, or null when it names no product.</summary>
        private async Task<string?> SkuKeyOf(long key, CancellationToken ct)
        {
            // Compared as the int it is: a long against the int key would be cast on every row, and read them all.
            if (key > int.MaxValue) return null;
            var id = (int)key;
            return await db.Products.AsNoTracking().Where(p => p.Id == id).Select(p => p.SkuKey).FirstOrDefaultAsync(ct);
        }
    }
}
