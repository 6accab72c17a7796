using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Snapshots;
using Stocktrail.Tests.Hostile;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Jobs;
using Stocktrail.Tests.Postgres;

namespace Stocktrail.Tests.Reports;

// Classes of their own: snapshots and the report's starting point depend on every row in the database.

public sealed class StockValueFromSnapshotsTests(StocktrailFactory factory) : IClassFixture<StocktrailFactory>
{
    [Fact]
    public Task The_stock_value_from_month_end_snapshots_is_the_sum_of_the_rows_up_to_any_moment() => StockSnapshotScenarios.AtManyMoments(factory);
}

public sealed class StockValueFromSnapshotsOnPostgresTests(PostgresFactory factory) : IClassFixture<PostgresFactory>
{
    [PostgresFact]
    public Task The_stock_value_from_month_end_snapshots_is_the_sum_of_the_rows_up_to_any_moment() => StockSnapshotScenarios.AtManyMoments(factory);
}

public sealed class WrongSnapshotTests(StocktrailFactory factory) : IClassFixture<StocktrailFactory>
{
    [Fact]
    public Task The_ledger_check_names_a_wrong_snapshot_and_a_rebuild_makes_it_right() => StockSnapshotScenarios.WrongSnapshot(factory);
}

public sealed class WrongSnapshotOnPostgresTests(PostgresFactory factory) : IClassFixture<PostgresFactory>
{
    [PostgresFact]
    public Task The_ledger_check_names_a_wrong_snapshot_and_a_rebuild_makes_it_right() => StockSnapshotScenarios.WrongSnapshot(factory);
}

public sealed class SnapshotScheduleTests(StocktrailFactory factory) : IClassFixture<StocktrailFactory>
{
    [Fact]
    public Task As_months_pass_the_app_makes_the_snapshot_of_each_closed_month_by_itself() => StockSnapshotScenarios.MadeAsMonthsPass(factory);
}

public sealed class SnapshotRaceTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public Task Backdated_writes_while_snapshots_are_made_and_dropped_leave_them_true() => StockSnapshotScenarios.RaceWithBackdatedWrites(Api, Factory.Services);
}

public sealed class SnapshotRaceOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public Task Backdated_writes_while_snapshots_are_made_and_dropped_leave_them_true() => StockSnapshotScenarios.RaceWithBackdatedWrites(Api, Factory.Services);
}

public static class StockSnapshotScenarios
{
    /// <summary>The app on a clock the test holds, starting now to the whole second (PostgreSQL keeps microseconds).</summary>
    private static (WebApplicationFactory<Program> App, FakeTimeProvider Clock, Api Api) WithHeldClock(WebApplicationFactory<Program> factory)
    {
        var now = DateTime.UtcNow;
        var clock = new FakeTimeProvider(new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero));
        var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        return (app, clock, new Api(app.CreateClient()));
    }

    /// <summary>
    /// Backdated adjustments over eight months (one exactly at a month's start, one a second before another's), of
    /// Fifo, batch and serialized stock in two warehouses, and a receipt now; the snapshots made; then more backdated
    /// rows into months already snapshotted, one for a product and warehouse no snapshot had. At every moment asked
    /// (before any row, at, just before and just after each month's end, mid-month, now) the report, with and without
    /// a warehouse, is what adding up the ledger rows up to that moment gives.
    /// </summary>
    public static async Task AtManyMoments(WebApplicationFactory<Program> factory)
    {
        var (app, clock, api) = WithHeldClock(factory);
        using var _ = app;
        var month = StockPeriod.MonthStart(clock.GetUtcNow().UtcDateTime);
        DateTime Month(int back) => month.AddMonths(-back);
        var (north, south) = (await api.Warehouse(), await api.Warehouse());
        var (fifo, batch, serial) = (await api.Product("Fifo"), await api.Product("Batch"), await api.Product("Serial"));
        var (first, second, lot) = (Api.Unique("SN"), Api.Unique("SN"), Api.Unique("LOT"));

        await Adjust(api, north, Month(8).AddDays(3), In(fifo, 10, 2m));
        await Adjust(api, south, Month(8).AddDays(3).AddHours(5), new { productId = batch, direction = "In", quantity = 6m, unitCost = 1.25m, batches = new[] { new { batch = lot, quantity = 6m } } });
        await Adjust(api, south, Month(7), In(fifo, 4, 1.5m));
        await Adjust(api, south, Month(6).AddSeconds(-1), new { productId = serial, direction = "In", quantity = 2m, unitCost = 7m, serials = new[] { first, second } });
        await Adjust(api, north, Month(5).AddDays(10), new { productId = fifo, direction = "Out", quantity = 3m });
        await Adjust(api, south, Month(4).AddDays(2), new { productId = serial, direction = "Out", quantity = 1m, serials = new[] { first } },
            new { productId = batch, direction = "Out", quantity = 2m, batches = new[] { new { batch = lot, quantity = 2m } } });
        await Adjust(api, north, Month(2).AddDays(20), In(fifo, 1, 3.333333m));
        var (order, lines) = await api.ApprovedOrder(north, (fifo, 3, 4m));
        await api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 3 } } });

        var made = await MakeSnapshots(api);
        Assert.Equal(8, (int)made["result"]!["periodsMade"]!);
        var ends = await ReconcileScenarios.Read(app.Services, db => db.StockPeriods.Where(p => p.CompletedAt != null).OrderBy(p => p.PeriodEnd).Select(p => p.PeriodEnd).ToListAsync());
        Assert.Equal(Enumerable.Range(0, 8).Select(k => Month(7 - k)), ends);
        await AssertReportIsTheLedgerSum(api, app.Services, Moments(Month, 9), north);

        var before = await OnHandAt(api, Month(3).AddDays(15), fifo, north);
        // Into months already snapshotted: every later snapshot changes with the row, in its transaction.
        await Adjust(api, north, Month(6).AddDays(5), new { productId = fifo, direction = "Out", quantity = 2m });
        var late = await api.Product("Fifo");
        await Adjust(api, north, Month(3).AddDays(1), In(late, 5, 1.1m));
        await Adjust(api, south, Month(7).AddDays(1), In(fifo, 1, 2.5m));
        Assert.Equal(before - 2, await OnHandAt(api, Month(3).AddDays(15), fifo, north));
        Assert.Equal(5m, await OnHandAt(api, Month(1), late, north));
        Assert.Equal(0m, await OnHandAt(api, Month(3), late, north));
        var kept = await ReconcileScenarios.Read(app.Services, db => db.StockSnapshots.Where(s => s.ProductId == late).CountAsync());
        Assert.Equal(3, kept);

        await AssertReportIsTheLedgerSum(api, app.Services, Moments(Month, 9), north);
        await api.AssertLedgerConsistent();
    }

    /// <summary>A snapshot row changed in the database: the ledger check names its product, warehouse and month; a rebuild makes it right.</summary>
    public static async Task WrongSnapshot(WebApplicationFactory<Program> factory)
    {
        var (app, clock, api) = WithHeldClock(factory);
        using var _ = app;
        var month = StockPeriod.MonthStart(clock.GetUtcNow().UtcDateTime);
        var warehouse = await api.Warehouse();
        var (fifo, other) = (await api.Product("Fifo"), await api.Product("Fifo"));
        await Adjust(api, warehouse, month.AddMonths(-3).AddDays(4), In(fifo, 10, 2m), In(other, 3, 5m));
        await Adjust(api, warehouse, month.AddMonths(-2).AddDays(4), new { productId = fifo, direction = "Out", quantity = 4m });
        // A row now: a month's end is then nearer its snapshot than either end of the ledger.
        await Adjust(api, warehouse, null, In(other, 1, 1m));
        await MakeSnapshots(api);
        await api.AssertLedgerConsistent();

        var end = month.AddMonths(-1);
        var planted = await ReconcileScenarios.Read(app.Services, db => db.StockSnapshots
            .Where(s => s.ProductId == fifo && db.StockPeriods.Any(p => p.Id == s.PeriodId && p.PeriodEnd == end))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, x => x.Value + 1m)));
        Assert.Equal(1, planted);
        // The report at the month's end reads that snapshot: it says what the snapshot says.
        Assert.Equal(13m, await ValueAt(api, end, fifo, warehouse));

        var result = await api.PostOk("/api/admin/reconcile", new { }, HttpStatusCode.OK);
        var difference = Assert.Single(result["differences"]!.AsArray())!;
        Assert.Equal(fifo, (int)difference["productId"]!);
        Assert.Equal(warehouse, (int)difference["warehouseId"]!);
        var period = end.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        Assert.Equal(period, (string)difference["period"]!);
        Assert.Contains($"end of {period}", (string)difference["message"]!);
        Assert.Contains("worth 13", (string)difference["message"]!);

        var rebuilt = await MakeSnapshots(api, rebuild: true);
        Assert.Equal(3, (int)rebuilt["result"]!["periodsMade"]!);
        await api.AssertLedgerConsistent();
        Assert.Equal(12m, await ValueAt(api, end, fifo, warehouse));
    }

    /// <summary>
    /// Nobody asks for snapshots: the app looks for closed months without one every hour, and as its clock passes a
    /// month's end it makes that month's too, from the previous snapshot and the month's rows.
    /// </summary>
    public static async Task MadeAsMonthsPass(WebApplicationFactory<Program> factory)
    {
        var (app, clock, api) = WithHeldClock(factory);
        using var _ = app;
        var month = StockPeriod.MonthStart(clock.GetUtcNow().UtcDateTime);
        var warehouse = await api.Warehouse();
        var fifo = await api.Product("Fifo");
        await Adjust(api, warehouse, month.AddMonths(-2).AddDays(3), In(fifo, 10, 2m));
        await Adjust(api, warehouse, month.AddMonths(-1).AddDays(3), new { productId = fifo, direction = "Out", quantity = 4m });

        await UntilMade(app.Services, clock, TimeSpan.FromMinutes(61));
        Assert.Equal([month.AddMonths(-1), month], await CompleteEnds(app.Services));

        await Adjust(api, warehouse, null, In(fifo, 1, 3m));
        var next = month.AddMonths(1);
        clock.SetUtcNow(next.AddHours(2));
        await UntilMade(app.Services, clock, TimeSpan.FromMinutes(61));
        Assert.Equal([month.AddMonths(-1), month, next], await CompleteEnds(app.Services));
        Assert.Equal(7m, await OnHandAt(api, next, fifo, warehouse));
        Assert.Equal(6m, await OnHandAt(api, month, fifo, warehouse));
        await api.AssertLedgerConsistent();
    }

    /// <summary>
    /// Three writers post backdated adjustments into earlier months while the snapshots are made a product at a time and
    /// dropped again, over and over: once made a last time, every snapshot agrees with the ledger (the ledger check) and
    /// the report at every month's end and around it is the sum of the rows.
    /// </summary>
    public static async Task RaceWithBackdatedWrites(Api api, IServiceProvider services)
    {
        var month = StockPeriod.MonthStart(DateTime.UtcNow);
        var (north, south) = (await api.Warehouse(), await api.Warehouse());
        var products = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var product = await api.Product("Fifo");
            products.Add(product);
            await Adjust(api, north, month.AddMonths(-7).AddDays(1), In(product, 100, 1m));
            await Adjust(api, south, month.AddMonths(-7).AddDays(2), In(product, 50, 2m));
        }

        using var stop = new CancellationTokenSource();
        var making = Task.Run(async () =>
        {
            var rounds = 0;
            while (!stop.IsCancellationRequested || rounds < 2)
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
                if (rounds % 2 == 1) await db.StockPeriods.ExecuteDeleteAsync();
                var maker = scope.ServiceProvider.GetRequiredService<MakeStockSnapshots.Handler>();
                maker.ChunkSize = 1;
                await maker.HandleAsync(null, CancellationToken.None);
                rounds++;
            }
            return rounds;
        });
        var writers = products.Select((product, w) => Task.Run(async () =>
        {
            for (var i = 0; i < 8; i++)
            {
                var at = month.AddMonths(-1 - (i + w) % 6).AddDays(1 + i).AddHours(w);
                var warehouse = i % 2 == 0 ? north : south;
                await Adjust(api, warehouse, at, i % 3 == 2 ? new { productId = product, direction = "Out", quantity = 1m } : In(product, 1 + i, 1.5m + w));
            }
        })).ToList();
        await Task.WhenAll(writers);
        await stop.CancelAsync();
        Assert.True(await making >= 2);

        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<MakeStockSnapshots.Handler>().HandleAsync(null, CancellationToken.None);
        await api.AssertLedgerConsistent();
        await AssertReportIsTheLedgerSum(api, services, Moments(back => month.AddMonths(-back), 8), north);
    }

    private static DateTime[] Moments(Func<int, DateTime> month, int months) =>
    [
        month(months + 1),
        .. Enumerable.Range(0, months + 1).SelectMany(k => new[] { month(k).AddSeconds(-1), month(k), month(k).AddSeconds(1), month(k).AddDays(15) }),
        DateTime.UtcNow.AddMinutes(1), DateTime.UtcNow.AddDays(1),
    ];

    private static async Task AssertReportIsTheLedgerSum(Api api, IServiceProvider services, IEnumerable<DateTime> moments, int warehouseId)
    {
        var rows = await ReconcileScenarios.Read(services, db => db.StockMovements
            .Select(m => new { m.ProductId, m.WarehouseId, m.OccurredAt, m.Quantity, m.Value }).ToListAsync());
        foreach (var at in moments)
        {
            var expected = rows.Where(r => r.OccurredAt <= at)
                .GroupBy(r => (r.ProductId, r.WarehouseId))
                .Select(g => (g.Key.ProductId, g.Key.WarehouseId, OnHand: g.Sum(r => r.Quantity), Value: g.Sum(r => r.Value)))
                .Where(t => t.OnHand != 0 || t.Value != 0).Order().ToList();
            var report = await api.Get($"/api/reports/stock-value?at={Iso(at)}");
            Assert.True(expected.SequenceEqual(Items(report)), $"At {at:O} the report says [{string.Join(", ", Items(report))}]; the rows up to then add up to [{string.Join(", ", expected)}].");
            Assert.Equal(expected.Sum(t => t.Value), (decimal)report["total"]!);
            var inOne = await api.Get($"/api/reports/stock-value?at={Iso(at)}&warehouseId={warehouseId}");
            Assert.Equal(expected.Where(t => t.WarehouseId == warehouseId), Items(inOne));
        }
    }

    private static async Task<JsonNode> MakeSnapshots(Api api, bool rebuild = false)
    {
        var queued = await api.PostOk($"/api/admin/stock-snapshots{(rebuild ? "?rebuild=true" : "")}", new { }, HttpStatusCode.Accepted);
        var job = await api.WaitForJob((int)queued["id"]!);
        Assert.True((string)job["status"]! == "Succeeded", $"The snapshot job ended {job.ToJsonString()}");
        return job;
    }

    /// <summary>Moves the held clock on past the app's next look for missing snapshots until the job has made them all.</summary>
    private static async Task UntilMade(IServiceProvider services, FakeTimeProvider clock, TimeSpan step)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var done = await ReconcileScenarios.Read(services, async db =>
            {
                var expected = StockPeriod.MonthStart(clock.GetUtcNow().UtcDateTime);
                return !await db.BackgroundJobs.AnyAsync(j => j.Kind == StockSnapshots.JobKind && (j.Status == BackgroundJobStatus.Queued || j.Status == BackgroundJobStatus.Running))
                    && await db.StockPeriods.AnyAsync(p => p.CompletedAt != null && p.PeriodEnd == expected);
            });
            if (done) return;
            Assert.True(DateTime.UtcNow < deadline, "The app did not make the snapshots within a minute.");
            clock.Advance(step);
            await Task.Delay(200);
        }
    }

    private static Task<List<DateTime>> CompleteEnds(IServiceProvider services) =>
        ReconcileScenarios.Read(services, db => db.StockPeriods.Where(p => p.CompletedAt != null).OrderBy(p => p.PeriodEnd).Select(p => p.PeriodEnd).ToListAsync());

    private static async Task<decimal> OnHandAt(Api api, DateTime at, int productId, int warehouseId) =>
        Items(await api.Get($"/api/reports/stock-value?at={Iso(at)}&warehouseId={warehouseId}")).Where(i => i.ProductId == productId).Sum(i => i.OnHand);

    private static async Task<decimal> ValueAt(Api api, DateTime at, int productId, int warehouseId) =>
        Items(await api.Get($"/api/reports/stock-value?at={Iso(at)}&warehouseId={warehouseId}")).Where(i => i.ProductId == productId).Sum(i => i.Value);

    private static string Iso(DateTime at) => Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture));

    private static object In(int productId, decimal quantity, decimal unitCost) => new { productId, direction = "In", quantity, unitCost };

    private static Task<JsonNode> Adjust(Api api, int warehouseId, DateTime? effectiveDate, params object[] lines) =>
        api.PostOk("/api/stock-adjustments", new { warehouseId, reason = "Backdated count", effectiveDate, lines });

    private static List<(int ProductId, int WarehouseId, decimal OnHand, decimal Value)> Items(JsonNode report) =>
        report["items"]!.AsArray().Select(i => ((int)i!["productId"]!, (int)i["warehouseId"]!, (decimal)i["onHand"]!, (decimal)i["value"]!)).Order().ToList();
}
