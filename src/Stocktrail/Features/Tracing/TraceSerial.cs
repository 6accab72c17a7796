using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Stocktrail.Domain;
using Stocktrail.Web;

namespace Stocktrail.Features.Tracing;

public static class TracingApi
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/products/{id:int}/serials/{serial}/trace", async Task<Ok<TraceSerial.Result>> (int id, string serial, string? direction, HttpContext http, TraceSerial.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, Web.RawRoute.Segment(http, 1, serial), direction, ct))).WithTags("Tracing")
            .Describe("TraceSerial", "Trace a serial's genealogy", "direction=down: what it was built from; up: what it went into and where those went.");
}

/// <summary>
/// The genealogy of a unit through any number of production levels. <c>down</c>: what it was built from, each part with
/// the documents it came in on (the supplier's order). <c>up</c>: what it was built into, and every document each of
/// those units went out on (the customer's sale), so a faulty component can be followed to every customer it reached.
/// </summary>
public static class TraceSerial
{
    private const int MaxDepth = 32;

    public sealed record Result(string Direction, Node Root);

    public sealed record Node(int ProductId, string Sku, string? Serial, string? Batch, decimal Quantity, SerialStatus? Status, int? WarehouseId,
        string? ProductionJob, IReadOnlyList<DocumentRow> Documents, IReadOnlyList<Node> Components, IReadOnlyList<Node> BuiltInto);

    public sealed record DocumentRow(DateTime OccurredAt, SourceType SourceType, int SourceId, string SourceNumber, decimal Quantity, string Description);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(int productId, string serial, string? direction, CancellationToken ct)
        {
            var down = direction is null || direction.Equals("down", StringComparison.OrdinalIgnoreCase);
            if (!down && !direction!.Equals("up", StringComparison.OrdinalIgnoreCase))
                throw StockRuleException.Invalid($"direction '{direction}' is not known: use down (what it was built from) or up (what it went into).");
            var key = TrackingCode.Key(serial);
            var unit = await db.SerialUnits.AsNoTracking().FirstOrDefaultAsync(u => u.ProductId == productId && u.SerialKey == key, ct)
                ?? throw new StockRuleException(new Problem(ProblemKind.NotFound, $"Product {productId} has no unit with serial {serial.Trim()}.") { Serial = serial.Trim() });

            var visited = new HashSet<long>();
            var root = down ? await DownAsync(unit, null, 1, visited, 0, ct) : await UpAsync(unit, null, 1, visited, 0, ct);
            return new Result(down ? "down" : "up", root);
        }

        private async Task<Node> DownAsync(SerialUnit unit, string? job, decimal quantity, HashSet<long> visited, int depth, CancellationToken ct)
        {
            var components = new List<Node>();
            if (visited.Add(unit.Id) && depth < MaxDepth)
            {
                foreach (var link in await LinksAsync(l => l.OutputSerialUnitId == unit.Id, ct))
                {
                    var jobNumber = await JobNumberAsync(link.ProductionJobId, ct);
                    if (link.ComponentSerialUnitId is { } componentId)
                        components.Add(await DownAsync(await db.SerialUnits.AsNoTracking().FirstAsync(u => u.Id == componentId, ct), jobNumber, link.Quantity, visited, depth + 1, ct));
                    else
                        components.Add(await StockNodeAsync(link.ComponentProductId, link.ComponentBatch, link.Quantity, jobNumber, down: true, ct));
                }
            }
            return await UnitNodeAsync(unit, job, quantity, components, [], ct);
        }

        private async Task<Node> UpAsync(SerialUnit unit, string? job, decimal quantity, HashSet<long> visited, int depth, CancellationToken ct)
        {
            var builtInto = new List<Node>();
            if (visited.Add(unit.Id) && depth < MaxDepth)
            {
                foreach (var link in await LinksAsync(l => l.ComponentSerialUnitId == unit.Id, ct))
                {
                    var jobNumber = await JobNumberAsync(link.ProductionJobId, ct);
                    if (link.OutputSerialUnitId is { } outputId)
                        builtInto.Add(await UpAsync(await db.SerialUnits.AsNoTracking().FirstAsync(u => u.Id == outputId, ct), jobNumber, 1, visited, depth + 1, ct));
                    else
                        builtInto.Add(await StockNodeAsync(link.OutputProductId, link.OutputBatch, link.Quantity, jobNumber, down: false, ct));
                }
            }
            return await UnitNodeAsync(unit, job, quantity, [], builtInto, ct);
        }

        private async Task<List<ComponentLink>> LinksAsync(System.Linq.Expressions.Expression<Func<ComponentLink, bool>> where, CancellationToken ct) =>
            await db.ComponentLinks.AsNoTracking().Where(where).OrderBy(l => l.Id).ToListAsync(ct);

        private async Task<string> JobNumberAsync(int jobId, CancellationToken ct) =>
            await db.ProductionJobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => j.Number).FirstAsync(ct);

        private async Task<Node> UnitNodeAsync(SerialUnit unit, string? job, decimal quantity, List<Node> components, List<Node> builtInto, CancellationToken ct)
        {
            var sku = await SkuAsync(unit.ProductId, ct);
            var documents = await db.StockMovements.AsNoTracking().Where(m => m.SerialUnitId == unit.Id)
                .OrderBy(m => m.OccurredAt).ThenBy(m => m.Id)
                .Select(m => new DocumentRow(m.OccurredAt, m.SourceType, m.SourceId, m.SourceNumber, m.Quantity, m.Description)).ToListAsync(ct);
            return new Node(unit.ProductId, sku, unit.Serial, null, quantity, unit.Status, unit.WarehouseId, job, documents, components, builtInto);
        }

        /// <summary>
        /// A batch or Fifo quantity in the tree. Going down, the documents its batch came in on (the supplier's order);
        /// going up, every document that took some of the batch out, so the customers a batch reached are found too.
        /// </summary>
        private async Task<Node> StockNodeAsync(int productId, string? batch, decimal quantity, string job, bool down, CancellationToken ct)
        {
            var sku = await SkuAsync(productId, ct);
            var batchKey = batch is null ? null : TrackingCode.Key(batch);
            var documents = batch is null ? [] : await db.StockMovements.AsNoTracking()
                .Where(m => m.ProductId == productId && m.Batch != null && m.Batch.ToUpper() == batchKey)
                .Where(m => down ? m.Quantity > 0 && m.SourceType == SourceType.PurchaseOrder : m.Quantity < 0 && m.SourceType != SourceType.StockTransfer)
                .OrderBy(m => m.OccurredAt).ThenBy(m => m.Id)
                .Select(m => new DocumentRow(m.OccurredAt, m.SourceType, m.SourceId, m.SourceNumber, m.Quantity, m.Description)).ToListAsync(ct);
            return new Node(productId, sku, null, batch, quantity, null, null, job, documents, [], []);
        }

        private async Task<string> SkuAsync(int productId, CancellationToken ct) =>
            await db.Products.AsNoTracking().Where(p => p.Id == productId).Select(p => p.Sku).FirstAsync(ct);
    }
}
