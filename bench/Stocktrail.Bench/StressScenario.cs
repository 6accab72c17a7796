using System.Diagnostics;
using System.Text.Json;

/// <summary>
/// Small writes while a huge request is in flight (issue 10): two client loops make small writes (a customer; one Fifo
/// unit adjusted in) one after another, each timed from first byte sent to last byte read, while a third loop keeps
/// sending a huge request. Two phases: the hostile request of the issue (an adjustment of 15 lines, each an open range
/// of 1,000,000 serials), which is refused before any transaction starts; and the largest request the app accepts (a
/// receipt of <c>Stocktrail:MaxSerialsPerRequest</c> = 100,000 serials, one range), which holds SQLite's one writer
/// while it posts. Reported per phase: small writes done, p50, p99 and max, and how many were not 2xx.
/// Target: p99 under 1 s.
/// </summary>
static class StressScenario
{
    public static readonly TimeSpan Target = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PhaseLength = TimeSpan.FromSeconds(20);

    public static async Task RunAsync(Bench bench)
    {
        var api = bench.Api;
        var warehouseId = (await api.PostAsync("/api/warehouses", new { code = "BENCH-S", name = "Stress bench warehouse" })).Id();
        var supplierId = (await api.PostAsync("/api/suppliers", new { name = "Stress bench supplier" })).Id();
        var fifo = (await api.PostAsync("/api/products", new { sku = "BENCH-S-FIFO", name = "Stress bench Fifo", trackingType = "Fifo", costPrice = 1m })).Id();
        var serialized = (await api.PostAsync("/api/products", new { sku = "BENCH-S-SERIAL", name = "Stress bench serials", trackingType = "Serial", costPrice = 1m })).Id();

        var hostile = JsonSerializer.SerializeToUtf8Bytes(new
        {
            warehouseId, reason = "Stress: hostile",
            lines = Enumerable.Range(0, 15).Select(i => new { productId = serialized, direction = "In", quantity = 1_000_000, unitCost = 1m, serials = new[] { $"H{i}-0000001.." } }),
        });
        await PhaseAsync(bench, "hostile 15 × 1,000,000", async () =>
        {
            var (status, _) = await api.PostRawAsync("/api/stock-adjustments", hostile);
            if (status != 400) throw new InvalidOperationException($"The hostile adjustment answered {status}, not 400.");
        }, warehouseId, fifo);

        var receipts = 0;
        await PhaseAsync(bench, "receipt of 100,000 serials", async () =>
        {
            var n = ++receipts;
            var order = await api.PostAsync("/api/purchase-orders", new { supplierId, warehouseId, lines = new[] { new { productId = serialized, quantity = 100_000, unitCost = 2m } } });
            await api.PostAsync($"/api/purchase-orders/{order.Id()}/approve", new { });
            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                lines = new[] { new { lineId = order.GetProperty("lines")[0].Id(), quantity = 100_000, serials = new[] { $"R{n}-000001..R{n}-100000" } } },
            });
            var (status, text) = await api.PostRawAsync($"/api/purchase-orders/{order.Id()}/receipts", body);
            if (status != 201) throw new InvalidOperationException($"The receipt of 100,000 answered {status}: {text[..Math.Min(300, text.Length)]}");
        }, warehouseId, fifo);
    }

    private static async Task PhaseAsync(Bench bench, string phase, Func<Task> huge, int warehouseId, int fifo)
    {
        var api = bench.Api;
        using var stop = new CancellationTokenSource(PhaseLength);
        var times = new List<TimeSpan>();
        var failed = 0;
        var hugeDone = 0;
        var customer = 0;

        async Task SmallLoop(Func<byte[]> body, string path)
        {
            while (!stop.IsCancellationRequested)
            {
                var clock = Stopwatch.StartNew();
                var (status, _) = await api.PostRawAsync(path, body());
                lock (times)
                {
                    times.Add(clock.Elapsed);
                    if (status is < 200 or > 299) failed++;
                }
            }
        }

        async Task HugeLoop()
        {
            while (!stop.IsCancellationRequested)
            {
                await huge();
                hugeDone++;
            }
        }

        // The huge request starts first, so that the small writes begin while it is in flight.
        var hugeTask = HugeLoop();
        await Task.Delay(200);
        await Task.WhenAll(
            SmallLoop(() => JsonSerializer.SerializeToUtf8Bytes(new { name = $"Stress customer {Interlocked.Increment(ref customer)}" }), "/api/customers"),
            SmallLoop(() => JsonSerializer.SerializeToUtf8Bytes(new
            {
                warehouseId, reason = "Stress: small", lines = new[] { new { productId = fifo, direction = "In", quantity = 1, unitCost = 1m } },
            }), "/api/stock-adjustments"),
            hugeTask);
        bench.RecordStress(phase, hugeDone, times, failed);
    }
}
