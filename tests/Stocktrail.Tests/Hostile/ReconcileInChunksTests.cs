using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stocktrail.Features.Reconciliation;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Postgres;

namespace Stocktrail.Tests.Hostile;

/// <summary>Classes of their own: the planted drift must sit in the last chunk of the whole database.</summary>
public sealed class ReconcileInChunksTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public Task Differences_in_the_last_chunk_of_products_layers_and_units_are_found_and_named() => ReconcileInChunksScenario.LastChunk(Api, Factory.Services);
}

public sealed class ReconcileInChunksOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public Task Differences_in_the_last_chunk_of_products_layers_and_units_are_found_and_named() => ReconcileInChunksScenario.LastChunk(Api, Factory.Services);
}

public static class ReconcileInChunksScenario
{
    private const int ChunkSize = 3;

    /// <summary>
    /// Eight products, seven layers and nine units make three chunks of three each; the stock level of the last product,
    /// the remaining quantity of the last layer and the place of the last unit are changed behind the ledger's back.
    /// The check in chunks of three names each, and finds exactly what the check in one chunk finds.
    /// </summary>
    public static async Task LastChunk(Api api, IServiceProvider services)
    {
        var (here, there) = (await api.Warehouse(), await api.Warehouse());
        var (serialA, serialB, batch) = (await api.Product("Serial"), await api.Product("Serial"), await api.Product("Batch"));
        var fifos = new[] { await api.Product("Fifo"), await api.Product("Fifo"), await api.Product("Fifo"), await api.Product("Fifo") };
        var lastProduct = await api.Product("Serial");
        string[] Serials() => [Api.Unique("CH"), Api.Unique("CH"), Api.Unique("CH")];
        var (order, lines) = await api.ApprovedOrder(here,
            [(serialA, 3, 5m), (serialB, 3, 6m), (batch, 6, 1.5m), .. fifos.Select(f => (f, 2m, 2.5m)), (lastProduct, 3, 9m)]);
        await api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new object[]
            {
                new { lineId = lines[0], quantity = 3, serials = Serials() },
                new { lineId = lines[1], quantity = 3, serials = Serials() },
                new { lineId = lines[2], quantity = 6, batches = new[] { new { batch = Api.Unique("LOT"), quantity = 2m }, new { batch = Api.Unique("LOT"), quantity = 2m }, new { batch = Api.Unique("LOT"), quantity = 2m } } },
                new { lineId = lines[3], quantity = 2 }, new { lineId = lines[4], quantity = 2 }, new { lineId = lines[5], quantity = 2 }, new { lineId = lines[6], quantity = 2 },
                new { lineId = lines[7], quantity = 3, serials = Serials() },
            },
        });
        Assert.Empty((await ReconcileAsync(services, ChunkSize)).Differences);

        var (products, lastLayer, lastUnit) = await ReconcileScenarios.Read(services, async db => (
            await db.Products.CountAsync(),
            await db.CostLayers.OrderByDescending(l => l.Id).Select(l => new { l.Id, l.ProductId }).FirstAsync(),
            await db.SerialUnits.OrderByDescending(u => u.Id).Select(u => new { u.Id, u.ProductId, u.Serial }).FirstAsync()));
        Assert.True(products > 2 * ChunkSize, $"{products} products make three chunks.");
        Assert.Equal(fifos[^1], lastLayer.ProductId);
        Assert.Equal(lastProduct, lastUnit.ProductId);
        Assert.Equal(lastProduct, await ReconcileScenarios.Read(services, db => db.Products.MaxAsync(p => p.Id)));
        Assert.True(lastLayer.Id > 2 * ChunkSize && lastUnit.Id > 2 * ChunkSize, "Seven layers and nine units make three chunks each.");

        await ReconcileScenarios.Plant(services, db => db.StockLevels.Where(l => l.ProductId == lastProduct).ExecuteUpdateAsync(l => l.SetProperty(x => x.OnHand, 4m)));
        await ReconcileScenarios.Plant(services, db => db.CostLayers.Where(l => l.Id == lastLayer.Id).ExecuteUpdateAsync(l => l.SetProperty(x => x.Remaining, 1m)));
        await ReconcileScenarios.Plant(services, db => db.SerialUnits.Where(u => u.Id == lastUnit.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.WarehouseId, there)));

        var chunked = await ReconcileAsync(services, ChunkSize);
        var sku = (string)(await api.Get($"/api/products/{lastProduct}"))["sku"]!;
        var fifoSku = (string)(await api.Get($"/api/products/{fifos[^1]}"))["sku"]!;
        Assert.Contains(chunked.Differences, d => d.ProductId == lastProduct && d.Sku == sku && d.WarehouseId == here && d.Serial is null
            && d.Message.StartsWith("Stored level 4 worth 27; the ledger says 3 worth 27."));
        Assert.Contains(chunked.Differences, d => d.LayerId == lastLayer.Id && d.ProductId == fifos[^1] && d.Sku == fifoSku
            && d.Message == $"Cost layer {lastLayer.Id} holds 1; its ledger rows leave 2.");
        Assert.Contains(chunked.Differences, d => d.Serial == lastUnit.Serial && d.Sku == sku && d.WarehouseId == here
            && d.Message == $"Serial {lastUnit.Serial} is in stock in warehouse {there}, but the ledger nets 1 in warehouse {here}.");
        Assert.Contains(chunked.Differences, d => d.Serial == lastUnit.Serial && d.WarehouseId == there && d.Message.Contains("never moved it there"));
        Assert.All(chunked.Differences, d => Assert.Contains(d.ProductId, new[] { lastProduct, fifos[^1] }));

        var whole = await ReconcileAsync(services, Reconcile.DefaultChunkSize);
        Assert.Equal(whole.Differences.Select(d => d.ToString()).Order(), chunked.Differences.Select(d => d.ToString()).Order());
    }

    private static async Task<Reconcile.Result> ReconcileAsync(IServiceProvider services, int chunkSize)
    {
        await using var scope = services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<Reconcile.Handler>();
        handler.ChunkSize = chunkSize;
        return await handler.HandleAsync(CancellationToken.None);
    }
}
