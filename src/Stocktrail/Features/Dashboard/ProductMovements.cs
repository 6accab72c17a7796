using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;
namespace Stocktrail.Features.Dashboard;

/// <summary>
/// A product's stock movement history, newest first: a serialized unit is one row, its serial in the description. A
/// page at a time by key (<see cref="ListPage"/>): the rows before the one <c>after</c> names, in (time, id) order, read
/// by the (product, time, id) index with no count, so a page deep in ten million rows costs what the first does.
/// </summary>
public static class ProductMovements
{
    public const int DefaultPageSize = 100;
    /// <summary>Larger than the document lists' 1,000: release 0.1 clients read a product's history 10,000 rows at a time.</summary>
    public const int MaxPageSize = 10_000;

    public sealed record Result(IReadOnlyList<Item> Items, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Prev = null);
    public sealed record Item(long Id, DateTime OccurredAt, int WarehouseId, decimal Quantity, decimal UnitCost, decimal Value,
        string? Serial, string? Batch, string Description, SourceType SourceType, int SourceId, string SourceNumber, string UserName,
        MovementKind Kind, long? CostLayerId, int? ReceiptId);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(int productId, int? warehouseId, string? after, int? page, int? pageSize, CancellationToken ct, string? before = null)
        {
            var problems = new ProblemList();
            var at = ListPage.Check(after, page, pageSize, problems, DefaultPageSize, MaxPageSize, before);
            problems.ThrowIfAny();
            if (!await db.Products.AnyAsync(p => p.Id == productId, ct))
                throw StockRuleException.NotFound($"There is no product with id {productId}.");

            var query = db.StockMovements.AsNoTracking().Where(m => m.ProductId == productId);
            if (warehouseId is not null) query = query.Where(m => m.WarehouseId == warehouseId);
            if (at.Before is { } beforeId)
            {
                var to = await TimeOf(beforeId, productId, ct) ?? throw new StockRuleException(ListPage.NotAPageBefore(before!));
                // The step back, as the step forward mirrored: the rest of the moment after the key, then the newer moments, oldest first.
                var back = await Read(query.Where(m => m.OccurredAt == to && m.Id > beforeId), newestFirst: false).Take(at.Size + 1).ToListAsync(ct);
                if (back.Count <= at.Size)
                    back.AddRange(await Read(query.Where(m => m.OccurredAt > to), newestFirst: false).Take(at.Size + 1 - back.Count).ToListAsync(ct));
                if (at.Back(back, i => i.Id) is { } paged) return Answer(paged);
                at = at.First;
            }
            if (at.After is not { } afterId)
                return Answer(at.Forward(await Read(query).Skip(at.Skip).Take(at.Size + 1).ToListAsync(ct), i => i.Id));

            var from = await TimeOf(afterId, productId, ct) ?? throw new StockRuleException(ListPage.NotAPage(after!));
            // The rest of the moment first, then the older moments: each a seek on the (product, time, id) index. As one
            // condition (time < t OR time = t AND id < i) the index could only seek to the moment and then pass over
            // every row of it above the key, and a receipt of 100,000 serials is 100,000 rows of one moment.
            var rows = await Read(query.Where(m => m.OccurredAt == from && m.Id < afterId)).Take(at.Size + 1).ToListAsync(ct);
            if (rows.Count <= at.Size)
                rows.AddRange(await Read(query.Where(m => m.OccurredAt < from)).Take(at.Size + 1 - rows.Count).ToListAsync(ct));
            return Answer(at.Forward(rows, i => i.Id));
        }

        /// <summary>The time of the product's row a page key names, or null when it names none of the product's rows.</summary>
        private Task<DateTime?> TimeOf(long id, int productId, CancellationToken ct) =>
            db.StockMovements.AsNoTracking().Where(m => m.Id == id && m.ProductId == productId)
                .Select(m => (DateTime?)m.OccurredAt).FirstOrDefaultAsync(ct);

        private static Result Answer(Paged<Item> page) => new(page.Items, page.Next, page.Prev);

        /// <summary>The rows of <paramref name="movements"/> as the list shows them, newest first (or oldest first, to step back).</summary>
        private IQueryable<Item> Read(IQueryable<StockMovement> movements, bool newestFirst = true)
        {
            var rows =
                from m in movements
                join u in db.SerialUnits on m.SerialUnitId equals u.Id into units
                from u in units.DefaultIfEmpty()
                join a in db.Users on m.UserId equals (int?)a.Id into authors
                from a in authors.DefaultIfEmpty()
                select new { m, Serial = u == null ? null : u.Serial, UserName = a == null ? User.BeforeUsers : a.UserName! };
            var ordered = newestFirst
                ? rows.OrderByDescending(r => r.m.OccurredAt).ThenByDescending(r => r.m.Id)
                : rows.OrderBy(r => r.m.OccurredAt).ThenBy(r => r.m.Id);
            return ordered.Select(r => new Item(r.m.Id, r.m.OccurredAt, r.m.WarehouseId, r.m.Quantity, r.m.UnitCost, r.m.Value, r.Serial, r.m.Batch,
                r.m.Description, r.m.SourceType, r.m.SourceId, r.m.SourceNumber, r.UserName, r.m.Kind, r.m.CostLayerId, r.m.ReceiptId));
        }
    }
}
