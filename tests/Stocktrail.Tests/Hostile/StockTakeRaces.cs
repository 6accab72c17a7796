using System.Net;
using System.Net.Http.Json;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Sales;
using Stocktrail.Tests.StockTakes;
using Stocktrail.Tests.Postgres;
using static Stocktrail.Tests.Sales.SalesTestApi;

namespace Stocktrail.Tests.Hostile;

public sealed class StockTakeRaceTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public Task Two_stock_takes_of_one_warehouse_completed_at_once_post_once() => StockTakeRaces.TwoTakesAtOnce(Api);

    [Fact]
    public Task A_stock_take_completed_while_the_product_is_dispatched_sees_the_dispatch() => StockTakeRaces.TakeAgainstDispatch(Api);
}

public sealed class StockTakeRacesOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public Task Two_stock_takes_of_one_warehouse_completed_at_once_post_once() => StockTakeRaces.TwoTakesAtOnce(Api);

    [PostgresFact]
    public Task A_stock_take_completed_while_the_product_is_dispatched_sees_the_dispatch() => StockTakeRaces.TakeAgainstDispatch(Api);
}

/// <summary>
/// Completing a stock take races other writers of the same stock: it must queue behind them and compare with what they
/// committed, so that a difference is never posted twice and never posted over a movement it did not see.
/// </summary>
public static class StockTakeRaces
{
    private const int Rounds = 6;

    /// <summary>A Fifo line of 1,000 counted 990 on two takes: whichever completes first posts −10, the other is outdated.</summary>
    public static async Task TwoTakesAtOnce(Api api)
    {
        for (var round = 0; round < Rounds; round++)
        {
            var warehouse = await api.Warehouse();
            var product = await api.FifoInStock(warehouse, (1_000, 2m));
            var takes = new[] { await CountedTake(api, warehouse, 990), await CountedTake(api, warehouse, 990) };

            var responses = await Task.WhenAll(takes.Select(t => api.Http.PostAsJsonAsync($"/api/stock-takes/{t}/complete", new { })));

            var bodies = string.Join(" | ", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync())));
            Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) == 1, $"Round {round}: expected one 200: {bodies}");
            Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Conflict) == 1, $"Round {round}: expected one 409: {bodies}");
            Assert.Equal(990m, await api.OnHand(product, warehouse));
        }
        await api.AssertLedgerConsistent();
    }

    /// <summary>
    /// A take counting 990 of 1,000 completed while 5 are dispatched: either the take goes first (and the dispatch then
    /// takes 5 of the 990), or the dispatch does and the take is refused as outdated. Never the take's −10 posted over a
    /// dispatch it did not see.
    /// </summary>
    public static async Task TakeAgainstDispatch(Api api)
    {
        for (var round = 0; round < Rounds; round++)
        {
            var warehouse = await api.Warehouse();
            var product = await api.FifoInStock(warehouse, (1_000, 2m));
            var take = await CountedTake(api, warehouse, 990);
            var sale = await api.NewSale(warehouse, (product, 5, 3m));

            var complete = api.Http.PostAsJsonAsync($"/api/stock-takes/{take}/complete", new { });
            var dispatch = api.Http.PostAsJsonAsync($"/api/stock-sales/{sale.Id}/dispatches", new { lines = new[] { Line(sale.LineIds[0], 5) } });
            var (completed, dispatched) = (await complete, await dispatch);

            var bodies = $"{await completed.Content.ReadAsStringAsync()} | {await dispatched.Content.ReadAsStringAsync()}";
            Assert.True(dispatched.StatusCode == HttpStatusCode.Created, $"Round {round}: the dispatch must go through: {bodies}");
            var movements = await api.Movements(product);
            if (completed.StatusCode == HttpStatusCode.OK)
            {
                var takeRows = movements.Where(m => (string)m!["sourceType"]! == "StockTake").Select(m => (long)m!["id"]!).ToList();
                var saleRows = movements.Where(m => (string)m!["sourceType"]! == "StockSale").Select(m => (long)m!["id"]!).ToList();
                Assert.True(takeRows.Max() < saleRows.Min(), $"Round {round}: the take posted over a dispatch it did not see: {bodies}");
                Assert.Equal(985m, await api.OnHand(product, warehouse));
            }
            else
            {
                Assert.True(completed.StatusCode == HttpStatusCode.Conflict, $"Round {round}: expected 200 or 409 from the take: {bodies}");
                Assert.Contains("went out on", await completed.Content.ReadAsStringAsync());
                Assert.Equal(995m, await api.OnHand(product, warehouse));
            }
        }
        await api.AssertLedgerConsistent();
    }

    /// <summary>A stock take of the warehouse, exported and imported with every row counted <paramref name="counted"/>.</summary>
    private static async Task<int> CountedTake(Api api, int warehouse, decimal counted)
    {
        var take = await api.StartStockTake(warehouse);
        var sheet = await api.ExportCsv(take);
        await api.ImportCsvOk(take, StockTakeTestApi.Csv(StockTakeTestApi.Count(sheet, _ => counted.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        return take;
    }
}
