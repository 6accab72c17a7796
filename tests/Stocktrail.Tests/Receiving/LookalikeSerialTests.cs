using System.Net;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Receiving;

public sealed class LookalikeSerialTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task Receiving_serials_that_only_differ_by_invisible_characters_is_refused_naming_each()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 3, 5m));
        var before = await Api.Snapshot(product, order);

        var problem = await Api.ReceiveRefused(order, HttpStatusCode.BadRequest,
            ReceivingApi.Line(lines[0], 3, "SN-0001\u200b", "\u202eSN-0002", "SN-0003\u00ad"));

        Assert.Equal(3, problem.Messages.Count(m => m.Contains("invisible formatting character")));
        problem.Mentions("U+200B", "U+202E", "U+00AD");
        Assert.Equal(before, await Api.Snapshot(product, order));
    }

    [Fact]
    public async Task A_serial_typed_with_a_combining_accent_is_the_unit_already_in_stock()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.SerialsInStock(warehouse, 5m, "CAF\u00c9-1");

        var problem = await Api.PostRefused("/api/stock-adjustments", new
        {
            warehouseId = warehouse, reason = "Found",
            lines = new[] { new { productId = product, direction = "In", quantity = 1, unitCost = 5m, serials = new[] { "cafe\u0301-1" } } },
        }, HttpStatusCode.Conflict);

        problem.Mentions("already in stock");
        Assert.Equal("InStock", (string)(await Api.Serial(product, "CAFE\u0301-1"))["status"]!);
        await Api.AssertLedgerConsistent();
    }
}
