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
/// The ledger check: recomputes every stock level, cost layer total and serial unit's place from the ledger and reports
/// where the stored state differs. The ledger is the truth; an empty list means everything agrees.
///
/// The database does the adding up: the ledger, the levels and the units in stock are summed per product and warehouse
/// in SQL, the layers are read one row at a time and added as they stream by (each layer's worth is rounded by the one
/// rule, which SQLite cannot do exactly in SQL), and each unit's place is compared with the ledger in SQL, so only the
/// units that disagree come back. Memory grows with the products and warehouses, not with the rows; at most
/// <see cref="MaxDifferences"/> differences are listed.
/// </summary>
public static class Reconcile
{
    public const int MaxDifferences = 1_000;

    /// <param name="More">True when there were more than <see cref="MaxDifferences"/> differences and only the first are listed.</param>
    public sealed record Result(IReadOnlyList<Difference> Differences, bool More = false);
    public sealed record Difference(int ProductId, string Sku, int? WarehouseId, string? Serial, string Message);

    public sealed class Handler(StocktrailDbContext db, AuditTrail audit)
    {
        public async Task<Result> HandleAsync(CancellationToken ct)
        {
            var products = await db.Products.AsNoTracking().Select(p => new { p.Id, p.Sku, p.TrackingType }).ToDictionaryAsync(p => p.Id, ct);
            var fromLedger = await db.StockMovements.AsNoTracking()
                .GroupBy(m => new { m.ProductId, m.WarehouseId })
                .Select(g => new { g.Key.ProductId, g.Key.WarehouseId, OnHand = g.Sum(m => m.Quantity), Value = g.Sum(m => m.Value) })
                .ToDictionaryAsync(g => (g.ProductId, g.WarehouseId), g => (g.OnHand, g.Value), ct);
            var levels = await db.StockLevels.AsNoTracking()
                .ToDictionaryAsync(l => (l.ProductId, l.WarehouseId), l => (l.OnHand, l.Value), ct);
            var layers = new Dictionary<(int, int), (decimal OnHand, decimal Value)>();
            await foreach (var layer in db.CostLayers.AsNoTracking().Where(l => l.Remaining != 0)
                               .Select(l => new { l.ProductId, l.WarehouseId, l.Remaining, l.UnitCost }).AsAsyncEnumerable().WithCancellation(ct))
            {
                var (onHand, value) = layers.GetValueOrDefault((layer.ProductId, layer.WarehouseId));
                layers[(layer.ProductId, layer.WarehouseId)] = (onHand + layer.Remaining, value + Amounts.Value(layer.Remaining, layer.UnitCost));
            }
            var unitsInStock = await db.SerialUnits.AsNoTracking().Where(u => u.Status == SerialStatus.InStock)
                .GroupBy(u => new { u.ProductId, WarehouseId = u.WarehouseId!.Value })
                .Select(g => new { g.Key.ProductId, g.Key.WarehouseId, OnHand = g.Count(), Value = g.Sum(u => u.UnitCost) })
                .ToDictionaryAsync(g => (g.ProductId, g.WarehouseId), g => (OnHand: (decimal)g.OnHand, g.Value), ct);

            var differences = new List<Difference>();
            var more = false;
            void Report(int productId, int? warehouseId, string? serial, string message)
            {
                if (differences.Count < MaxDifferences) differences.Add(new Difference(productId, products[productId].Sku, warehouseId, serial, message));
                else more = true;
            }

            foreach (var key in fromLedger.Keys.Union(levels.Keys).Union(layers.Keys).Union(unitsInStock.Keys).Distinct())
            {
                var (productId, warehouseId) = key;
                var truth = fromLedger.GetValueOrDefault(key);
                var (storedOnHand, storedValue) = levels.GetValueOrDefault(key);
                if (storedOnHand != truth.OnHand || storedValue != truth.Value)
                    Report(productId, warehouseId, null, $"Stored level {storedOnHand} worth {storedValue}; the ledger says {truth.OnHand} worth {truth.Value}.");
                if (truth.OnHand < 0)
                    Report(productId, warehouseId, null, $"The ledger puts stock below zero: {truth.OnHand}.");

                var (what, held) = products[productId].TrackingType == TrackingType.Serial
                    ? ("Units in stock", unitsInStock.GetValueOrDefault(key))
                    : ("Cost layers", layers.GetValueOrDefault(key));
                if (held.OnHand != truth.OnHand || held.Value != truth.Value)
                    Report(productId, warehouseId, null, $"{what} hold {held.OnHand} worth {held.Value}; the ledger says {truth.OnHand} worth {truth.Value}.");
            }

            // A unit's rows net +1 in the warehouse it is in and 0 everywhere else. Unit rows move one unit each, so
            // their quantities are summed as whole numbers.
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
                Report(m.ProductId, m.LedgerWarehouseId, m.Serial,
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
                Report(u.ProductId, u.WarehouseId, u.Serial, $"Serial {u.Serial} is in stock in warehouse {u.WarehouseId}, but the ledger never moved it there.");
            // Who checked the books, and what they found, is part of the record too.
            audit.Record(AuditActions.ReconciliationRun, differences.Count == 0
                ? "Reconciled: every stock level, cost layer and serial agrees with the ledger."
                : $"{differences.Count}{(more ? "+" : "")} difference(s) between the stored stock and the ledger; the first: {differences[0].Sku}: {differences[0].Message}");
            await db.SaveChangesAsync(ct);
            return new Result(differences, more);
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
