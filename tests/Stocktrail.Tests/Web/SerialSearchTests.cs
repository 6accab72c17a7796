using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Stocktrail.Features.Dashboard;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Postgres;

namespace Stocktrail.Tests.Web;

/// <summary>The pages' serial search: by the start of a serial, across products, and by a serial's text before a correction.</summary>
public sealed class SerialSearchTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task A_serial_is_found_by_its_first_characters_in_any_product_and_by_its_text_before_a_correction() =>
        await SerialSearchCases.RunAsync(Api, Factory.Services);
}

public sealed class SerialSearchOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public async Task A_serial_is_found_by_its_first_characters_in_any_product_and_by_its_text_before_a_correction() =>
        await SerialSearchCases.RunAsync(Api, Factory.Services);
}

internal static class SerialSearchCases
{
    public static async Task RunAsync(Api api, IServiceProvider services)
    {
        var stem = Api.Unique("SR");
        var warehouse = await api.Warehouse();
        var pumps = await api.Product("Serial");
        var (order, lines) = await api.ApprovedOrder(warehouse, (pumps, 3, 10m));
        await api.PostOk($"/api/purchase-orders/{order}/receipts",
            new { lines = new[] { new { lineId = lines[0], quantity = 3, serials = new[] { $"{stem}-100", $"{stem}-101", $"{stem}-200" } } } });
        var valves = await api.SerialsInStock(warehouse, 5m, $"{stem}-1000");
        // A unit received with a typo, then corrected: its old text still finds it.
        await api.PostOk($"/api/purchase-orders/{order}/serial-corrections", new { productId = pumps, from = $"{stem}-200", to = $"{stem}-X200" }, HttpStatusCode.OK);

        using var scope = services.CreateScope();
        var search = scope.ServiceProvider.GetRequiredService<SerialSearch.Handler>();

        var byStart = await search.HandleAsync($"{stem.ToLowerInvariant()}-10", CancellationToken.None);
        Assert.Equal([$"{stem}-100", $"{stem}-1000", $"{stem}-101"], byStart.Items.Select(i => i.Serial));
        Assert.Equal([pumps, valves, pumps], byStart.Items.Select(i => i.ProductId));
        Assert.All(byStart.Items, i => Assert.Null(i.FormerSerial));
        Assert.False(byStart.More);

        var exact = await search.HandleAsync($"{stem}-100", CancellationToken.None);
        Assert.Equal([(true, $"{stem}-100"), (false, $"{stem}-1000")], exact.Items.Select(i => (i.Exact, i.Serial)));

        var byOldText = await search.HandleAsync($"{stem}-2", CancellationToken.None);
        var corrected = Assert.Single(byOldText.Items);
        Assert.Equal($"{stem}-X200", corrected.Serial);
        Assert.Equal($"{stem}-200", corrected.FormerSerial);
        Assert.Equal(pumps, corrected.ProductId);

        Assert.Empty((await search.HandleAsync($"{stem}-3", CancellationToken.None)).Items);
    }
}
