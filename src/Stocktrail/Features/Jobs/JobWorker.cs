using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Jobs;

/// <summary>One kind of background job (<see cref="BackgroundJob.Kind"/>): what a node does with a job it has claimed.</summary>
public interface IJobRunner
{
    string Kind { get; }

    /// <summary>
    /// Does the job and ends it with <see cref="JobRun.FinishAsync"/>. A job may be run again from the start when its node
    /// died, so a runner applies its work all or nothing: it finishes the job in the same transaction as the work.
    /// </summary>
    Task RunAsync(JobRun run, IServiceProvider services, CancellationToken ct);
}

/// <summary>Thrown when this node's lease on a job was taken over (it ran out while the node was stalled); its work is dropped.</summary>
public sealed class LeaseLostException(string message) : Exception(message);

/// <summary>A job this node holds the lease on, while it runs.</summary>
public sealed class JobRun(BackgroundJob job, string owner, JsonSerializerOptions json)
{
    private int _percent;

    public BackgroundJob Job { get; } = job;
    public string Owner { get; } = owner;
    public int Percent => Volatile.Read(ref _percent);

    /// <summary>The percentage done, as the runner reports it; the heartbeat writes it to the job's row. It never goes back.</summary>
    public IProgress<int> Progress => new Reporter(this);

    /// <summary>The job's input, copied from the database to a scratch file of this node (deleted when closed), seekable.</summary>
    public async Task<FileStream> OpenInputAsync(StocktrailDbContext db, CancellationToken ct)
    {
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"stocktrail-job-{Job.Id}-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await foreach (var piece in db.BackgroundJobInputs.AsNoTracking().Where(i => i.JobId == Job.Id).OrderBy(i => i.Sequence)
                           .Select(i => i.Data).AsAsyncEnumerable().WithCancellation(ct))
            await file.WriteAsync(piece, ct);
        await file.FlushAsync(ct);
        file.Position = 0;
        return file;
    }

    /// <summary>
    /// Ends the job with the answer the request would have had, and drops its input, in the caller's transaction when it
    /// has one. Only while this node still holds the lease: otherwise <see cref="LeaseLostException"/>, and the caller's
    /// transaction is rolled back, so a job taken over by another node is applied once.
    /// </summary>
    public async Task FinishAsync(StocktrailDbContext db, bool succeeded, int status, object answer, DateTime at, CancellationToken ct)
    {
        var text = JsonSerializer.Serialize(answer, answer.GetType(), json);
        var state = succeeded ? BackgroundJobStatus.Succeeded : BackgroundJobStatus.Failed;
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using (own)
        {
            var ended = await db.BackgroundJobs
                .Where(j => j.Id == Job.Id && j.LeaseOwner == Owner && j.Status == BackgroundJobStatus.Running)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, state).SetProperty(j => j.Percent, 100).SetProperty(j => j.ResultStatus, status)
                    .SetProperty(j => j.ResultJson, text).SetProperty(j => j.FinishedAt, at)
                    .SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), ct);
            if (ended == 0)
                throw new LeaseLostException($"Job {Job.Id} is no longer leased to {Owner}; another node has taken it over.");
            await db.BackgroundJobInputs.Where(i => i.JobId == Job.Id).ExecuteDeleteAsync(ct);
            if (own is not null) await own.CommitAsync(ct);
        }
    }

    private sealed class Reporter(JobRun run) : IProgress<int>
    {
        public void Report(int value)
        {
            int seen;
            do seen = Volatile.Read(ref run._percent);
            while (value > seen && Interlocked.CompareExchange(ref run._percent, value, seen) != seen);
        }
    }
}

/// <summary>Wakes this node's worker when a job is queued here, so it need not wait for its next look.</summary>
public sealed class JobSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _channel.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The timeout: time to look for work again.
        }
    }
}

/// <summary>
/// Each node runs one job at a time: it claims the oldest queued job (or one whose node's lease ran out), renews its lease
/// while the job runs, and on shutdown stops the job (its transaction rolls back) and gives it back to the queue.
/// A job started <see cref="JobOptions.MaxAttempts"/> times by nodes that all died is failed, saying so.
/// </summary>
public sealed class JobWorker(IServiceScopeFactory scopes, IEnumerable<IJobRunner> runners, JobSignal signal, NodeIdentity node,
    IOptions<JobOptions> options, TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ILogger<JobWorker> logger) : BackgroundService
{
    public const string Table = "BackgroundJobs";

    private readonly Dictionary<string, IJobRunner> _runners = runners.ToDictionary(r => r.Kind);
    private JobOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await ClaimAsync(stoppingToken) is { } job) await RunAsync(job, stoppingToken);
                else await signal.WaitAsync(Options.Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A database that is briefly away must not end the worker: it looks again after a pause.
                logger.LogError(e, "The job worker of {Node} failed to claim or run a job; it tries again", node.Name);
                await Task.Delay(Options.Poll, stoppingToken);
            }
        }
    }

    private async Task<BackgroundJob?> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        await FailAbandonedAsync(db, now, ct);
        // Only kinds this node can run: a node of an older release leaves a newer kind to the nodes that know it.
        var kinds = string.Join(", ", _runners.Keys.Select(k => $"'{k}'"));
        var id = await Leases.ClaimAsync(db, Table,
            $"\"Kind\" IN ({kinds}) AND (\"Status\" = 'Queued' OR (\"Status\" = 'Running' AND \"LeaseExpiresAt\" < @now AND \"Attempts\" < {Options.MaxAttempts}))",
            nameof(BackgroundJobStatus.Running), node.Name, now, now + Options.Lease, ct);
        if (id is null) return null;
        var job = await db.BackgroundJobs.AsNoTracking().FirstAsync(j => j.Id == id, ct);
        if (job.Attempts > 1) logger.LogWarning("Job {JobId} ({Kind}) taken over by {Node}: its last node's lease ran out (attempt {Attempt})", job.Id, job.Kind, node.Name, job.Attempts);
        return job;
    }

    /// <summary>Jobs whose node died while running them as many times as allowed: failed with the reason, never left Running.</summary>
    private async Task FailAbandonedAsync(StocktrailDbContext db, DateTime now, CancellationToken ct)
    {
        var detail = JsonSerializer.Serialize(new
        {
            title = "Interrupted",
            status = StatusCodes.Status500InternalServerError,
            detail = $"The app node running this job stopped before it finished, {Options.MaxAttempts} time(s) in a row; nothing of it was applied. Start it again.",
            errors = Array.Empty<object>(),
        }, json.Value.SerializerOptions);
        var failed = await db.BackgroundJobs
            .Where(j => j.Status == BackgroundJobStatus.Running && j.LeaseExpiresAt < now && j.Attempts >= Options.MaxAttempts)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, BackgroundJobStatus.Failed).SetProperty(j => j.ResultStatus, StatusCodes.Status500InternalServerError)
                .SetProperty(j => j.ResultJson, detail).SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), ct);
        if (failed == 0) return;
        logger.LogWarning("{Count} job(s) failed after their nodes stopped {Max} times", failed, Options.MaxAttempts);
        await db.BackgroundJobInputs
            .Where(i => db.BackgroundJobs.Any(j => j.Id == i.JobId && (j.Status == BackgroundJobStatus.Failed || j.Status == BackgroundJobStatus.Succeeded)))
            .ExecuteDeleteAsync(ct);
    }

    private async Task RunAsync(BackgroundJob job, CancellationToken stoppingToken)
    {
        var run = new JobRun(job, node.Name, json.Value.SerializerOptions);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = HeartbeatAsync(run, work);
        try
        {
            if (!_runners.TryGetValue(job.Kind, out var runner))
                throw new InvalidOperationException($"No runner knows jobs of kind {job.Kind}.");
            await using var scope = scopes.CreateAsyncScope();
            await runner.RunAsync(run, scope.ServiceProvider, work.Token);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync(run);
        }
        catch (Exception e) when (e is LeaseLostException || (e is OperationCanceledException && work.IsCancellationRequested))
        {
            logger.LogWarning("Job {JobId} was taken over by another node while {Node} ran it; {Node} dropped its work", job.Id, node.Name, node.Name);
        }
        catch (Exception e)
        {
            // The worker outlives one failed job; the job is failed so that its caller is not left waiting.
            logger.LogError(e, "Background job {JobId} ({Kind}) failed", job.Id, job.Kind);
            await using var scope = scopes.CreateAsyncScope();
            await run.FinishAsync(scope.ServiceProvider.GetRequiredService<StocktrailDbContext>(), false, StatusCodes.Status500InternalServerError,
                new { title = "Job failed", status = 500, detail = "The job failed unexpectedly; nothing was changed. Try again.", errors = Array.Empty<object>() },
                clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        }
        finally
        {
            await work.CancelAsync();
            await heartbeat;
        }
    }

    /// <summary>Renews the lease and writes the percentage done; a lease found taken over stops the work.</summary>
    private async Task HeartbeatAsync(JobRun run, CancellationTokenSource work)
    {
        while (!work.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Options.Heartbeat, clock, work.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
                var percent = run.Percent;
                var until = clock.GetUtcNow().UtcDateTime + Options.Lease;
                var renewed = await db.BackgroundJobs
                    .Where(j => j.Id == run.Job.Id && j.LeaseOwner == run.Owner && j.Status == BackgroundJobStatus.Running)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, until).SetProperty(j => j.Percent, percent), CancellationToken.None);
                if (renewed == 0 && !work.IsCancellationRequested)
                {
                    await work.CancelAsync();
                    return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A missed renewal is not yet a lost lease; the next one may get through.
                logger.LogWarning(e, "The lease on job {JobId} could not be renewed", run.Job.Id);
            }
        }
    }

    /// <summary>On shutdown: the job goes back to the queue for another node (or this one after its restart), not counted as an attempt.</summary>
    private async Task ReleaseAsync(JobRun run)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
        var released = await db.BackgroundJobs
            .Where(j => j.Id == run.Job.Id && j.LeaseOwner == run.Owner && j.Status == BackgroundJobStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, BackgroundJobStatus.Queued).SetProperty(j => j.Percent, 0).SetProperty(j => j.Attempts, j => j.Attempts - 1)
                .SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
        if (released > 0) logger.LogInformation("Job {JobId} given back to the queue as {Node} shuts down", run.Job.Id, node.Name);
    }
}

public static class JobSetup
{
    public static IServiceCollection AddBackgroundJobs(this IServiceCollection services)
    {
        services.AddOptions<JobOptions>().BindConfiguration("Stocktrail:Jobs");
        services.AddSingleton<NodeIdentity>();
        services.AddSingleton<JobSignal>();
        services.AddHostedService<JobWorker>();
        return services;
    }
}
