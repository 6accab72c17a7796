using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Materials;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Production;

public sealed record ProductionJobDto(
    int Id, string Number, int OutputProductId, string OutputSku, decimal Quantity, int WarehouseId, ProductionJobStatus Status,
    decimal? ActualQuantity, decimal? OutputUnitCost, decimal ConsumedCost, IReadOnlyList<string> OutputSerials, DateTime CreatedAt, DateTime? CompletedAt,
    string CreatedBy)
{
    /// <summary>As a document line's serialCount, serialsUrl and serialsNext (<see cref="SerialsOnLine"/>), for <c>outputSerials</c>.</summary>
    public int OutputSerialCount { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? OutputSerialsNext { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? OutputSerialsUrl { get; init; }
}

public static class ProductionApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/production-jobs").WithTags("Production jobs");
        jobs.MapPost("/", async Task<Created<ProductionJobDto>> (CreateProductionJob.Request request, CreateProductionJob.Handler handler, CancellationToken ct) =>
        {
            var job = await handler.HandleAsync(request, ct);
            return TypedResults.Created($"/api/production-jobs/{job.Id}", job);
        }).Requires(Permission.Production).Describe("CreateProductionJob", "Create a production job")
            .WithRequestExample("""{"outputProductId": 3, "quantity": 2, "warehouseId": 1}""");
        jobs.MapGet("/", (ProductionJobStatus? status, [AsParameters] DocumentFilter filter, string? format, ListProductionJobs.Handler handler, CancellationToken ct) =>
            {
                var query = new ListProductionJobs.Query(status, filter);
                return DocumentLists.AnswerAsync(format, () => handler.PageAsync(query, ct), () => handler.All(query), "production-jobs.csv");
            }).Describe("ListProductionJobs", "List production jobs", DocumentLists.Description)
            .ProducesFile("text/csv");
        jobs.MapGet("/{id:int}", async Task<Ok<ProductionJobDto>> (int id, GetProductionJob.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, ct))).Describe("GetProductionJob", "Get a production job");
        jobs.MapPost("/{id:int}/materials", async Task<Created<MaterialsMovedDto>> (int id, MaterialsRequest request, MoveMaterials.Handler handler, CancellationToken ct) =>
            TypedResults.Created($"/api/production-jobs/{id}/materials", await handler.UseAsync(MaterialOwner.ProductionJob, id, request, ct))).Requires(Permission.Production)
            .Describe("UseProductionJobMaterials", "Use materials on a production job", "Stock falls at cost; the job's output is costed from them.")
            .WithRequestExample(Projects.ProjectsApi.MaterialsExample);
        jobs.MapPost("/{id:int}/material-returns", async Task<Created<MaterialsMovedDto>> (int id, MaterialsRequest request, MoveMaterials.Handler handler, CancellationToken ct) =>
            TypedResults.Created($"/api/production-jobs/{id}/materials", await handler.ReturnAsync(MaterialOwner.ProductionJob, id, request, ct))).Requires(Permission.Production)
            .Describe("ReturnProductionJobMaterials", "Return materials from a production job").WithRequestExample(Projects.ProjectsApi.MaterialsExample);
        jobs.MapGet("/{id:int}/bill-of-materials", async Task<Ok<JobBillOfMaterialsDto>> (int id, FillFromBillOfMaterials.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, ct))).Describe("GetProductionJobBillOfMaterials", "The material lines a job needs from its bill of materials",
                "The output product's bill of materials × the job's planned quantity, less what is on the job now: each line's quantity is what is still to be used, ready for POST .../materials with its serials or batches.");
        jobs.MapGet("/{id:int}/materials", async Task<Ok<MaterialsListDto>> (int id, ListMaterials.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(MaterialOwner.ProductionJob, id, ct))).Describe("ListProductionJobMaterials", "List a production job's materials");
        MaterialSerialsApi.Map(jobs, SourceType.ProductionJob, "ProductionJob", "job");
        jobs.MapGet("/{id:int}/outputs/serials", async Task<Ok<LineSerials.Result>> (int id, string? after, int? pageSize,
                LineSerials.Handler handler, CancellationToken ct) => TypedResults.Ok(await handler.JobOutputsAsync(id, after, pageSize, ct)))
            .Describe("ListProductionJobOutputSerials", "List a job's output serials",
                $"The serials the job put in stock as its output, in the order they were posted, {LineSerials.DefaultPageSize:N0} a page unless pageSize says (at most {LineSerials.MaxPageSize:N0}). " +
                "Pass an answer's next as after for the page that follows; no next means the last page. " +
                $"The job's answer lists its outputSerials whole up to {LineSerials.Listed:N0}; past that the first {LineSerials.Listed:N0} with outputSerialCount, and outputSerialsUrl and outputSerialsNext say where to go on from.");
        jobs.MapPost("/{id:int}/complete", async Task<Ok<ProductionJobDto>> (int id, CompleteProductionJob.Request request, CompleteProductionJob.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, request, ct))).Requires(Permission.Production)
            .Describe("CompleteProductionJob", "Complete a production job", "Consumes the materials and puts the output in stock; outputs say which components went into which output serial.")
            .WithRequestExample("""{"actualQuantity": 2, "serials": ["FG-0001", "FG-0002"], "outputs": [{"serial": "FG-0001", "components": [{"productId": 1, "serials": ["SN-0001"]}]}]}""");
    }
}

public static class GetProductionJob
{
    public sealed class Handler(StocktrailDbContext db)
    {
        public Task<ProductionJobDto> HandleAsync(int id, CancellationToken ct) => ProductionJobReader.ReadAsync(db, id, ct);
    }
}

internal static class ProductionJobReader
{
    public static async Task<ProductionJobDto> ReadAsync(StocktrailDbContext db, int id, CancellationToken ct)
    {
        var job = await db.ProductionJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct)
            ?? throw StockRuleException.NotFound($"There is no production job with id {id}.");
        var sku = await db.Products.Where(p => p.Id == job.OutputProductId).Select(p => p.Sku).FirstAsync(ct);
        var consumed = await MaterialCost.OfAsync(db, MaterialOwner.ProductionJob, id, ct);
        // A serialized job made as many serials as its actual quantity; a large output is paged, not read here.
        var made = await db.Products.AnyAsync(p => p.Id == job.OutputProductId && p.TrackingType == TrackingType.Serial, ct) ? job.ActualQuantity ?? 0 : 0;
        var listed = LineSerials.IsLarge(made) ? [] : await (
            from m in db.StockMovements.AsNoTracking()
            join u in db.SerialUnits.AsNoTracking() on m.SerialUnitId equals u.Id
            where m.SourceType == SourceType.ProductionJob && m.SourceId == id && m.SourceLineId == null && m.ProductId == job.OutputProductId && m.Quantity > 0
            orderby m.Id
            select u.Serial).ToListAsync(ct);
        var outputs = await LineSerials.SummarizeAsync(db, LineSerials.ForJobOutputs(id, job.OutputProductId), made, () => listed, ct);
        return new ProductionJobDto(job.Id, job.Number, job.OutputProductId, sku, job.Quantity, job.WarehouseId, job.Status,
            job.ActualQuantity, job.OutputUnitCost, consumed, outputs.Serials, job.CreatedAt, job.CompletedAt, await Authors.NameAsync(db, job.CreatedById, ct))
        {
            OutputSerialCount = outputs.Count, OutputSerialsNext = outputs.Next, OutputSerialsUrl = outputs.Url,
        };
    }
}

public static class CreateProductionJob
{
    public sealed record Request(int OutputProductId, decimal Quantity, int WarehouseId);

    public sealed class Handler(StocktrailDbContext db, AuditTrail audit, TimeProvider clock)
    {
        public async Task<ProductionJobDto> HandleAsync(Request request, CancellationToken ct)
        {
            var problems = new ProblemList();
            var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == request.OutputProductId, ct);
            if (product is null) problems.Add(Problem.Invalid($"There is no product with id {request.OutputProductId} to produce."));
            else if (product.TrackingType == TrackingType.NonStock)
                problems.Add(Problem.Invalid($"{product.Sku} is a NonStock product; a production job makes stock, so its output must be a stocked product."));
            if (Amounts.Check(request.Quantity, "The quantity to produce") is { } tooBig) problems.Add(Problem.Invalid(tooBig));
            else if (request.Quantity <= 0) problems.Add(Problem.Invalid($"The quantity to produce must be more than zero (was {request.Quantity})."));
            else if (product?.TrackingType == TrackingType.Serial && request.Quantity != decimal.Truncate(request.Quantity))
                problems.Add(Problem.Invalid($"{product.Sku} is serialized; a job makes whole units, not {request.Quantity}."));
            if (!await db.Warehouses.AnyAsync(w => w.Id == request.WarehouseId, ct))
                problems.Add(Problem.Invalid($"There is no warehouse with id {request.WarehouseId}."));
            problems.ThrowIfAny();

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var job = new ProductionJob(request.OutputProductId, request.Quantity, request.WarehouseId, clock.GetUtcNow().UtcDateTime);
            db.ProductionJobs.Add(job);
            await db.SaveChangesAsync(ct);
            job.NumberFromId();
            audit.Record(AuditActions.ProductionJobCreated, $"Production job {job.Number} created to make {AuditText.Qty(job.Quantity)} of {product!.Sku}.",
                SourceType.ProductionJob, job.Number);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return await ProductionJobReader.ReadAsync(db, job.Id, ct);
        }
    }
}
