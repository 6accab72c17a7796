using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Reconciliation;

public static class ReconciliationApi
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/admin/reconcile", async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<Reconcile.Result>> (Reconcile.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(ct))).Requires(Permission.Administration).WithTags("Administration")
            .Describe("Reconcile", "Check stock against the ledger", "Every difference between levels, layers, serials and stock snapshots and the ledger; empty when they agree.");
}

/// <summary>
/// The ledger check: rebuilds from the ledger alone every stock level, every cost layer's remaining quantity and unit
/// cost, and every serial unit's status, place and cost, and reports where the stored state differs, naming what each
/// difference concerns (product, warehouse, layer and batch, serial). The ledger is the truth; an empty list means
/// everything agrees. docs/ledger.md says how each is rebuilt.
///
/// The database does the work, a chunk of keys at a time: totals per product and warehouse for a range of product
/// ids, then each layer for a range of layer ids, then each unit for a range of unit ids, each range found by its
/// primary key and each sum read through the ledger's index on that key. Only a chunk's totals and the rows that
/// disagree come back, so memory grows with the chunk, not with the ledger. Every chunk is read in one
/// <see cref="ReadSnapshot"/>, so the check sees one state of the books while documents go on being written. At most
/// <see cref="MaxDifferences"/> differences are listed; the check stops once it has more.
/// </summary>
public static class Reconcile
{
    public const int MaxDifferences = 1_000;

    /// <summary>Keys (products, layers or units) per chunk: a few statements each, a few megabytes at most.</summary>
    public const int DefaultChunkSize = 10_000;

    /// <param name="More">True when there were more than <see cref="MaxDifferences"/> differences and only the first are listed.</param>
    public sealed record Result(IReadOnlyList<Difference> Differences, bool More = false);
    /// <param name="Period">For a stock snapshot that disagrees: its month, as yyyy-MM (UTC).</param>
    public sealed record Difference(int ProductId, string Sku, int? WarehouseId, string? Serial, string Message, long? LayerId = null, string? Batch = null,
        string? Period = null);

    private sealed record Found(int ProductId, int? WarehouseId, string? Serial, string Message, long? LayerId, string? Batch, string? Period);

    public sealed class Handler(StocktrailDbContext db, AuditTrail audit)
    {
        /// <summary>Small in tests, so that a few products make several chunks.</summary>
        internal int ChunkSize { get; set; } = DefaultChunkSize;

        private readonly List<Found> _found = [];
        private bool _more;

        private void Report(int productId, int? warehouseId, string? serial, string message, long? layerId = null, string? batch = null, string? period = null)
        {
            if (_found.Count < MaxDifferences) _found.Add(new Found(productId, warehouseId, serial, message, layerId, batch, period));
            else _more = true;
        }

        public async Task<Result> HandleAsync(CancellationToken ct)
        {
            if (ChunkSize < 1) throw new InvalidOperationException($"The chunk size is {ChunkSize}; it must be at least 1.");
            _found.Clear();
            _more = false;
            await using (await ReadSnapshot.BeginAsync(db, ct))
                foreach (var check in new Func<CancellationToken, Task>[] { CheckTotalsAsync, CheckLayersAsync, CheckUnitsAsync })
                    if (!_more) await check(ct);

            var productIds = _found.Select(f => f.ProductId).Distinct().ToList();
            var skus = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).Select(p => new { p.Id, p.Sku })
                .ToDictionaryAsync(p => p.Id, p => (string)p.Sku, ct);
            var differences = _found.Select(f => new Difference(f.ProductId, skus[f.ProductId], f.WarehouseId, f.Serial, f.Message, f.LayerId, f.Batch, f.Period)).ToList();

            // Who checked the books, and what they found, is part of the record too.
            audit.Record(AuditActions.ReconciliationRun, differences.Count == 0
                ? "Reconciled: every stock level, cost layer and serial agrees with the ledger."
                : $"{differences.Count}{(_more ? "+" : "")} difference(s) between the stored stock and the ledger; the first: {differences[0].Sku}: {differences[0].Message}");
            await db.SaveChangesAsync(ct);
            return new Result(differences, _more);
        }

        /// <summary>
        /// The key ranges (after, upTo] that each hold <see cref="ChunkSize"/> of the keys, the last one fewer: the end
        /// of each is the key <see cref="ChunkSize"/> places on, found in the primary key's index.
        /// </summary>
        private async IAsyncEnumerable<(long After, long UpTo)> ChunksAsync(Func<long, IQueryable<long>> keysAfter,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            var after = 0L;
            while (!_more)
            {
                var keys = keysAfter(after);
                var upTo = await keys.OrderBy(k => k).Skip(ChunkSize - 1).Select(k => (long?)k).FirstOrDefaultAsync(ct)
                    ?? await keys.MaxAsync(k => (long?)k, ct);
                if (upTo is null) yield break;
                yield return (after, upTo.Value);
                after = upTo.Value;
            }
        }

        /// <summary>
        /// Per product and warehouse, a chunk of products at a time: the stored level, and what the layers or units in
        /// stock hold, against the ledger's sum; and every ledger row that moves stock names what it moves (a serial
        /// unit or a cost layer), counted in the same pass over the chunk's rows. The sum is made month by month, so that
        /// each complete month-end stock snapshot is checked against it on the way (<see cref="LedgerTotalsAsync"/>): one
        /// pass over the ledger for both.
        /// </summary>
        private async Task CheckTotalsAsync(CancellationToken ct)
        {
            var periods = await db.StockPeriods.AsNoTracking().Where(p => p.CompletedAt != null).OrderBy(p => p.PeriodEnd)
                .Select(p => new Period(p.Id, p.PeriodEnd)).ToListAsync(ct);
            var first = await db.StockMovements.MinAsync(m => (DateTime?)m.OccurredAt, ct);
            await foreach (var (after, upTo) in ChunksAsync(after => db.Products.Where(p => p.Id > after).Select(p => (long)p.Id), ct))
            {
                var (from, to) = ((int)after, (int)upTo);
                var tracking = await db.Products.AsNoTracking().Where(p => p.Id > from && p.Id <= to)
                    .ToDictionaryAsync(p => p.Id, p => p.TrackingType, ct);
                var fromLedger = await LedgerTotalsAsync(from, to, first ?? DateTime.UnixEpoch, periods, ct);
                if (_more) return;
                var levels = await db.StockLevels.AsNoTracking().Where(l => l.ProductId > from && l.ProductId <= to)
                    .Select(l => new { l.ProductId, l.WarehouseId, l.OnHand, l.Value })
                    .ToDictionaryAsync(l => (l.ProductId, l.WarehouseId), l => (l.OnHand, l.Value), ct);
                var layers = await db.CostLayers.AsNoTracking().Where(l => l.ProductId > from && l.ProductId <= to)
                    .GroupBy(l => new { l.ProductId, l.WarehouseId })
                    .Select(g => new { g.Key.ProductId, g.Key.WarehouseId, OnHand = g.Sum(l => l.Remaining) })
                    .ToDictionaryAsync(g => (g.ProductId, g.WarehouseId), g => g.OnHand, ct);
                var unitsInStock = await db.SerialUnits.AsNoTracking().Where(u => u.ProductId > from && u.ProductId <= to && u.Status == SerialStatus.InStock)
                    .GroupBy(u => new { u.ProductId, WarehouseId = u.WarehouseId!.Value })
                    .Select(g => new { g.Key.ProductId, g.Key.WarehouseId, OnHand = g.Count(), Value = g.Sum(u => u.UnitCost) })
                    .ToDictionaryAsync(g => (g.ProductId, g.WarehouseId), g => (OnHand: (decimal)g.OnHand, g.Value), ct);

                foreach (var key in fromLedger.Keys.Union(levels.Keys).Union(layers.Keys).Union(unitsInStock.Keys).Order())
                {
                    var (productId, warehouseId) = key;
                    var truth = fromLedger.GetValueOrDefault(key);
                    var (storedOnHand, storedValue) = levels.GetValueOrDefault(key);
                    if (storedOnHand != truth.OnHand || storedValue != truth.Value)
                        Report(productId, warehouseId, null, $"Stored level {storedOnHand} worth {storedValue}; the ledger says {truth.OnHand} worth {truth.Value}.");
                    if (truth.OnHand < 0)
                        Report(productId, warehouseId, null, $"The ledger puts stock below zero: {truth.OnHand}.");

                    if (tracking[productId] == TrackingType.Serial)
                    {
                        var held = unitsInStock.GetValueOrDefault(key);
                        if (held.OnHand != truth.OnHand || held.Value != truth.Value)
                            Report(productId, warehouseId, null, $"Units in stock hold {held.OnHand} worth {held.Value}; the ledger says {truth.OnHand} worth {truth.Value}.");
                    }
                    else if (layers.GetValueOrDefault(key) is var remaining && remaining != truth.OnHand)
                        Report(productId, warehouseId, null, $"Cost layers hold {remaining}; the ledger says {truth.OnHand}.");
                }

                if (fromLedger.Values.Any(t => t.Unnamed > 0)) await CheckRowsNameTheirStockAsync(from, to, ct);
            }
        }

        private async Task CheckRowsNameTheirStockAsync(int from, int to, CancellationToken ct)
        {
            var unnamed = await db.StockMovements.AsNoTracking()
                .Where(m => m.ProductId > from && m.ProductId <= to && m.Quantity != 0 && m.SerialUnitId == null && m.CostLayerId == null)
                .OrderBy(m => m.Id).Select(m => new { m.Id, m.ProductId, m.WarehouseId, m.Kind, m.Quantity, m.Batch })
                .Take(MaxDifferences + 1).ToListAsync(ct);
            foreach (var m in unnamed)
                Report(m.ProductId, m.WarehouseId, null, $"Ledger row {m.Id} ({m.Kind}) moves {m.Quantity} but names neither a serial unit nor a cost layer.", batch: m.Batch);
        }

        /// <summary>
        /// Each layer's rows rebuild it: what remains is the sum of their quantities, what a unit costs is the cost it
        /// was made at plus every revaluation of it. A chunk of layers at a time; only the layers that disagree come back.
        /// </summary>
        private async Task CheckLayersAsync(CancellationToken ct)
        {
            await foreach (var (after, upTo) in ChunksAsync(after => db.CostLayers.Where(l => l.Id > after).Select(l => l.Id), ct))
            {
                var perLayer = db.StockMovements.AsNoTracking().Where(m => m.CostLayerId > after && m.CostLayerId <= upTo)
                    .GroupBy(m => m.CostLayerId!.Value)
                    .Select(g => new
                    {
                        LayerId = g.Key,
                        Remaining = g.Sum(m => m.Quantity),
                        UnitCost = g.Sum(m => m.Quantity > 0 || m.Kind == MovementKind.Revalued ? m.UnitCost : 0m),
                    });
                var wrong = await (
                        from l in db.CostLayers.AsNoTracking()
                        where l.Id > after && l.Id <= upTo
                        join r in perLayer on l.Id equals r.LayerId into rows
                        from r in rows.DefaultIfEmpty()
                        let remaining = (decimal?)r.Remaining
                        let unitCost = (decimal?)r.UnitCost
                        where remaining == null || l.Remaining != remaining || l.UnitCost != unitCost
                        orderby l.Id
                        select new { l.Id, l.ProductId, l.WarehouseId, l.Batch, l.Remaining, l.UnitCost, Rows = remaining != null, LedgerRemaining = remaining ?? 0m, LedgerUnitCost = unitCost ?? 0m })
                    .Take(MaxDifferences + 1).ToListAsync(ct);
                foreach (var l in wrong)
                {
                    var layer = $"Cost layer {l.Id}{(l.Batch is null ? "" : $" (batch {l.Batch})")}";
                    if (!l.Rows)
                        Report(l.ProductId, l.WarehouseId, null, $"{layer} holds {l.Remaining} at {l.UnitCost}, but no ledger row made it.", l.Id, l.Batch);
                    if (l.Rows && l.Remaining != l.LedgerRemaining)
                        Report(l.ProductId, l.WarehouseId, null, $"{layer} holds {l.Remaining}; its ledger rows leave {l.LedgerRemaining}.", l.Id, l.Batch);
                    if (l.Rows && l.UnitCost != l.LedgerUnitCost)
                        Report(l.ProductId, l.WarehouseId, null, $"{layer} costs {l.UnitCost} a unit; its ledger rows say {l.LedgerUnitCost}.", l.Id, l.Batch);
                }
            }
        }

        private sealed record Period(int Id, DateTime PeriodEnd);

        /// <summary>
        /// A chunk's ledger sums per product and warehouse, with how many of their rows name no stock, added up month by
        /// month up to each complete month-end stock snapshot and checked against it, then to the end of the ledger. A
        /// month still being made is not used by any report and is not checked. Each row is read once, by the index on
        /// time (<see cref="Snapshots.StockSnapshots.RowsOf"/>).
        /// </summary>
        private async Task<Dictionary<(int ProductId, int WarehouseId), (decimal OnHand, decimal Value, int Unnamed)>> LedgerTotalsAsync(
            int from, int to, DateTime first, IReadOnlyList<Period> periods, CancellationToken ct)
        {
            var running = new Dictionary<(int ProductId, int WarehouseId), (decimal OnHand, decimal Value, int Unnamed)>();
            var since = first;
            foreach (var period in periods.Append(null))
            {
                var sums = await Snapshots.StockSnapshots.RowsOf(db, from, to, since, period?.PeriodEnd ?? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc))
                    .GroupBy(m => new { m.ProductId, m.WarehouseId })
                    .Select(g => new
                    {
                        g.Key.ProductId, g.Key.WarehouseId, OnHand = g.Sum(m => m.Quantity), Value = g.Sum(m => m.Value),
                        Unnamed = g.Count(m => m.Quantity != 0 && m.SerialUnitId == null && m.CostLayerId == null),
                    })
                    .ToListAsync(ct);
                foreach (var sum in sums)
                {
                    var (onHand, value, unnamed) = running.GetValueOrDefault((sum.ProductId, sum.WarehouseId));
                    running[(sum.ProductId, sum.WarehouseId)] = (onHand + sum.OnHand, value + sum.Value, unnamed + sum.Unnamed);
                }
                if (period is null) break;
                since = period.PeriodEnd;
                var stored = await db.StockSnapshots.AsNoTracking().Where(s => s.PeriodId == period.Id && s.ProductId > from && s.ProductId <= to)
                    .ToDictionaryAsync(s => (s.ProductId, s.WarehouseId), s => (s.OnHand, s.Value), ct);
                var month = period.PeriodEnd.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
                foreach (var key in running.Keys.Union(stored.Keys).Order())
                {
                    var (onHand, value, _) = running.GetValueOrDefault(key);
                    var kept = stored.GetValueOrDefault(key);
                    if (kept != (onHand, value))
                        Report(key.ProductId, key.WarehouseId, null,
                            $"The stock snapshot at the end of {month} (UTC) holds {kept.OnHand} worth {kept.Value}; the ledger up to then says {onHand} worth {value}.",
                            period: month);
                }
                if (_more) break;
            }
            return running;
        }

        /// <summary>Each serial unit's place and cost against its own ledger rows, a chunk of units at a time.</summary>
        private async Task CheckUnitsAsync(CancellationToken ct)
        {
            await foreach (var (after, upTo) in ChunksAsync(after => db.SerialUnits.Where(u => u.Id > after).Select(u => u.Id), ct))
            {
                await CheckUnitPlacesAsync(after, upTo, ct);
                await CheckUnitCostsAsync(after, upTo, ct);
            }
        }

        /// <summary>
        /// A unit's rows net +1 in the warehouse it is in and 0 everywhere else. The chunk's nets per unit and warehouse
        /// are summed once, by the ledger's unit index, and set against the chunk's units here: a chunk is a few
        /// thousand rows either side, and the ledger is read once rather than once for each way a unit can be wrong.
        /// </summary>
        private async Task CheckUnitPlacesAsync(long after, long upTo, CancellationToken ct)
        {
            // Unit rows move one unit each, so their quantities are summed as whole numbers.
            var nets = await db.StockMovements.AsNoTracking().Where(m => m.SerialUnitId > after && m.SerialUnitId <= upTo)
                .GroupBy(m => new { UnitId = m.SerialUnitId!.Value, m.WarehouseId })
                .Select(g => new { g.Key.UnitId, g.Key.WarehouseId, Net = g.Sum(m => (int)m.Quantity) })
                .ToListAsync(ct);
            var units = await db.SerialUnits.AsNoTracking().Where(u => u.Id > after && u.Id <= upTo)
                .Select(u => new { u.Id, u.ProductId, u.Serial, u.Status, u.WarehouseId })
                .ToDictionaryAsync(u => u.Id, ct);

            foreach (var n in nets.OrderBy(n => n.UnitId).ThenBy(n => n.WarehouseId))
            {
                var u = units[n.UnitId];
                if (n.Net != (u.Status == SerialStatus.InStock && u.WarehouseId == n.WarehouseId ? 1 : 0))
                    Report(u.ProductId, n.WarehouseId, u.Serial,
                        $"Serial {u.Serial} is {(u.Status == SerialStatus.InStock ? $"in stock in warehouse {u.WarehouseId}" : "out")}, but the ledger nets {n.Net} in warehouse {n.WarehouseId}.");
            }
            var placesMoved = nets.Select(n => (n.UnitId, n.WarehouseId)).ToHashSet();
            foreach (var u in units.Values.Where(u => u.Status == SerialStatus.InStock && !placesMoved.Contains((u.Id, u.WarehouseId!.Value))).OrderBy(u => u.Id))
                Report(u.ProductId, u.WarehouseId, u.Serial, $"Serial {u.Serial} is in stock in warehouse {u.WarehouseId}, but the ledger never moved it there.");
        }

        /// <summary>
        /// A unit is its own cost layer: what it costs is the value of its last row into stock plus the revaluations
        /// since (a correction adds nothing). A unit that is out keeps the cost it left at.
        /// </summary>
        private async Task CheckUnitCostsAsync(long after, long upTo, CancellationToken ct)
        {
            var unitRows = db.StockMovements.AsNoTracking().Where(m => m.SerialUnitId > after && m.SerialUnitId <= upTo);
            var lastIn = unitRows.Where(m => m.Quantity > 0)
                .GroupBy(m => m.SerialUnitId!.Value)
                .Select(g => new { UnitId = g.Key, LastIn = g.Max(m => m.Id) });
            var ledgerCost =
                from m in unitRows
                join l in lastIn on m.SerialUnitId equals (long?)l.UnitId
                where m.Id >= l.LastIn && m.Quantity >= 0
                group m.Value by l.UnitId into g
                select new { UnitId = g.Key, Cost = g.Sum() };
            var wrong = await (
                    from u in db.SerialUnits.AsNoTracking()
                    where u.Id > after && u.Id <= upTo
                    join c in ledgerCost on u.Id equals c.UnitId
                    where u.UnitCost != c.Cost
                    orderby u.Id
                    select new { u.ProductId, u.Serial, u.WarehouseId, u.UnitCost, c.Cost })
                .Take(MaxDifferences + 1).ToListAsync(ct);
            foreach (var u in wrong)
                Report(u.ProductId, u.WarehouseId, u.Serial, $"Serial {u.Serial} costs {u.UnitCost}; the ledger says {u.Cost}.");
        }
    }
}

/// <summary><c>dotnet run --project src/Stocktrail -- reconcile</c>: the ledger check from the command line; exit code 1 when anything differs.</summary>
public static class ReconcileCommand
{
    public static bool IsAsked(string[] args) => args.Length > 0 && args[0] == "reconcile";

    public static async Task<int> RunAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<Reconcile.Handler>().HandleAsync(CancellationToken.None);
        foreach (var d in result.Differences)
            Console.WriteLine($"{d.Sku}{(d.WarehouseId is null ? "" : $" in warehouse {d.WarehouseId}")}{(d.Serial is null ? "" : $", serial {d.Serial}")}: {d.Message}");
        Console.WriteLine(result.Differences.Count == 0
            ? "Reconciled: every level, cost layer and serial agrees with the ledger."
            : $"{(result.More ? "More than " : "")}{result.Differences.Count} difference(s) between the stored stock and the ledger.");
        return result.Differences.Count == 0 ? 0 : 1;
    }
}
