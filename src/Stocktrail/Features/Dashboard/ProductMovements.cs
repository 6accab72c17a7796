using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
namespace Stocktrail.Features.Dashboard;

/// <summary>A product's stock movement history, newest first: a serialized unit is one row, its serial in the description.</summary>
public static class ProductMovements
{
    public const int DefaultPageSize = 100;

    public sealed record Result(IReadOnlyList<Item> Items, int Page, int PageSize, int Total);
    public sealed record Item(long Id, DateTime OccurredAt, int WarehouseId, decimal Quantity, decimal UnitCost, decimal Value,
        string? Serial, string? Batch, string Description, SourceType SourceType, int SourceId, string SourceNumber, string UserName,
        MovementKind Kind, long? CostLayerId, int? ReceiptId);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(int productId, int? warehouseId, int page, int pageSize, CancellationToken ct)
        {
            Paging.Check(page, pageSize);
            if (!await db.Products.AnyAsync(p => p.Id == productId, ct))
                throw StockRuleException.NotFound($"There is no product with id {productId}.");

            var query = db.StockMovements.AsNoTracking().Where(m => m.ProductId == productId);
            if (warehouseId is not null) query = query.Where(m => m.WarehouseId == warehouseId);
            var total = await query.CountAsync(ct);
            var items = await (
                from m in query
                join u in db.SerialUnits on m.SerialUnitId equals u.Id into units
                from u in units.DefaultIfEmpty()
                join a in db.Users on m.UserId equals (int?)a.Id into authors
                from a in authors.DefaultIfEmpty()
                orderby m.OccurredAt descending, m.Id descending
                select new Item(m.Id, m.OccurredAt, m.WarehouseId, m.Quantity, m.UnitCost, m.Value, u == null ? null : u.Serial, m.Batch,
                    m.Description, m.SourceType, m.SourceId, m.SourceNumber, a == null ? User.BeforeUsers : a.UserName!, m.Kind, m.CostLayerId, m.ReceiptId))
                .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
            return new Result(items, page, pageSize, total);
        }
    }
}

internal static class Paging
{
    public const int MaxPageSize = 10_000;

    public static void Check(int page, int pageSize)
    {
        var problems = new ProblemList();
        if (page < 1) problems.Add(Problem.Invalid($"page starts at 1 (was {page})."));
        if (pageSize is < 1 or > MaxPageSize) problems.Add(Problem.Invalid($"pageSize is 1 to {MaxPageSize} (was {pageSize})."));
        // The rows skipped, (page - 1) × pageSize, must fit an int: past it the offset wraps round and serves page 1 again.
        else if (page >= 1 && (long)(page - 1) * pageSize > int.MaxValue)
            problems.Add(Problem.Invalid($"page {page} is past any list: at {pageSize} a page, pages stop at {int.MaxValue / pageSize + 1}."));
        problems.ThrowIfAny();
    }
}
