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
            .Describe("Reconcile", "Check stock against the ledger", "Every difference between levels, layers and serials and the ledger; empty when they agree.");
}

/// <summary>
/// The ledger check: rebuilds from the ledger alone every stock level, every cost layer's remaining quantity and unit
/// cost, and every serial unit's status, place and cost, and reports where the stored state differs, naming what each
/// difference concerns (product, warehouse, layer and batch, serial). The ledger is the truth; an empty list means
/// everything agrees. docs/ledger.md says how each is rebuilt.
///
/// The database does the work: totals per product and warehouse are summed in SQL (memory grows with products and
/// warehouses, not with rows), and each layer and each unit is compared with its own ledger rows in SQL, so only the
/// layers and units that disagree come back. At most <see cref="MaxDifferences"/> differences are listed.
/// </summary>
public static class Reconcile
{
    public const int MaxDifferences = 1_000;

    /// <param name="More">True when there were more than <see cref="MaxDifferences"/> differences and only the first are listed.</param>
    public sealed record Result(IReadOnlyList<Difference> Differences, bool More = false);
    public sealed record Difference(int ProductId, string Sku, int? WarehouseId, string? Serial, string Message, long? LayerId = null, string? Batch = null);

    public sealed class Handler(StocktrailDbContext db, AuditTrail audit)
    {
        public async Task<Result> HandleAsync(CancellationToken ct)
        {
            var products = await db.Products.AsNoTracking().Select(p => new { p.Id, p.Sku, p.TrackingType }).ToDictionaryAsync(p => p.Id, ct);
            var differences = new List<Difference>();
            var more = false;
            void Report(int productId, int? warehouseId, string? serial, string message, long? layerId = null, string? batch = null)
            {
                if (differences.Count < MaxDifferences) differences.Add(new Difference(productId, products[productId].Sku, warehouseId, serial, message, layerId, batch));
                else more = true;
            }

            await CheckTotalsAsync(products.ToDictionary(p => p.Key, p => p.Value.TrackingType), Report, ct);
            await CheckLayersAsync(Report, ct);
            await CheckUnitPlacesAsync(Report, ct);
            await CheckUnitCostsAsync(Report, ct);
            await CheckRowsNameTheirStockAsync(Report, ct);

            // Who checked the books, and what they found, is part of the record too.
            audit.Record(AuditActions.ReconciliationRun, differences.Count == 0
                ? "Reconciled: every stock level, cost layer and serial agrees with the ledger."
                : $"{differences.Count}{(more ? "+" : "")} difference(s) between the stored stock and the ledger; the first: {differences[0].Sku}: {differences[0].Message}");
            await db.SaveChangesAsync(ct);
            return new Result(differences, more);
        }

        private delegate void Reporter(int productId, int? warehouseId, string? serial, string message, long? layerId = null, string? batch = null);

        /// <summary>Per product and warehouse: the stored level, and what the layers or units in stock hold, against the ledger's sum.</summary>
        private async Task CheckTotalsAsync(Dictionary<int, TrackingType> tracking, Reporter report, CancellationToken ct)
        {
            var fromLedger = await db.StockMovements.AsNoTracking()
                .GroupBy(m => new { m.ProductId, m.WarehouseId })
                .Select(g => new { g.Key.ProductId, g.Key.WarehouseId, OnHand = g.Sum(m => m.Quantity), Value = g.Sum(m => m.Value) })
                .ToDictionaryAsync(g => (g.ProductId, g.WarehouseId), g => (g.OnHand, g.Value), ct);
            var levels = await db.StockLevels.AsNoTracking()
                .ToDictionaryAsync(l => (l.ProductId, l.WarehouseId), l => (l.OnHand, l.Value), ct);
            var layers = await db.CostLayers.AsNoTracking()
                .GroupBy(l => new { l.ProductId, l.WarehouseId })
                .Select(g => new { g.Key.ProductId, g.Key.WarehouseId, OnHand = g.Sum(l => l.Remaining) })
                .ToDictionaryAsync(g => (g.ProductId, g.WarehouseId), g => g.OnHand, ct);
            var unitsInStock = await db.SerialUnits.AsNoTracking().Where(u => u.Status == SerialStatus.InStock)
                .GroupBy(u => new { u.ProductId, WarehouseId = u.WarehouseId!.Value })
                .Select(g => new { g.Key.ProductId, g.Key.WarehouseId, OnHand = g.Count(), Value = g.Sum(u => u.UnitCost) })
                .ToDictionaryAsync(g => (g.ProductId, g.WarehouseId), g => (OnHand: (decimal)g.OnHand, g.Value), ct);

            foreach (var key in fromLedger.Keys.Union(levels.Keys).Union(layers.Keys).Union(unitsInStock.Keys).Distinct())
            {
                var (productId, warehouseId) = key;
                var truth = fromLedger.GetValueOrDefault(key);
                var (storedOnHand, storedValue) = levels.GetValueOrDefault(key);
                if (storedOnHand != truth.OnHand || storedValue != truth.Value)
                    report(productId, warehouseId, null, $"Stored level {storedOnHand} worth {storedValue}; the ledger says {truth.OnHand} worth {truth.Value}.");
                if (truth.OnHand < 0)
                    report(productId, warehouseId, null, $"The ledger puts stock below zero: {truth.OnHand}.");

                if (tracking[productId] == TrackingType.Serial)
                {
                    var held = unitsInStock.GetValueOrDefault(key);
                    if (held.OnHand != truth.OnHand || held.Value != truth.Value)
                        report(productId, warehouseId, null, $"Units in stock hold {held.OnHand} worth {held.Value}; the ledger says {truth.OnHand} worth {truth.Value}.");
                }
                else if (layers.GetValueOrDefault(key) is var remaining && remaining != truth.OnHand)
                    report(productId, warehouseId, null, $"Cost layers hold {remaining}; the ledger says {truth.OnHand}.");
            }
        }

        /// <summary>
        /// Each layer's rows rebuild it: what remains is the sum of their quantities, what a unit costs is the cost it
        /// was made at plus every revaluation of it. Only the layers that disagree come back.
        /// </summary>
        private async Task CheckLayersAsync(Reporter report, CancellationToken ct)
        {
            var perLayer = db.StockMovements.AsNoTracking().Where(m => m.CostLayerId != null)
                .GroupBy(m => m.CostLayerId!.Value)
                .Select(g => new
                {
                    LayerId = g.Key,
                    Remaining = g.Sum(m => m.Quantity),
                    UnitCost = g.Sum(m => m.Quantity > 0 || m.Kind == MovementKind.Revalued ? m.UnitCost : 0m),
                });
            var wrong = await (
                    from l in db.CostLayers.AsNoTracking()
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
                    report(l.ProductId, l.WarehouseId, null, $"{layer} holds {l.Remaining} at {l.UnitCost}, but no ledger row made it.", l.Id, l.Batch);
                if (l.Rows && l.Remaining != l.LedgerRemaining)
                    report(l.ProductId, l.WarehouseId, null, $"{layer} holds {l.Remaining}; its ledger rows leave {l.LedgerRemaining}.", l.Id, l.Batch);
                if (l.Rows && l.UnitCost != l.LedgerUnitCost)
                    report(l.ProductId, l.WarehouseId, null, $"{layer} costs {l.UnitCost} a unit; its ledger rows say {l.LedgerUnitCost}.", l.Id, l.Batch);
            }
        }

        /// <summary>A unit's rows net +1 in the warehouse it is in and 0 everywhere else.</summary>
        private async Task CheckUnitPlacesAsync(Reporter report, CancellationToken ct)
        {
            // Unit rows move one unit each, so their quantities are summed as whole numbers.
            var netPerPlace = db.StockMovements.AsNoTracking().Where(m => m.SerialUnitId != null)
                .GroupBy(m => new { UnitId = m.SerialUnitId!.Value, m.WarehouseId })
                .Select(g => new { g.Key.UnitId, g.Key.WarehouseId, Net = g.Sum(m => (int)m.Quantity) });
            var misplaced = await (
                    from n in netPerPlace
                    join u in db.SerialUnits.AsNoTracking() on n.UnitId equals u.Id
                    where n.Net != (u.Status == SerialStatus.InStock && u.WarehouseId == n.WarehouseId ? 1 : 0)
                    orderby u.Id, n.WarehouseId
                    select new { u.ProductId, u.Serial, u.Status, u.WarehouseId, LedgerWarehouseId = n.WarehouseId, n.Net })
                .Take(MaxDifferences + 1).ToListAsync(ct);
            foreach (var m in misplaced)
                report(m.ProductId, m.LedgerWarehouseId, m.Serial,
                    $"Serial {m.Serial} is {(m.Status == SerialStatus.InStock ? $"in stock in warehouse {m.WarehouseId}" : "out")}, but the ledger nets {m.Net} in warehouse {m.LedgerWarehouseId}.");
            // A join rather than NOT EXISTS: without statistics SQLite would look the rows up by warehouse, once per unit.
            var neverMoved = await (
                    from u in db.SerialUnits.AsNoTracking()
                    where u.Status == SerialStatus.InStock
                    join n in netPerPlace on new { UnitId = u.Id, WarehouseId = u.WarehouseId!.Value } equals new { n.UnitId, n.WarehouseId } into rows
                    from n in rows.DefaultIfEmpty()
                    select new { u.Id, u.ProductId, u.Serial, u.WarehouseId, Net = (int?)n!.Net })
                .Where(x => x.Net == null).OrderBy(x => x.Id)
                .Take(MaxDifferences + 1).ToListAsync(ct);
            foreach (var u in neverMoved)
                report(u.ProductId, u.WarehouseId, u.Serial, $"Serial {u.Serial} is in stock in warehouse {u.WarehouseId}, but the ledger never moved it there.");
        }

        /// <summary>
        /// A unit is its own cost layer: what it costs is the value of its last row into stock plus the revaluations
        /// since (a correction adds nothing). A unit that is out keeps the cost it left at.
        /// </summary>
        private async Task CheckUnitCostsAsync(Reporter report, CancellationToken ct)
        {
            var lastIn = db.StockMovements.AsNoTracking().Where(m => m.SerialUnitId != null && m.Quantity > 0)
                .GroupBy(m => m.SerialUnitId!.Value)
                .Select(g => new { UnitId = g.Key, LastIn = g.Max(m => m.Id) });
            var ledgerCost =
                from m in db.StockMovements.AsNoTracking()
                join l in lastIn on m.SerialUnitId equals (long?)l.UnitId
                where m.Id >= l.LastIn && m.Quantity >= 0
                group m.Value by l.UnitId into g
                select new { UnitId = g.Key, Cost = g.Sum() };
            var wrong = await (
                    from u in db.SerialUnits.AsNoTracking()
                    join c in ledgerCost on u.Id equals c.UnitId
                    where u.UnitCost != c.Cost
                    orderby u.Id
                    select new { u.ProductId, u.Serial, u.WarehouseId, u.UnitCost, c.Cost })
                .Take(MaxDifferences + 1).ToListAsync(ct);
            foreach (var u in wrong)
                report(u.ProductId, u.WarehouseId, u.Serial, $"Serial {u.Serial} costs {u.UnitCost}; the ledger says {u.Cost}.");
        }

        /// <summary>Every row that moves stock names what it moves: a serial unit, or a cost layer.</summary>
        private async Task CheckRowsNameTheirStockAsync(Reporter report, CancellationToken ct)
        {
            var unnamed = await db.StockMovements.AsNoTracking()
                .Where(m => m.Quantity != 0 && m.SerialUnitId == null && m.CostLayerId == null)
                .OrderBy(m => m.Id).Select(m => new { m.Id, m.ProductId, m.WarehouseId, m.Kind, m.Quantity, m.Batch })
                .Take(MaxDifferences + 1).ToListAsync(ct);
            foreach (var m in unnamed)
                report(m.ProductId, m.WarehouseId, null, $"Ledger row {m.Id} ({m.Kind}) moves {m.Quantity} but names neither a serial unit nor a cost layer.", batch: m.Batch);
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
