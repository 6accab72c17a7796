using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stocktrail.Data;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Postgres;

namespace Stocktrail.Tests.Hostile;

public sealed class ReconcileTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public Task The_ledger_check_finds_stock_changed_behind_the_ledger() => ReconcileScenarios.ChangedBehindTheLedger(Api, Factory.Services);
}

public sealed class ReconcileOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public Task The_ledger_check_finds_stock_changed_behind_the_ledger() => ReconcileScenarios.ChangedBehindTheLedger(Api, Factory.Services);
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

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
            await db.SerialUnits.Where(u => u.ProductId == units && u.Serial == serial).ExecuteUpdateAsync(u => u.SetProperty(x => x.WarehouseId, second));
            await db.StockLevels.Where(l => l.ProductId == fifo).ExecuteUpdateAsync(l => l.SetProperty(x => x.Value, 7m));
        }

        var differences = (await api.PostOk("/api/admin/reconcile", new { }, HttpStatusCode.OK))["differences"]!.AsArray();
        string Text(JsonNode? d) => $"{d!["serial"]} {d["message"]}";
        Assert.Contains(differences, d => (int)d!["productId"]! == fifo && Text(d).Contains("Stored level 3 worth 7"));
        Assert.Contains(differences, d => (string?)d!["serial"] == serial && Text(d).Contains($"nets 1 in warehouse {first}"));
        Assert.Contains(differences, d => (string?)d!["serial"] == serial && Text(d).Contains("never moved it there"));
        Assert.Contains(differences, d => (int)d!["productId"]! == units && (int?)d["warehouseId"] == second && Text(d).Contains("Units in stock hold 1"));
    }
}
