using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.Reconciliation;

public static class ReconciliationApi
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/admin/reconcile", (Reconcile.Handler handler, CancellationToken ct) => handler.HandleAsync(ct)).Requires(Permission.Administration).WithTags("Administration");
}

/// <summary>
/// The ledger check: recomputes every stock level, cost layer total and serial unit's place from the ledger and reports
/// where the stored state differs. The ledger is the truth; an empty list means everything agrees.
/// </summary>
public static class Reconcile
{
    public sealed record Result(IReadOnlyList<Difference> Differences);
    public sealed record Difference(int ProductId, string Sku, int? WarehouseId, string? Serial, string Message);

    public sealed class Handler(StocktrailDbContext db, AuditTrail audit)
    {
        public async Task<Result> HandleAsync(CancellationToken ct)
        {
            var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, ct);
            var ledger = (await db.StockMovements.AsNoTracking()
                    .Select(m => new { m.ProductId, m.WarehouseId, m.Quantity, m.Value, m.SerialUnitId }).ToListAsync(ct));
            var fromLedger = ledger.GroupBy(m => (m.ProductId, m.WarehouseId))
                .ToDictionary(g => g.Key, g => (OnHand: g.Sum(m => m.Quantity), Value: g.Sum(m => m.Value)));
            var levels = await db.StockLevels.AsNoTracking().ToDictionaryAsync(l => (l.ProductId, l.WarehouseId), ct);
            var layers = (await db.CostLayers.AsNoTracking().Select(l => new { l.ProductId, l.WarehouseId, l.Remaining, l.UnitCost }).ToListAsync(ct))
                .GroupBy(l => (l.ProductId, l.WarehouseId))
                .ToDictionary(g => g.Key, g => (OnHand: g.Sum(l => l.Remaining), Value: g.Sum(l => l.Remaining * l.UnitCost)));
            var units = await db.SerialUnits.AsNoTracking().Select(u => new { u.Id, u.ProductId, u.Serial, u.Status, u.WarehouseId, u.UnitCost }).ToListAsync(ct);
            var unitsInStock = units.Where(u => u.Status == SerialStatus.InStock)
                .GroupBy(u => (u.ProductId, u.WarehouseId!.Value))
                .ToDictionary(g => g.Key, g => (OnHand: (decimal)g.Count(), Value: g.Sum(u => u.UnitCost)));

            var differences = new List<Difference>();
            void Report(int productId, int? warehouseId, string? serial, string message) =>
                differences.Add(new Difference(productId, products[productId].Sku, warehouseId, serial, message));

            foreach (var key in fromLedger.Keys.Union(levels.Keys).Union(layers.Keys).Union(unitsInStock.Keys).Distinct())
            {
                var (productId, warehouseId) = key;
                var truth = fromLedger.GetValueOrDefault(key);
                var level = levels.GetValueOrDefault(key);
                var (storedOnHand, storedValue) = (level?.OnHand ?? 0, level?.Value ?? 0);
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

            var netPerUnit = ledger.Where(m => m.SerialUnitId != null)
                .GroupBy(m => m.SerialUnitId!.Value)
                .ToDictionary(g => g.Key, g => g.GroupBy(m => m.WarehouseId).ToDictionary(w => w.Key, w => w.Sum(m => m.Quantity)));
            foreach (var unit in units)
            {
                var net = netPerUnit.GetValueOrDefault(unit.Id) ?? [];
                var expectedIn = unit.Status == SerialStatus.InStock ? unit.WarehouseId : null;
                foreach (var (warehouseId, quantity) in net.Where(n => n.Value != (n.Key == expectedIn ? 1 : 0)))
                    Report(unit.ProductId, warehouseId, unit.Serial,
                        $"Serial {unit.Serial} is {(expectedIn is null ? "out" : $"in stock in warehouse {expectedIn}")}, but the ledger nets {quantity} in warehouse {warehouseId}.");
                if (expectedIn is not null && !net.ContainsKey(expectedIn.Value))
                    Report(unit.ProductId, expectedIn, unit.Serial, $"Serial {unit.Serial} is in stock in warehouse {expectedIn}, but the ledger never moved it there.");
            }
            // Who checked the books, and what they found, is part of the record too.
            audit.Record(AuditActions.ReconciliationRun, differences.Count == 0
                ? $"Reconciled: every stock level, cost layer and serial agrees with the ledger's {ledger.Count} row(s)."
                : $"{differences.Count} difference(s) between the stored stock and the ledger; the first: {differences[0].Sku}: {differences[0].Message}");
            await db.SaveChangesAsync(ct);
            return new Result(differences);
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
            : $"{result.Differences.Count} difference(s) between the stored stock and the ledger.");
        return result.Differences.Count == 0 ? 0 : 1;
    }
}
