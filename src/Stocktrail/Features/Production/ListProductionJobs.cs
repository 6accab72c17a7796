using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.Production;

/// <summary>
/// Production jobs, newest first, by status, warehouse, product (what the job makes or a material it used), created
/// date and number or output SKU.
/// </summary>
public static class ListProductionJobs
{
    public sealed record Query(ProductionJobStatus? Status, DocumentFilter Filter);
    public sealed record Item(int Id, string Number, int OutputProductId, string OutputSku, decimal Quantity, int WarehouseId, ProductionJobStatus Status,
        decimal? ActualQuantity, DateTime CreatedAt, DateTime? CompletedAt, string CreatedBy);
    public sealed record Result(IReadOnlyList<Item> Items, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> PageAsync(Query query, CancellationToken ct)
        {
            var (items, next) = await DocumentLists.PageAsync(query.Filter, after => Rows(query, after), i => i.Id, ct);
            return new Result(items, next);
        }

        public IAsyncEnumerable<Item> All(Query query) => DocumentLists.All(query.Filter, after => Rows(query, after));

        private IQueryable<Item> Rows(Query query, int? after)
        {
            var f = query.Filter;
            var jobs = db.ProductionJobs.AsNoTracking();
            if (after is { } a) jobs = jobs.Where(j => j.Id < a);
            if (query.Status is { } status) jobs = jobs.Where(j => j.Status == status);
            if (f.WarehouseId is { } warehouseId) jobs = jobs.Where(j => j.WarehouseId == warehouseId);
            if (f.ProductId is { } productId)
                jobs = jobs.Where(j => j.OutputProductId == productId
                    || db.StockMovements.Any(m => m.SourceType == SourceType.ProductionJob && m.SourceId == j.Id && m.ProductId == productId));
            if (f.FromTime is { } from) jobs = jobs.Where(j => j.CreatedAt >= from);
            if (f.ToTime is { } to) jobs = jobs.Where(j => j.CreatedAt < to);
            var text = f.Text;
            return from j in jobs
                join p in db.Products.AsNoTracking() on j.OutputProductId equals p.Id
                where text == null || j.Number.ToLower().Contains(text) || p.SkuKey.ToLower().Contains(text)
                join u in db.Users on j.CreatedById equals (int?)u.Id into authors
                from u in authors.DefaultIfEmpty()
                orderby j.Id descending
                select new Item(j.Id, j.Number, j.OutputProductId, p.Sku, j.Quantity, j.WarehouseId, j.Status, j.ActualQuantity, j.CreatedAt, j.CompletedAt,
                    u == null ? User.BeforeUsers : u.UserName!);
        }
    }
}
