using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Jobs;
using Stocktrail.Features.StockTakes;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Snapshots;

/// <summary>
/// Period snapshots of stock (docs/ledger.md, "Stock snapshots"): for each closed calendar month (UTC), per product and
/// warehouse, the quantity on hand and value at its end, from the ledger alone. The stock value report starts from the
/// nearest complete one; the ledger writer keeps them true when a row is dated before a period's end.
/// </summary>
public static class StockSnapshots
{
    public const string JobKind = "StockSnapshots";

    /// <summary>
    /// The periods, complete or being made, whose end is after <paramref name="at"/>: those a row dated then belongs in.
    /// On PostgreSQL their rows are held <c>FOR KEY SHARE</c> until the caller's transaction ends, so a rebuild dropping
    /// them waits for it (and the caller's snapshot rows never name a period that is gone).
    /// </summary>
    public static Task<List<StockPeriod>> PeriodsAfterAsync(StocktrailDbContext db, DateTime at, CancellationToken ct)
    {
        // As the model stores every time: in UTC (a raw parameter does not pass through its converter).
        var utc = at.Kind == DateTimeKind.Utc ? at : at.ToUniversalTime();
        return (db.Database.IsNpgsql()
            ? db.StockPeriods.FromSqlRaw("SELECT * FROM \"StockPeriods\" WHERE \"PeriodEnd\" > {0} FOR KEY SHARE", utc)
            : db.StockPeriods.Where(p => p.PeriodEnd > utc)).AsNoTracking().ToListAsync(ct);
    }

    /// <summary>Whether the periods are still there (a rebuild may have dropped them), held as <see cref="PeriodsAfterAsync"/> holds them.</summary>
    internal static async Task<bool> StillThereAsync(StocktrailDbContext db, int[] ids, CancellationToken ct)
    {
        var found = db.Database.IsNpgsql()
            ? await db.StockPeriods.FromSqlRaw("SELECT * FROM \"StockPeriods\" WHERE \"Id\" = ANY({0}) FOR KEY SHARE", ids).AsNoTracking().ToListAsync(ct)
            : await db.StockPeriods.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        return found.Count == ids.Length;
    }

    /// <summary>
    /// The ledger rows of a range of products in [since, until), found by the index on OccurredAt: the product range is
    /// written so that no index can use it (<c>"ProductId" + @zero</c>). With the index on (ProductId, …, OccurredAt)
    /// SQLite walked every row of the range's products, the whole ledger for each month of one chunk.
    /// </summary>
    internal static IQueryable<StockMovement> RowsOf(StocktrailDbContext db, int after, int upTo, DateTime since, DateTime until)
    {
        var zero = 0;
        return db.StockMovements.AsNoTracking()
            .Where(m => m.OccurredAt >= since && m.OccurredAt < until && m.ProductId + zero > after && m.ProductId + zero <= upTo);
    }

    public static IServiceCollection AddStockSnapshots(IServiceCollection services)
    {
        services.AddBackgroundJobs();
        services.AddSingleton<IJobRunner, StockSnapshotRunner>();
        services.AddOptions<SnapshotOptions>().BindConfiguration("Stocktrail:Snapshots");
        services.AddHostedService<StockSnapshotSchedule>();
        return services;
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/admin/stock-snapshots", async Task<Accepted<QueueImport.QueuedDto>> (bool? rebuild, QueueStockSnapshots.Handler handler, CancellationToken ct) =>
            {
                var job = await handler.HandleAsync(rebuild == true, ct);
                return TypedResults.Accepted($"/api/jobs/{job.Id}", new QueueImport.QueuedDto(job.Id, job.Status, job.Percent));
            }).Requires(Permission.Administration).WithTags("Administration")
            .Describe("MakeStockSnapshots", "Make the missing stock snapshots now",
                "Queues the background job that makes the stock snapshot of every closed month that lacks one (the app also queues it by itself); " +
                "poll the job at /api/jobs/{id}. With rebuild=true every snapshot is dropped first and all are made again from the ledger.");
}

/// <summary>Settings of the snapshots (<c>Stocktrail:Snapshots</c>): how often each node looks for a closed month without one.</summary>
public sealed class SnapshotOptions
{
    public double CheckMinutes { get; set; } = 60;
    public TimeSpan Check => TimeSpan.FromMinutes(CheckMinutes);
}

/// <summary>
/// Makes the snapshot of every closed month that lacks a complete one, oldest first: each from the previous month's
/// snapshot plus the month's rows (the first from the ledger's start), a chunk of products at a time, each chunk in a
/// transaction of its own that first locks its products' stock as writers do, so a row being written meanwhile is
/// either in the ledger the chunk reads or added to the chunk's rows by its writer after the chunk commits, never
/// both nor neither. A period is marked complete once every chunk is made; only then does a report use it.
/// </summary>
public static class MakeStockSnapshots
{
    /// <param name="PeriodsMade">Months marked complete by this run.</param>
    /// <param name="Rows">Snapshot rows written.</param>
    /// <param name="UpTo">The end of the latest complete month, when there is one.</param>
    public sealed record Result(int PeriodsMade, int Rows, DateTime? UpTo);

    public sealed class Handler(StocktrailDbContext db, TimeProvider clock)
    {
        /// <summary>Products per chunk; small in tests, so that a few products make several chunks.</summary>
        internal int ChunkSize { get; set; } = Reconciliation.Reconcile.DefaultChunkSize;

        public async Task<Result> HandleAsync(IProgress<int>? progress, CancellationToken ct)
        {
            var closedUpTo = StockPeriod.MonthStart(clock.GetUtcNow().UtcDateTime);
            var first = await db.StockMovements.MinAsync(m => (DateTime?)m.OccurredAt, ct);
            if (first is null) return new Result(0, 0, null);
            var ends = new List<DateTime>();
            for (var end = StockPeriod.MonthStart(first.Value).AddMonths(1); end <= closedUpTo; end = end.AddMonths(1)) ends.Add(end);
            var known = await db.StockPeriods.AsNoTracking().ToDictionaryAsync(p => p.PeriodEnd, ct);

            (int Id, DateTime End)? previous = null;
            var (made, rows) = (0, 0);
            for (var i = 0; i < ends.Count; i++)
            {
                var end = ends[i];
                if (known.TryGetValue(end, out var done) && done.CompletedAt is not null)
                {
                    previous = (done.Id, end);
                    continue;
                }
                var periodId = await PeriodIdAsync(end, ct);
                // Dropped meanwhile by a rebuild: the run that the rebuild queued makes them again.
                if (await MakeAsync(periodId, end, previous, ct) is not { } written) break;
                var now = clock.GetUtcNow().UtcDateTime;
                if (await db.StockPeriods.Where(p => p.Id == periodId && p.CompletedAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(p => p.CompletedAt, now), ct) > 0) made++;
                rows += written;
                previous = (periodId, end);
                progress?.Report((i + 1) * 99 / ends.Count);
            }
            return new Result(made, rows, previous?.End);
        }

        /// <summary>The period's row, made (not yet complete) when there is none; two nodes making it at once find the same.</summary>
        private async Task<int> PeriodIdAsync(DateTime end, CancellationToken ct)
        {
            if (await db.StockPeriods.Where(p => p.PeriodEnd == end).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct) is { } id) return id;
            var period = new StockPeriod(end);
            db.StockPeriods.Add(period);
            try
            {
                await db.SaveChangesAsync(ct);
                return period.Id;
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                return await db.StockPeriods.Where(p => p.PeriodEnd == end).Select(p => p.Id).FirstAsync(ct);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        /// <returns>The rows written, or null when the period or the previous one was dropped meanwhile.</returns>
        private async Task<int?> MakeAsync(int periodId, DateTime end, (int Id, DateTime End)? previous, CancellationToken ct)
        {
            var (after, written) = (0, 0);
            while (true)
            {
                var keys = db.Products.Where(p => p.Id > after).Select(p => p.Id);
                var upTo = await keys.OrderBy(k => k).Skip(ChunkSize - 1).Select(k => (int?)k).FirstOrDefaultAsync(ct)
                    ?? await keys.MaxAsync(k => (int?)k, ct);
                if (upTo is not { } to) return written;
                var from = after;

                // SQLite: the transaction is BEGIN IMMEDIATE, the one writer. PostgreSQL: the products' rows as writers lock them.
                var took = System.Diagnostics.Stopwatch.StartNew();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                if (db.Database.IsNpgsql())
                    await db.Database.ExecuteSqlRawAsync(
                        "SELECT 1 FROM \"Products\" WHERE \"Id\" > {0} AND \"Id\" <= {1} ORDER BY \"Id\" FOR NO KEY UPDATE", [from, to], ct);
                if (!await StockSnapshots.StillThereAsync(db, previous is { } p ? [periodId, p.Id] : [periodId], ct)) return null;

                var totals = previous is { } before
                    ? await db.StockSnapshots.AsNoTracking().Where(s => s.PeriodId == before.Id && s.ProductId > from && s.ProductId <= to)
                        .ToDictionaryAsync(s => (s.ProductId, s.WarehouseId), s => (s.OnHand, s.Value), ct)
                    : [];
                // The first month from the ledger's first row, read under the lock: no row of these products is earlier.
                var since = previous?.End ?? await db.StockMovements.MinAsync(m => (DateTime?)m.OccurredAt, ct) ?? end;
                var sums = await StockSnapshots.RowsOf(db, from, to, since, end).GroupBy(m => new { m.ProductId, m.WarehouseId })
                    .Select(g => new { g.Key.ProductId, g.Key.WarehouseId, OnHand = g.Sum(m => m.Quantity), Value = g.Sum(m => m.Value) })
                    .ToListAsync(ct);
                foreach (var sum in sums)
                {
                    var (onHand, value) = totals.GetValueOrDefault((sum.ProductId, sum.WarehouseId));
                    totals[(sum.ProductId, sum.WarehouseId)] = (onHand + sum.OnHand, value + sum.Value);
                }

                // What a writer added to this chunk before it was made (a backdated row) is in the ledger read above.
                await db.StockSnapshots.Where(s => s.PeriodId == periodId && s.ProductId > from && s.ProductId <= to).ExecuteDeleteAsync(ct);
                var fresh = totals.Where(t => t.Value.OnHand != 0 || t.Value.Value != 0)
                    .Select(t => new StockSnapshot(periodId, t.Key.ProductId, t.Key.WarehouseId, t.Value.OnHand, t.Value.Value)).ToList();
                db.StockSnapshots.AddRange(fresh);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                await tx.CommitAsync(ct);
                (after, written) = (to, written + fresh.Count);
                // SQLite has one writer: documents waiting for it (their busy handler looks every 100 ms at most) get it
                // between chunks, for at least as long as a chunk held it, so the job never holds it more than half the time.
                if (db.Database.IsSqlite()) await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(100, took.ElapsedMilliseconds)), ct);
            }
        }
    }
}

/// <summary>
/// Queues the snapshot job (unless one is already waiting) and wakes this node's worker. A rebuild first drops every
/// period and, with them, their rows: a job making one meanwhile finds it gone and stops; the job queued here makes all again.
/// </summary>
public static class QueueStockSnapshots
{
    public sealed class Handler(StocktrailDbContext db, JobSignal signal, TimeProvider clock, Audit.AuditTrail audit)
    {
        public async Task<BackgroundJob> HandleAsync(bool rebuild, CancellationToken ct)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (rebuild)
            {
                var dropped = await db.StockPeriods.ExecuteDeleteAsync(ct);
                audit.Record(Audit.AuditActions.StockSnapshotsRebuilt, $"{dropped} month(s) of stock snapshots dropped, to be made again from the ledger.");
            }
            var job = await db.BackgroundJobs.AsNoTracking()
                .FirstOrDefaultAsync(j => j.Kind == StockSnapshots.JobKind && j.Status == BackgroundJobStatus.Queued, ct);
            if (job is null)
            {
                job = new BackgroundJob(StockSnapshots.JobKind, null, clock.GetUtcNow().UtcDateTime);
                db.BackgroundJobs.Add(job);
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            signal.Wake();
            return job;
        }
    }
}

/// <summary>Runs the snapshot job on whichever node claimed it. Each chunk commits by itself and a run again remakes what an interrupted one left.</summary>
public sealed class StockSnapshotRunner(TimeProvider clock) : IJobRunner
{
    public string Kind => StockSnapshots.JobKind;

    public async Task RunAsync(JobRun run, IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<StocktrailDbContext>();
        var result = await services.GetRequiredService<MakeStockSnapshots.Handler>().HandleAsync(run.Progress, ct);
        await run.FinishAsync(db, true, StatusCodes.Status200OK, result, clock.GetUtcNow().UtcDateTime, ct);
    }
}

/// <summary>
/// Each node looks at its start and then every <see cref="SnapshotOptions.CheckMinutes"/> for a closed month without a
/// complete snapshot, and queues the job when there is one and no job of the kind is queued or running. Two nodes that
/// both queue one are harmless: the job's lease runs one at a time per job, and the second finds nothing left to make.
/// </summary>
public sealed class StockSnapshotSchedule(IServiceScopeFactory scopes, IOptions<SnapshotOptions> options, TimeProvider clock,
    ILogger<StockSnapshotSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await QueueWhenMissingAsync(stoppingToken);
                await Task.Delay(options.Value.Check, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Looking for missing stock snapshots failed; it looks again later");
                await Task.Delay(options.Value.Check, clock, stoppingToken);
            }
        }
    }

    private async Task QueueWhenMissingAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
        var closedUpTo = StockPeriod.MonthStart(clock.GetUtcNow().UtcDateTime);
        var first = await db.StockMovements.MinAsync(m => (DateTime?)m.OccurredAt, ct);
        if (first is null) return;
        var firstEnd = StockPeriod.MonthStart(first.Value).AddMonths(1);
        var months = (closedUpTo.Year - firstEnd.Year) * 12 + closedUpTo.Month - firstEnd.Month + 1;
        if (months <= 0) return;
        var complete = await db.StockPeriods.CountAsync(p => p.CompletedAt != null && p.PeriodEnd >= firstEnd && p.PeriodEnd <= closedUpTo, ct);
        if (complete >= months) return;
        if (await db.BackgroundJobs.AnyAsync(j => j.Kind == StockSnapshots.JobKind
                && (j.Status == BackgroundJobStatus.Queued || j.Status == BackgroundJobStatus.Running), ct)) return;
        await scope.ServiceProvider.GetRequiredService<QueueStockSnapshots.Handler>().HandleAsync(false, ct);
        logger.LogInformation("{Missing} closed month(s) lack a stock snapshot; the job to make them is queued", months - complete);
    }
}
