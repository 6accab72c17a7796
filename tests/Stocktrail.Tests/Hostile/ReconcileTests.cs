using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Postgres;

namespace Stocktrail.Tests.Hostile;

public sealed class ReconcileTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public Task The_ledger_check_finds_stock_changed_behind_the_ledger() => ReconcileScenarios.ChangedBehindTheLedger(Api, Factory.Services);
}

/// <summary>A class of its own: its drift stays in its own database, where no other test expects a clean ledger.</summary>
public sealed class ReconcileDriftTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public Task The_ledger_check_rebuilds_levels_layers_and_serials_and_finds_each_kind_of_drift() => ReconcileScenarios.EachKindOfDrift(Api, Factory.Services);
}

public sealed class ReconcileOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public Task The_ledger_check_finds_stock_changed_behind_the_ledger() => ReconcileScenarios.ChangedBehindTheLedger(Api, Factory.Services);
}

public sealed class ReconcileDriftOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public Task The_ledger_check_rebuilds_levels_layers_and_serials_and_finds_each_kind_of_drift() => ReconcileScenarios.EachKindOfDrift(Api, Factory.Services);
}

/// <summary>The ledger check adds up in the database; it must still see every kind of disagreement.</summary>
public static class ReconcileScenarios
{
    public static async Task ChangedBehindTheLedger(Api api, IServiceProvider services)
    {
        var (first, second) = (await api.Warehouse(), await api.Warehouse());
        var serial = Api.Unique("MOVED");
        var units = await api.SerialsInStock(first, 5m, serial, Api.Unique("STAYS"));
        var fifo = await api.Product("Fifo");
        var (order, lines) = await api.ApprovedOrder(first, (fifo, 3, 2m));
        await api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 3 } } });
        await api.AssertLedgerConsistent();

        await Plant(services, db => db.SerialUnits.Where(u => u.ProductId == units && u.Serial == serial).ExecuteUpdateAsync(u => u.SetProperty(x => x.WarehouseId, second)));
        await Plant(services, db => db.StockLevels.Where(l => l.ProductId == fifo).ExecuteUpdateAsync(l => l.SetProperty(x => x.Value, 7m)));

        var differences = await Differences(api);
        Assert.Contains(differences, d => (int)d!["productId"]! == fifo && Text(d).Contains("Stored level 3 worth 7"));
        Assert.Contains(differences, d => (string?)d!["serial"] == serial && Text(d).Contains($"nets 1 in warehouse {first}"));
        Assert.Contains(differences, d => (string?)d!["serial"] == serial && Text(d).Contains("never moved it there"));
        Assert.Contains(differences, d => (int)d!["productId"]! == units && (int?)d["warehouseId"] == second && Text(d).Contains("Units in stock hold 1"));
    }

    /// <summary>
    /// Stock with history (received, revalued by a landed cost, partly dispatched and used, a serial corrected) agrees
    /// with its ledger; then each stored fact is changed behind the ledger's back, one at a time, and the check names it.
    /// </summary>
    public static async Task EachKindOfDrift(Api api, IServiceProvider services)
    {
        var warehouse = await api.Warehouse();
        var (serialProduct, fifo, batchProduct) = (await api.Product("Serial"), await api.Product("Fifo"), await api.Product("Batch"));
        var (kept, costly, wandering, renamed) = (Api.Unique("KEPT"), Api.Unique("COSTLY"), Api.Unique("WANDER"), Api.Unique("TYPO"));
        var batch = Api.Unique("LOT");
        var (order, lines) = await api.ApprovedOrder(warehouse, (serialProduct, 5, 10m), (fifo, 10, 3m), (batchProduct, 4, 2.5m));
        var gone = Api.Unique("GONE");
        await api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new object[]
            {
                new { lineId = lines[0], quantity = 5, serials = new[] { kept, costly, wandering, renamed, gone } },
                new { lineId = lines[1], quantity = 10 },
                new { lineId = lines[2], quantity = 4, batches = new[] { new { batch, quantity = 4m } } },
            },
        });
        var customer = await api.Customer();
        var sale = await api.PostOk("/api/stock-sales", new
        {
            customerId = customer, warehouseId = warehouse,
            lines = new object[] { new { productId = serialProduct, quantity = 1, unitPrice = 30m }, new { productId = fifo, quantity = 4, unitPrice = 8m } },
        });
        var saleLines = sale["lines"]!.AsArray();
        await api.PostOk($"/api/stock-sales/{(int)sale["id"]!}/dispatches", new
        {
            lines = new object[]
            {
                new { lineId = (int)saleLines[0]!["id"]!, quantity = 1, serials = new[] { gone } },
                new { lineId = (int)saleLines[1]!["id"]!, quantity = 4 },
            },
        });
        await api.PostOk($"/api/purchase-orders/{order}/landed-costs", new { description = "Freight", amount = 19m }, HttpStatusCode.OK);
        await api.PostOk($"/api/purchase-orders/{order}/serial-corrections", new { productId = serialProduct, from = renamed, to = renamed + "X" }, HttpStatusCode.OK);
        await api.AssertLedgerConsistent();

        var layers = await Read(services, db => db.CostLayers.Where(l => l.ProductId == fifo || l.ProductId == batchProduct)
            .Select(l => new { l.Id, l.ProductId, l.Remaining, l.UnitCost }).ToListAsync());
        var fifoLayer = layers.Single(l => l.ProductId == fifo);
        var batchLayer = layers.Single(l => l.ProductId == batchProduct);
        var costlyCost = (decimal)(await api.Serial(serialProduct, costly))["unitCost"]!;

        await Plant(services, db => db.StockLevels.Where(l => l.ProductId == batchProduct).ExecuteUpdateAsync(l => l.SetProperty(x => x.OnHand, 5m)));
        await Plant(services, db => db.CostLayers.Where(l => l.Id == batchLayer.Id).ExecuteUpdateAsync(l => l.SetProperty(x => x.Remaining, 3m)));
        await Plant(services, db => db.CostLayers.Where(l => l.Id == fifoLayer.Id).ExecuteUpdateAsync(l => l.SetProperty(x => x.UnitCost, 4.25m)));
        await Plant(services, db => db.SerialUnits.Where(u => u.ProductId == serialProduct && u.Serial == wandering)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, SerialStatus.Out).SetProperty(x => x.WarehouseId, (int?)null)));
        await Plant(services, db => db.SerialUnits.Where(u => u.ProductId == serialProduct && u.Serial == costly)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.UnitCost, 99m)));

        var differences = await Differences(api);
        Assert.Contains(differences, d => (int)d!["productId"]! == batchProduct && d["layerId"] is null && Text(d).Contains("Stored level 5 worth"));
        Assert.Contains(differences, d => (long?)d!["layerId"] == batchLayer.Id && (string?)d["batch"] == batch
            && Text(d).Contains($"Cost layer {batchLayer.Id} (batch {batch}) holds 3; its ledger rows leave 4."));
        Assert.Contains(differences, d => (long?)d!["layerId"] == fifoLayer.Id
            && Text(d).Contains($"Cost layer {fifoLayer.Id} costs 4.25 a unit; its ledger rows say {fifoLayer.UnitCost}."));
        Assert.Contains(differences, d => (string?)d!["serial"] == wandering && (int?)d["warehouseId"] == warehouse
            && Text(d).Contains($"Serial {wandering} is out, but the ledger nets 1 in warehouse {warehouse}."));
        Assert.Contains(differences, d => (string?)d!["serial"] == costly && Text(d).Contains($"Serial {costly} costs 99; the ledger says {costlyCost}."));
        // Nothing else was changed, so nothing else is reported: the kept serial, the corrected one, the dispatched one.
        Assert.DoesNotContain(differences, d => new[] { kept, renamed + "X", gone }.Contains((string?)d!["serial"]));
        Assert.True(costlyCost > 10m, $"The landed cost raised the serial's cost from 10; it is {costlyCost}.");
        Assert.True(fifoLayer.UnitCost > 3m, $"The landed cost raised the layer's cost from 3; it is {fifoLayer.UnitCost}.");
    }

    private static string Text(JsonNode? d) => $"{d!["serial"]} {d["message"]}";

    private static async Task<JsonArray> Differences(Api api) =>
        (await api.PostOk("/api/admin/reconcile", new { }, HttpStatusCode.OK))["differences"]!.AsArray();

    /// <summary>Changes the stored state behind the ledger's back; exactly one row.</summary>
    internal static async Task Plant(IServiceProvider services, Func<StocktrailDbContext, Task<int>> change)
    {
        await using var scope = services.CreateAsyncScope();
        Assert.Equal(1, await change(scope.ServiceProvider.GetRequiredService<StocktrailDbContext>()));
    }

    internal static async Task<T> Read<T>(IServiceProvider services, Func<StocktrailDbContext, Task<T>> read)
    {
        await using var scope = services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<StocktrailDbContext>());
    }
}
