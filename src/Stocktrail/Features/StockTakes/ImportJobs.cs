using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.StockTakes;

/// <summary>A saved sheet waiting to be imported in the background; the worker deletes the file when done.</summary>
public sealed record ImportWork(int JobId, int StockTakeId, string Path);

/// <summary>
/// The queue of background imports and the percentage of each running one. The percentage lives in memory rather than
/// in the job's row because the import holds the database's write lock (SQLite) while it runs; the row records how
/// the job ended.
/// </summary>
public sealed class ImportQueue
{
    private readonly Channel<ImportWork> _channel = Channel.CreateUnbounded<ImportWork>(new UnboundedChannelOptions { SingleReader = true });

    public ConcurrentDictionary<int, int> Progress { get; } = new();
    public ChannelReader<ImportWork> Reader => _channel.Reader;

    public ValueTask EnqueueAsync(ImportWork work, CancellationToken ct) => _channel.Writer.WriteAsync(work, ct);
}

/// <summary>Runs queued imports one at a time, each in its own scope, and records the answer the request would have had.</summary>
public sealed class ImportWorker(ImportQueue queue, IServiceScopeFactory scopes, TimeProvider clock,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ILogger<ImportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var work in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(work, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The worker must outlive one failed job; the job is marked failed so that its caller is not left waiting.
                logger.LogError(e, "Background import job {JobId} failed", work.JobId);
                await FinishAsync(work.JobId, false, StatusCodes.Status500InternalServerError,
                    new JobProblemDto("Import failed", 500, "The import failed unexpectedly; nothing was changed. Try again, or import the sheet without async.", []), CancellationToken.None);
            }
            finally
            {
                queue.Progress.TryRemove(work.JobId, out _);
                if (File.Exists(work.Path)) File.Delete(work.Path);
            }
        }
    }

    private async Task RunAsync(ImportWork work, CancellationToken ct)
    {
        (int Id, string Name)? requestedBy = null;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
            var job = await db.BackgroundJobs.FirstAsync(j => j.Id == work.JobId, ct);
            if (job.CreatedById is { } userId) requestedBy = (userId, await Authors.NameAsync(db, userId, ct));
            job.Start();
            await db.SaveChangesAsync(ct);
        }
        queue.Progress[work.JobId] = 0;

        object answer;
        int status;
        await using (var scope = scopes.CreateAsyncScope())
        {
            // The import is the work of whoever asked for it: what it writes, and its audit line, name them.
            if (requestedBy is { } user) scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAs(user.Id, user.Name);
            var handler = scope.ServiceProvider.GetRequiredService<ImportCountSheet.Handler>();
            await using var file = new FileStream(work.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
            try
            {
                answer = await handler.HandleAsync(work.StockTakeId, file, new Reporter(p => queue.Progress[work.JobId] = p), ct);
                status = StatusCodes.Status200OK;
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
        }
        await FinishAsync(work.JobId, status == StatusCodes.Status200OK, status, answer, ct);
    }

    private async Task FinishAsync(int jobId, bool succeeded, int status, object answer, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
        var job = await db.BackgroundJobs.FirstAsync(j => j.Id == jobId, ct);
        job.Finish(succeeded, status, JsonSerializer.Serialize(answer, answer.GetType(), json.Value.SerializerOptions), clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    private sealed class Reporter(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}

public static class ImportJobs
{
    public static IServiceCollection AddStockTakeImports(this IServiceCollection services)
    {
        services.AddSingleton<ImportQueue>();
        services.AddHostedService<ImportWorker>();
        return services;
    }

    /// <summary>A background job as the API shows it: while it runs, its percentage from memory.</summary>
    public sealed class Handler(StocktrailDbContext db, ImportQueue queue)
    {
        public async Task<JobDto> HandleAsync(int id, CancellationToken ct)
        {
            var job = await db.BackgroundJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct)
                ?? throw StockRuleException.NotFound($"There is no background job with id {id}.");
            var percent = job.Status == BackgroundJobStatus.Running ? queue.Progress.GetValueOrDefault(id) : job.Percent;
            using var result = job.ResultJson is null ? null : JsonDocument.Parse(job.ResultJson);
            return new JobDto(job.Id, job.Kind, job.Status, percent, job.StockTakeId, job.CreatedAt, job.FinishedAt, job.ResultStatus,
                result?.RootElement.Clone());
        }
    }
}
