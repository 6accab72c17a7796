using System.Net;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Postgres;

namespace Stocktrail.Tests.StockTakes;

/// <summary>Every number a count sheet carries goes through the amount rules the API applies: a row problem, never a 500 or an absurd stock.</summary>
public static class SheetAmountCases
{
    public static async Task AssertRefusedAsRowProblems(Api api)
    {
        var warehouse = await api.Warehouse();
        var fifo = await api.Product("Fifo", costPrice: 1m);
        await api.ReceiveFifo(warehouse, fifo, 10, 2m);
        var batch = await api.Product("Batch");
        await api.ReceiveBatches(warehouse, batch, 3m, ("L-1", 5), ("L-2", 5), ("L-3", 5), ("L-4", 5));
        var serial = await api.SerialsInStock(warehouse, 4m, "A-1");
        var (fifoSku, batchSku, serialSku) = (await api.SkuOf(fifo), await api.SkuOf(batch), await api.SkuOf(serial));
        var take = await api.StartStockTake(warehouse);
        var before = (await api.Get($"/api/stock-takes/{take}")).ToJsonString();

        var sheet = StockTakeTestApi.Csv([
            StockTakeTestApi.Header,
            [fifoSku, "", "", "", "", "", "1e20"],
            [batchSku, "", "", "L-1", "1e20", "", "6"],
            [batchSku, "", "", "L-2", "0.000000001", "", "6"],
            [batchSku, "", "", "L-3", "", "", "5.123456789"],
            [batchSku, "", "", "L-4", "1e30", "", "6"],
            [serialSku, "", "", "NEW-1", "", "1e400", "1"],
        ]);
        var response = await api.ImportCsv(take, sheet);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var errors = JsonNode.Parse(text)!["errors"]!.AsArray().Select(e => ((int)e!["row"]!, (string)e["column"]!, (string)e["message"]!)).ToList();
        Assert.Contains(errors, e => e is (2, "Counted", var m) && m.Contains("too large"));
        Assert.Contains(errors, e => e is (3, "UnitCost", var m) && m.Contains("too large"));
        Assert.Contains(errors, e => e is (4, "UnitCost", var m) && m.Contains("more than 8 decimal places"));
        Assert.Contains(errors, e => e is (5, "Counted", var m) && m.Contains("more than 8 decimal places"));
        Assert.Contains(errors, e => e is (6, "UnitCost", var m) && m.Contains("too large"));
        Assert.Contains(errors, e => e is (7, "OnHand", var m) && m.Contains("not a number"));
        Assert.Equal(before, (await api.Get($"/api/stock-takes/{take}")).ToJsonString());

        // Numbers each within the rules whose product is not: the value is a row problem too, not a database overflow.
        var largest = StockTakeTestApi.Csv([StockTakeTestApi.Header, [fifoSku, "", "", "", "999999999999", "", "999999999999"]]);
        var answer = await api.ImportCsv(take, largest);
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Contains("come to a value of", body);
        Assert.Equal(before, (await api.Get($"/api/stock-takes/{take}")).ToJsonString());
        Assert.Equal(10m, await api.OnHand(fifo, warehouse));
        await api.AssertLedgerConsistent();
    }
}

public sealed class SheetAmountTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public Task Numbers_on_a_count_sheet_past_the_amount_rules_are_row_problems() => SheetAmountCases.AssertRefusedAsRowProblems(Api);
}

public sealed class SheetAmountsOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public Task Numbers_on_a_count_sheet_past_the_amount_rules_are_row_problems() => SheetAmountCases.AssertRefusedAsRowProblems(Api);
}
