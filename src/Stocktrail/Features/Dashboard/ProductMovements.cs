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

    public sealed record Result(IReadOnlyList<Item> Items, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next);
    public sealed record Item(long Id, DateTime OccurredAt, int WarehouseId, decimal Quantity, decimal UnitCost, decimal Value,
        string? Serial, string? Batch, string Description, SourceType SourceType, int SourceId, string SourceNumber, string UserName,
        MovementKind Kind, long? CostLayerId, int? ReceiptId);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(int productId, int? warehouseId, string? after, int? page, int? pageSize, CancellationToken ct)
        {
            var problems = new ProblemList();
            var at = ListPage.Check(after, page, pageSize, problems, DefaultPageSize, MaxPageSize);
            problems.ThrowIfAny();
            if (!await db.Products.AnyAsync(p => p.Id == productId, ct))
                throw StockRuleException.NotFound($"There is no product with id {productId}.");

            var query = db.StockMovements.AsNoTracking().Where(m => m.ProductId == productId);
            if (warehouseId is not null) query = query.Where(m => m.WarehouseId == warehouseId);
            if (at.After is not { } afterId)
                return Page(await Read(query).Skip(at.Skip).Take(at.Size + 1).ToListAsync(ct), at.Size);

            var from = await db.StockMovements.AsNoTracking().Where(m => m.Id == afterId && m.ProductId == productId)
                .Select(m => (DateTime?)m.OccurredAt).FirstOrDefaultAsync(ct) ?? throw new StockRuleException(ListPage.NotAPage(after!));
            // The rest of the moment first, then the older moments: each a seek on the (product, time, id) index. As one
            // condition (time < t OR time = t AND id < i) the index could only seek to the moment and then pass over
            // every row of it above the key, and a receipt of 100,000 serials is 100,000 rows of one moment.
            var rows = await Read(query.Where(m => m.OccurredAt == from && m.Id < afterId)).Take(at.Size + 1).ToListAsync(ct);
            if (rows.Count <= at.Size)
                rows.AddRange(await Read(query.Where(m => m.OccurredAt < from)).Take(at.Size + 1 - rows.Count).ToListAsync(ct));
            return Page(rows, at.Size);
        }

        private static Result Page(List<Item> rows, int size)
        {
            var (items, next) = DocumentLists.Cut(rows, size, i => i.Id);
            return new Result(items, next);
        }

        /// <summary>The rows of <paramref name="movements"/> as the list shows them, newest first.</summary>
        private IQueryable<Item> Read(IQueryable<StockMovement> movements) =>
            from m in movements
            join u in db.SerialUnits on m.SerialUnitId equals u.Id into units
            from u in units.DefaultIfEmpty()
            join a in db.Users on m.UserId equals (int?)a.Id into authors
            from a in authors.DefaultIfEmpty()
            orderby m.OccurredAt descending, m.Id descending
            select new Item(m.Id, m.OccurredAt, m.WarehouseId, m.Quantity, m.UnitCost, m.Value, u == null ? null : u.Serial, m.Batch,
                m.Description, m.SourceType, m.SourceId, m.SourceNumber, a == null ? User.BeforeUsers : a.UserName!, m.Kind, m.CostLayerId, m.ReceiptId);
    }
}
