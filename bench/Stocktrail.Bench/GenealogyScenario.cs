using System.Diagnostics;
using System.Text.Json;

/// <summary>
/// A 5-level genealogy of 11,111 serial units, built through the API (untimed): one job makes 10,000 modules from a
/// batch of resin (the default, job-level link: every module contains the batch), then four jobs assemble them ten
/// to one with stated outputs (10,000 → 1,000 → 100 → 10 → 1). Timed: the trace down from the one top unit (every
/// unit and the batch below it), and the recall of the resin batch (every unit above it), each from the first byte
/// sent to the last byte of the answer read. Target: well under a second; the bench flags more than 1 s.
/// </summary>
static class GenealogyScenario
{
    public static readonly TimeSpan Target = TimeSpan.FromSeconds(1);
    private static readonly int[] Levels = [10_000, 1_000, 100, 10, 1];

    /// <summary>The genealogy built: the top product and its one unit, the resin and its batch.</summary>
    public sealed record Built(int TopProductId, string TopSerial, int ResinId, string Batch, int Nodes);

    /// <summary>Builds the 5-level genealogy through the API (in a new warehouse, with new products); not timed.</summary>
    public static async Task<Built> BuildAsync(Api api)
    {
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var warehouseId = (await api.PostAsync("/api/warehouses", new { code = $"BENCH-G{tag}", name = "Genealogy bench warehouse" })).Id();
        var supplierId = (await api.PostAsync("/api/suppliers", new { name = "Genealogy bench supplier" })).Id();
        var resin = (await api.PostAsync("/api/products", new { sku = $"RESIN-{tag}", name = "Resin", trackingType = "Batch" })).Id();
        var order = await api.PostAsync("/api/purchase-orders", new { supplierId, warehouseId, lines = new[] { new { productId = resin, quantity = Levels[0], unitCost = 1m } } });
        await api.PostAsync($"/api/purchase-orders/{order.Id()}/approve", new { });
        await api.PostAsync($"/api/purchase-orders/{order.Id()}/receipts", new
        {
            lines = new[] { new { lineId = order.GetProperty("lines")[0].Id(), quantity = Levels[0], batches = new[] { new { batch = "R-1", quantity = Levels[0] } } } },
        });

        var setup = Stopwatch.StartNew();
        var products = new int[Levels.Length];
        for (var level = 0; level < Levels.Length; level++)
        {
            products[level] = (await api.PostAsync("/api/products", new { sku = $"L{level + 1}-{tag}", name = $"Level {level + 1} assembly", trackingType = "Serial" })).Id();
            var job = (await api.PostAsync("/api/production-jobs", new { outputProductId = products[level], quantity = Levels[level], warehouseId })).Id();
            object material = level == 0
                ? new { productId = resin, quantity = Levels[0], batches = new[] { new { batch = "R-1", quantity = Levels[0] } } }
                : new { productId = products[level - 1], quantity = Levels[level - 1], serials = new[] { $"{Serial(level - 1, 1)}..{Serial(level - 1, Levels[level - 1])}" } };
            await api.PostAsync($"/api/production-jobs/{job}/materials", new { warehouseId, lines = new[] { material } });
            var outputs = level == 0 ? null : Enumerable.Range(1, Levels[level]).Select(o => new
            {
                serial = Serial(level, o),
                components = new[] { new { productId = products[level - 1], serials = Enumerable.Range((o - 1) * 10 + 1, 10).Select(c => Serial(level - 1, c)).ToArray() } },
            }).ToArray();
            await api.PostAsync($"/api/production-jobs/{job}/complete", new { actualQuantity = Levels[level], serials = new[] { $"{Serial(level, 1)}..{Serial(level, Levels[level])}" }, outputs });
        }
        Console.WriteLine($"  genealogy: 5 levels, {Levels.Sum():N0} units built in {setup.Elapsed.TotalMilliseconds:N0} ms (set-up, not timed)");
        return new Built(products[^1], Serial(Levels.Length - 1, 1), resin, "R-1", Levels.Sum() + 1);
    }

    public static async Task RunAsync(Bench bench)
    {
        var api = bench.Api;
        var (topProduct, topSerial, resin, _, _) = await BuildAsync(api);

        var total = Levels.Sum() + 1; // the units and the resin batch
        for (var run = 0; run < 1 + bench.Options.Repeat; run++)
        {
            var counted = run > 0; // the first run warms up JIT and the caches
            bench.ShowSqlSinceLastCall("set-up");
            var (down, trace) = await TimedGetAsync(api, $"/api/products/{topProduct}/serials/{topSerial}/trace?direction=down");
            var below = Count(trace.GetProperty("root"), "components");
            if (below != total) throw new InvalidOperationException($"The trace down of the top unit holds {below} nodes; expected {total} (every unit and the batch).");
            bench.ShowSqlSinceLastCall("trace down");
            var (up, recall) = await TimedGetAsync(api, $"/api/recall?productId={resin}&batch=R-1");
            bench.ShowSqlSinceLastCall("recall");
            var units = recall.GetProperty("units").GetArrayLength();
            if (units != total) throw new InvalidOperationException($"The recall of batch R-1 lists {units} rows; expected {total} (the batch, consumed, and every unit).");
            if (!counted) continue;
            Console.WriteLine($"  genealogy trace down {total,9:N0}: {down.TotalMilliseconds,9:N0} ms   recall {up.TotalMilliseconds,9:N0} ms");
            if (down > Target) bench.RecordFailure("genealogy trace", total, $"{down.TotalMilliseconds:N0} ms, more than {Target.TotalMilliseconds:N0} ms");
            if (up > Target) bench.RecordFailure("genealogy recall", total, $"{up.TotalMilliseconds:N0} ms, more than {Target.TotalMilliseconds:N0} ms");
        }
    }

    private static async Task<(TimeSpan, JsonElement)> TimedGetAsync(Api api, string path)
    {
        var clock = Stopwatch.StartNew();
        var answer = await api.GetAsync(path);
        return (clock.Elapsed, answer);
    }

    internal static int Count(JsonElement node, string children) =>
        1 + node.GetProperty(children).EnumerateArray().Sum(c => Count(c, children));

    private static string Serial(int level, int n) => $"L{level + 1}-{n:D5}";
}
