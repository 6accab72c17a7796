using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.StockTakes;

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
        api.MapGet("/jobs/{id:int}", (int id, GetJob.Handler handler, CancellationToken ct) => handler.HandleAsync(id, ct)).WithTags("Background jobs");
}
