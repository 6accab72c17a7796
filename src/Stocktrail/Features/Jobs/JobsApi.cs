using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.StockTakes;
using Stocktrail.Web;

namespace Stocktrail.Features.Jobs;

/// <summary>A background job as the API shows it, read from its row: the same answer from every node.</summary>
public static class GetJob
{
    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<JobDto> HandleAsync(int id, CancellationToken ct)
        {
            var job = await db.BackgroundJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct)
                ?? throw StockRuleException.NotFound($"There is no background job with id {id}.");
            using var result = job.ResultJson is null ? null : JsonDocument.Parse(job.ResultJson);
            return new JobDto(job.Id, job.Kind, job.Status, job.Percent, job.StockTakeId, job.CreatedAt, job.FinishedAt, job.ResultStatus,
                result?.RootElement.Clone());
        }
    }
}

public static class JobsApi
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/jobs/{id:int}", async Task<Ok<JobDto>> (int id, GetJob.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, ct))).WithTags("Background jobs").Describe("GetBackgroundJob", "Get a background job",
                "A background job (a count sheet import, the stock snapshots): its status, percentage and, when done, its answer.");
}
