using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.Projects;

/// <summary>
/// Projects, newest first, by customer, a product used on it, the warehouse it was used from, created date and number
/// or name. A project has no status: it stays open for materials.
/// </summary>
public static class ListProjects
{
    public sealed record Query(int? CustomerId, DocumentFilter Filter);
    public sealed record Result(IReadOnlyList<ProjectDto> Items, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> PageAsync(Query query, CancellationToken ct)
        {
            var (items, next) = await DocumentLists.PageAsync(query.Filter, after => Rows(query, after), i => i.Id, ct);
            return new Result(items, next);
        }

        public IAsyncEnumerable<ProjectDto> All(Query query) => DocumentLists.All(query.Filter, after => Rows(query, after));

        private IQueryable<ProjectDto> Rows(Query query, int? after)
        {
            var f = query.Filter;
            var projects = db.Projects.AsNoTracking();
            if (after is { } a) projects = projects.Where(p => p.Id < a);
            if (query.CustomerId is { } customerId) projects = projects.Where(p => p.CustomerId == customerId);
            if (f.ProductId is { } productId)
                projects = projects.Where(p => db.StockMovements.Any(m => m.SourceType == SourceType.Project && m.SourceId == p.Id && m.ProductId == productId));
            if (f.WarehouseId is { } warehouseId)
                projects = projects.Where(p => db.StockMovements.Any(m => m.SourceType == SourceType.Project && m.SourceId == p.Id && m.WarehouseId == warehouseId));
            if (f.FromTime is { } from) projects = projects.Where(p => p.CreatedAt >= from);
            if (f.ToTime is { } to) projects = projects.Where(p => p.CreatedAt < to);
            if (f.Text is { } text) projects = projects.Where(p => p.Number.ToLower().Contains(text) || p.Name.ToLower().Contains(text));
            return ProjectReader.Read(db, projects);
        }
    }
}
