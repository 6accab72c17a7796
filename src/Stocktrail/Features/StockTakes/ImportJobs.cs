using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Jobs;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.StockTakes;

/// <summary>
/// A count sheet imported in the background (<c>POST …/sheet?async=true</c>): the saved upload becomes a queued job
/// whose input (the sheet, in pieces of 1 MB) is stored in the database with it, so that any node can run it.
/// </summary>
public static class QueueImport
{
    public const string Kind = "StockTakeImport";

    /// <summary>The answer to a queued import: the job to poll at <c>/api/jobs/{id}</c>.</summary>
    public sealed record QueuedDto(int Id, BackgroundJobStatus Status, int Percent);
    private const int PieceBytes = 1024 * 1024;

    public sealed class Handler(StocktrailDbContext db, JobSignal signal, TimeProvider clock)
    {
        /// <param name="sheet">The upload, already saved and checked against the sheet's size limit, at position 0.</param>
        public async Task<BackgroundJob> HandleAsync(int stockTakeId, Stream sheet, CancellationToken ct)
        {
            var take = await db.StockTakes.AsNoTracking().FirstOrDefaultAsync(t => t.Id == stockTakeId, ct)
                ?? throw StockRuleException.NotFound($"There is no stock take with id {stockTakeId}.");
            take.RequireCounting("takes no more count sheets");
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var job = new BackgroundJob(Kind, stockTakeId, clock.GetUtcNow().UtcDateTime);
            db.BackgroundJobs.Add(job);
            await db.SaveChangesAsync(ct);
            var buffer = new byte[PieceBytes];
            for (var sequence = 0; ; sequence++)
            {
                var length = await sheet.ReadAtLeastAsync(buffer, PieceBytes, throwOnEndOfStream: false, ct);
                if (length == 0) break;
                db.BackgroundJobInputs.Add(new BackgroundJobInput(job.Id, sequence, buffer[..length]));
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
            await tx.CommitAsync(ct);
            signal.Wake();
            return job;
        }
    }
}

/// <summary>
/// Runs a queued import on whichever node claimed it, as the user who sent it, and records the answer the request
/// would have had. The import and the job's end are one transaction: a node that dies mid-import leaves nothing
/// applied, and the node that takes the job over imports the whole sheet again.
/// </summary>
public sealed class StockTakeImportRunner(TimeProvider clock) : IJobRunner
{
    public string Kind => QueueImport.Kind;

    public async Task RunAsync(JobRun run, IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<StocktrailDbContext>();
        // The import is the work of whoever asked for it: what it writes, and its audit line, name them.
        if (run.Job.CreatedById is { } userId)
            services.GetRequiredService<CurrentUser>().ActAs(userId, await Authors.NameAsync(db, userId, ct));
        var handler = services.GetRequiredService<ImportCountSheet.Handler>();
        await using var sheet = await run.OpenInputAsync(db, ct);
        object answer;
        int status;
        try
        {
            await handler.HandleAsync(run.Job.StockTakeId!.Value, sheet, run.Progress, ct,
                (result, token) => run.FinishAsync(db, true, StatusCodes.Status200OK, result, clock.GetUtcNow().UtcDateTime, token));
            return;
        }
        catch (StockRuleException refused)
        {
            (status, var title) = Web.ProblemHandling.StatusOf(refused);
            answer = new JobProblemDto(title, status, Web.ProblemHandling.DetailOf(refused), refused.Problems.Select(Web.ProblemItem.From).ToList());
        }
        catch (Exception e) when (e is ConcurrentChangeException or DbUpdateException)
        {
            status = StatusCodes.Status409Conflict;
            answer = new JobProblemDto("Changed at the same time", status,
                "Someone else changed the same stock or stock take at the same moment; nothing was changed. Import the sheet again.", []);
        }
        db.ChangeTracker.Clear();
        await run.FinishAsync(db, false, status, answer, clock.GetUtcNow().UtcDateTime, ct);
    }
}

public static class ImportJobs
{
    public static IServiceCollection AddStockTakeImports(this IServiceCollection services)
    {
        services.AddBackgroundJobs();
        services.AddSingleton<IJobRunner, StockTakeImportRunner>();
        return services;
    }
}
