using System.Net;
using Stocktrail.Tests.Infrastructure;
using static Stocktrail.Tests.Sales.SalesTestApi;

namespace Stocktrail.Tests.Products;

public sealed class WarrantyTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task A_dispatched_serial_is_under_warranty_for_its_products_months_from_its_latest_dispatch()
    {
        var warehouse = await Api.Warehouse();
        var product = (int)(await Api.PostOk("/api/products", new { sku = Api.Unique("SKU"), name = "Drill", trackingType = "Serial", warrantyMonths = 24 }))["id"]!;
        Assert.Equal(24, (int)(await Api.Get($"/api/products/{product}"))["warrantyMonths"]!);
        var serial = Api.Unique("SN");
        await Api.ReceiveSerials(product, warehouse, 50m, serial);

        var before = await Api.Serial(product, serial);
        Assert.Null(before["warrantyUntil"]);
        Assert.False((bool)before["underWarranty"]!);

        var first = await Api.NewSale(warehouse, (product, 1, 90m));
        await Api.Dispatch(first.Id, Line(first.LineIds[0], 1, serial));
        await Api.CustomerReturn(first.Id, Line(first.LineIds[0], 1, serial));
        var second = await Api.NewSale(warehouse, (product, 1, 90m));
        await Api.Dispatch(second.Id, Line(second.LineIds[0], 1, serial));

        var unit = await Api.Serial(product, serial);
        var latest = unit["history"]!.AsArray().Last(h => (string)h!["kind"]! == "Dispatched")!;
        var expected = DateOnly.FromDateTime((DateTime)latest["occurredAt"]!).AddMonths(24);
        Assert.Equal(expected.ToString("yyyy-MM-dd"), (string)unit["warrantyUntil"]!);
        Assert.True((bool)unit["underWarranty"]!);
        Assert.Equal("Dispatched", (string)unit["disposition"]!);
    }

    [Fact]
    public async Task Warranty_months_change_on_a_product_and_zero_removes_them()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var serial = Api.Unique("SN");
        await Api.ReceiveSerials(product, warehouse, 50m, serial);
        var sale = await Api.NewSale(warehouse, (product, 1, 90m));
        await Api.Dispatch(sale.Id, Line(sale.LineIds[0], 1, serial));
        Assert.Null((await Api.Serial(product, serial))["warrantyUntil"]);

        Assert.Equal(6, (int)(await Api.Patch($"/api/products/{product}", new { warrantyMonths = 6 }))["warrantyMonths"]!);
        Assert.True((bool)(await Api.Serial(product, serial))["underWarranty"]!);

        Assert.Null((await Api.Patch($"/api/products/{product}", new { warrantyMonths = 0 }))["warrantyMonths"]);
        var unit = await Api.Serial(product, serial);
        Assert.Null(unit["warrantyUntil"]);
        Assert.False((bool)unit["underWarranty"]!);
    }

    [Fact]
    public async Task Warranty_months_outside_zero_to_six_hundred_are_refused_and_change_nothing()
    {
        var refused = await Api.PostRefused("/api/products", new { sku = Api.Unique("SKU"), name = "Drill", trackingType = "Serial", warrantyMonths = 601 }, HttpStatusCode.BadRequest);
        refused.Mentions("warrantyMonths must be a whole number of months from 0 (no warranty) to 600; 601 is not");

        var product = (int)(await Api.PostOk("/api/products", new { sku = Api.Unique("SKU"), name = "Drill", trackingType = "Serial", warrantyMonths = 12 }))["id"]!;
        (await Api.Refused(HttpMethod.Patch, $"/api/products/{product}", new { warrantyMonths = -1 }, HttpStatusCode.BadRequest)).Mentions("-1 is not");
        Assert.Equal(12, (int)(await Api.Get($"/api/products/{product}"))["warrantyMonths"]!);
    }
}
