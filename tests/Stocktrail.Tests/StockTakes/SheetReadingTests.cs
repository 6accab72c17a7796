using System.Net;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.StockTakes;

/// <summary>GET of a count sheet only reads; the marks its rows are judged against are set by starting the take or by POST …/sheet/mark.</summary>
public sealed class SheetReadingTests(StocktrailFactory factory) : ApiTest(factory)
{
    private async Task<List<string[]>> ReadCsv(int take, string? rows = null)
    {
        var response = await Api.Http.GetAsync($"/api/stock-takes/{take}/sheet?format=csv{(rows is null ? "" : $"&rows={rows}")}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split(',')).ToList();
    }

    [Fact]
    public async Task A_started_take_can_be_read_and_imported_without_marking_its_sheet()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.SerialsInStock(warehouse, 4m, "R-1", "R-2");
        var take = await Api.StartStockTake(warehouse);
        var started = await Api.Get($"/api/stock-takes/{take}");

        var sheet = await ReadCsv(take);
        (await Api.Http.GetAsync($"/api/stock-takes/{take}/sheet?format=xlsx")).EnsureSuccessStatusCode();
        Assert.Equal(started.ToJsonString(), (await Api.Get($"/api/stock-takes/{take}")).ToJsonString());

        var result = await Api.ImportCsvOk(take, StockTakeTestApi.Csv(StockTakeTestApi.Count(sheet, r => r[3] == "R-2" ? "0" : "1")));
        Assert.Equal(["R-2"], result["variances"]!.AsArray().Select(v => (string)v!["serial"]!));
        await Api.CompleteStockTake(take);
        Assert.Equal(1m, await Api.OnHand(product, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Reading_the_sheet_again_does_not_move_its_mark_nor_forget_recounts()
    {
        var warehouse = await Api.Warehouse();
        var serial = await Api.SerialsInStock(warehouse, 10m, "M-1", "M-2");
        var fifo = await Api.Product("Fifo");
        await Api.ReceiveFifo(warehouse, fifo, 10, 2m);
        var take = await Api.StartStockTake(warehouse);
        var first = await ReadCsv(take);

        // Stock moves after the mark; reading the sheet again shows it as it is now, but the mark stays where it was.
        await Api.AdjustSerialsOut(warehouse, serial, "M-2");
        await Api.ReceiveFifo(warehouse, fifo, 5, 2m);
        var now = await ReadCsv(take);
        Assert.Equal(first.Count - 1, now.Count);
        Assert.Single((await ReadCsv(take, rows: "outdated")).Skip(1)); // the Fifo product; M-2 is no longer in stock

        var counted = StockTakeTestApi.Count(now, r => r[3] == "M-1" ? "1" : "15");
        var result = await Api.ImportCsvOk(take, StockTakeTestApi.Csv(counted));
        Assert.Single(result["outdated"]!.AsArray()); // the Fifo row: it moved after the mark, whatever its OnHand says

        // Marking the outdated rows records their recount mark; reading the whole sheet afterwards keeps it.
        var recount = await Api.ExportCsv(take, rows: "outdated");
        Assert.Equal(2, recount.Count);
        await ReadCsv(take);
        var second = await Api.ImportCsvOk(take, StockTakeTestApi.Csv(StockTakeTestApi.Count(recount, _ => "14")));
        Assert.Empty(second["outdated"]!.AsArray());
        Assert.Single(second["variances"]!.AsArray());
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Marking_the_sheet_of_an_unknown_take_is_not_found()
    {
        await Api.Refused(HttpMethod.Post, "/api/stock-takes/999999/sheet/mark", null, HttpStatusCode.NotFound);
    }
}
