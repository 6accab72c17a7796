using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.StockTakes;

/// <summary>
/// A count sheet imported in the background (<c>?async=true</c>): the take must still be counting, the upload is kept
/// in a temp file the worker reads, and the job is a row whose id the caller polls at <c>/api/jobs/{id}</c>.
/// </summary>
public static class QueueSheetImport
{
    public sealed record QueuedDto(int Id, BackgroundJobStatus Status, int Percent);

    public sealed class Handler(StocktrailDbContext db, ImportQueue queue, TimeProvider clock)
    {
        public async Task<QueuedDto> HandleAsync(int stockTakeId, Func<FileStream, Task> saveUpload, CancellationToken ct)
        {
            var take = await db.StockTakes.FindAsync([stockTakeId], ct) ?? throw StockRuleException.NotFound($"There is no stock take with id {stockTakeId}.");
            take.RequireCounting("takes no more count sheets");
            var path = Path.Combine(Path.GetTempPath(), $"stocktrail-import-{Guid.NewGuid():N}.sheet");
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
                await saveUpload(file);
            var job = new BackgroundJob("StockTakeImport", stockTakeId, clock.GetUtcNow().UtcDateTime);
            db.BackgroundJobs.Add(job);
            await db.SaveChangesAsync(ct);
            await queue.EnqueueAsync(new ImportWork(job.Id, stockTakeId, path), ct);
            return new QueuedDto(job.Id, job.Status, 0);
        }
    }
}
