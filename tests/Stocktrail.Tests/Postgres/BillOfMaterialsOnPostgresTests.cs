using System.Net;
using System.Net.Http.Json;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Postgres;

/// <summary>Bills of materials on PostgreSQL: two bills saved at once cannot close a loop between them.</summary>
public sealed class BillOfMaterialsOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public async Task Two_bills_saved_at_once_that_would_make_each_product_contain_the_other_are_not_both_kept()
    {
        var pump = await Api.Product("Fifo");
        var housing = await Api.Product("Fifo");
        for (var round = 0; round < 5; round++)
        {
            var answers = await Task.WhenAll(
                Api.Http.PutAsJsonAsync($"/api/products/{pump}/bill-of-materials", new { lines = new[] { new { productId = housing, quantity = 1 } } }),
                Api.Http.PutAsJsonAsync($"/api/products/{housing}/bill-of-materials", new { lines = new[] { new { productId = pump, quantity = 2 } } }));

            Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
            Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.BadRequest));
            var kept = (await Api.Get($"/api/products/{pump}/bill-of-materials"))["lines"]!.AsArray().Count
                + (await Api.Get($"/api/products/{housing}/bill-of-materials"))["lines"]!.AsArray().Count;
            Assert.Equal(1, kept);
            await Api.Http.PutAsJsonAsync($"/api/products/{pump}/bill-of-materials", new { lines = Array.Empty<object>() });
            await Api.Http.PutAsJsonAsync($"/api/products/{housing}/bill-of-materials", new { lines = Array.Empty<object>() });
        }
    }
}
