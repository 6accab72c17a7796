using System.Net;
using Stocktrail.Tests.Adjustments;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Postgres;
using Stocktrail.Tests.StockTakes;

namespace Stocktrail.Tests.Hostile;

public sealed class RoundingTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public Task Values_of_many_decimal_places_are_rounded_once_where_they_are_made() => RoundingScenarios.ThirdsAtAThird(Api);
}

public sealed class RoundingOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public Task Values_of_many_decimal_places_are_rounded_once_where_they_are_made() => RoundingScenarios.ThirdsAtAThird(Api);
}

/// <summary>
/// Quantities and costs of 8 places multiply to 16: the value is rounded to 8 places where it is made (a ledger row,
/// a layer's worth), so that PostgreSQL's numeric(28,8) and SQLite's text store the same and the ledger check agrees.
/// </summary>
public static class RoundingScenarios
{
    public static async Task ThirdsAtAThird(Api api)
    {
        var warehouse = await api.Warehouse();
        var product = await api.Product("Fifo");
        var (order, lines) = await api.ApprovedOrder(warehouse, (product, 0.33333333m, 0.33333333m));
        await api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 0.33333333m } } });

        Assert.Equal(0.11111111m, await api.Value(product, warehouse));
        await api.AssertLedgerConsistent();

        // Taken in parts, each part is what the layer's worth drops by, so what is left is always worth its remainder.
        await api.Adjust(warehouse, StockDocumentsApi.Out(product, 0.1m));
        await api.Adjust(warehouse, StockDocumentsApi.Out(product, 0.1m));
        Assert.Equal(decimal.Round(0.13333333m * 0.33333333m, 8, MidpointRounding.AwayFromZero), await api.Value(product, warehouse));
        await api.AssertLedgerConsistent();

        // A landed cost spread over what remains, and an adjustment in at another cost of 8 places.
        await api.PostOk($"/api/purchase-orders/{order}/landed-costs", new { description = "Freight", amount = 0.07777777m }, HttpStatusCode.OK);
        await api.Adjust(warehouse, StockDocumentsApi.In(product, 0.77777777m, 0.12345679m));
        await api.AssertLedgerConsistent();

        // A stock take that counts less takes from the layers by the same rule.
        var take = await api.StartStockTake(warehouse);
        var sheet = await api.ExportCsv(take);
        await api.ImportCsvOk(take, StockTakeTestApi.Csv(StockTakeTestApi.Count(sheet, _ => "0.55555555")));
        await api.CompleteStockTake(take);
        Assert.Equal(0.55555555m, await api.OnHand(product, warehouse));
        await api.AssertLedgerConsistent();

        var movements = await api.Movements(product);
        Assert.All(movements, m => Assert.Equal((decimal)m!["value"]!, decimal.Round((decimal)m["value"]!, 8)));
    }
}
