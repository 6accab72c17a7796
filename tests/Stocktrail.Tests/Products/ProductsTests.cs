using System.Net;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Products;

public sealed class ProductsTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Theory]
    [InlineData("NonStock")]
    [InlineData("Fifo")]
    [InlineData("Serial")]
    [InlineData("Batch")]
    public async Task A_product_can_be_created_with_each_tracking_type(string trackingType)
    {
        var sku = Api.Unique("P");
        var created = await Api.PostOk("/api/products", new { sku = $"  {sku} ", name = " Widget ", trackingType, costPrice = 2.5m, sellPrice = 4m });

        var read = await Api.Get($"/api/products/{(int)created["id"]!}");
        Assert.Equal(sku, (string)read["sku"]!);
        Assert.Equal("Widget", (string)read["name"]!);
        Assert.Equal(trackingType, (string)read["trackingType"]!);
        Assert.Equal(2.5m, (decimal)read["costPrice"]!);
        Assert.Equal(4m, (decimal)read["sellPrice"]!);
        Assert.True((bool)read["isActive"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_sku_already_used_in_another_letter_case_is_refused()
    {
        var sku = Api.Unique("dup");
        await Api.Product("Fifo", sku);

        var problem = await Api.PostRefused("/api/products", new { sku = $" {sku.ToLowerInvariant()} ", name = "Again", trackingType = "Serial" }, HttpStatusCode.Conflict);

        problem.Mentions(sku.ToLowerInvariant(), "already used");
        var matching = (await Api.Get($"/api/products?search={sku}"))["items"]!.AsArray();
        Assert.Single(matching);
        await Api.AssertLedgerConsistent();
    }

    [Theory]
    [InlineData("Fifo", "Serial")]
    [InlineData("Fifo", "Batch")]
    [InlineData("Serial", "Fifo")]
    [InlineData("Batch", "Fifo")]
    [InlineData("NonStock", "Serial")]
    public async Task Changing_the_tracking_type_is_refused(string from, string to)
    {
        var product = await Api.Product(from);

        var problem = await Api.Refused(HttpMethod.Patch, $"/api/products/{product}", new { trackingType = to, name = "Renamed" }, HttpStatusCode.Conflict);

        Assert.Contains("tracking type cannot change once a product exists", problem.Detail);
        var read = await Api.Get($"/api/products/{product}");
        Assert.Equal(from, (string)read["trackingType"]!);
        Assert.Equal($"Test {from} product", (string)read["name"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Patching_with_the_same_tracking_type_in_any_case_is_accepted()
    {
        var product = await Api.Product("Serial");

        var patched = await Api.Patch($"/api/products/{product}", new { trackingType = "serial", name = "Same type" });

        Assert.Equal("Serial", (string)patched["trackingType"]!);
        Assert.Equal("Same type", (string)patched["name"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Patching_name_prices_and_active_flag_changes_only_those()
    {
        var product = await Api.Product("Fifo", costPrice: 1m);

        await Api.Patch($"/api/products/{product}", new { name = "New name", sellPrice = 9.99m });
        var read = await Api.Patch($"/api/products/{product}", new { costPrice = 3.25m, isActive = false });

        Assert.Equal("New name", (string)read["name"]!);
        Assert.Equal(3.25m, (decimal)read["costPrice"]!);
        Assert.Equal(9.99m, (decimal)read["sellPrice"]!);
        Assert.False((bool)read["isActive"]!);
        Assert.Equal("Fifo", (string)read["trackingType"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Every_problem_of_a_new_product_is_reported_at_once()
    {
        var problem = await Api.PostRefused("/api/products",
            new { sku = "   ", name = "", trackingType = "Lifo", costPrice = -1m, sellPrice = -2m }, HttpStatusCode.BadRequest);

        Assert.Equal(5, problem.Errors.Count);
        problem.Mentions("blank SKU", "needs a name", "Tracking type 'Lifo' is not known", "Cost price cannot be negative", "Sell price cannot be negative");
        await Api.AssertLedgerConsistent();
    }

    [Theory]
    [InlineData("2")]
    [InlineData("")]
    [InlineData(null)]
    public async Task A_tracking_type_that_is_not_a_name_is_refused(string? trackingType)
    {
        var problem = await Api.PostRefused("/api/products", new { sku = Api.Unique("T"), name = "x", trackingType }, HttpStatusCode.BadRequest);

        problem.Mentions("is not known");
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Patching_with_bad_values_reports_them_all_and_changes_nothing()
    {
        var product = await Api.Product("Fifo", costPrice: 1m);

        var problem = await Api.Refused(HttpMethod.Patch, $"/api/products/{product}",
            new { name = " ", costPrice = -5m, sellPrice = -1m, trackingType = "Nope" }, HttpStatusCode.BadRequest);

        Assert.Equal(4, problem.Errors.Count);
        var read = await Api.Get($"/api/products/{product}");
        Assert.Equal(1m, (decimal)read["costPrice"]!);
        Assert.Equal("Test Fifo product", (string)read["name"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_name_over_200_characters_is_refused_on_create_and_on_patch()
    {
        var longName = new string('n', 201);
        var problem = await Api.PostRefused("/api/products", new { sku = Api.Unique("L"), name = longName, trackingType = "Fifo" }, HttpStatusCode.BadRequest);
        problem.Mentions("200 characters");

        var product = await Api.Product("Fifo");
        problem = await Api.Refused(HttpMethod.Patch, $"/api/products/{product}", new { name = longName }, HttpStatusCode.BadRequest);
        problem.Mentions("200 characters");
        Assert.Equal("Test Fifo product", (string)(await Api.Get($"/api/products/{product}"))["name"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Unknown_products_are_not_found()
    {
        await Api.Refused(HttpMethod.Get, "/api/products/987654", null, HttpStatusCode.NotFound);
        await Api.Refused(HttpMethod.Patch, "/api/products/987654", new { name = "x" }, HttpStatusCode.NotFound);
        await Api.Refused(HttpMethod.Get, "/api/products/987654/stock", null, HttpStatusCode.NotFound);
        await Api.Refused(HttpMethod.Get, "/api/products/987654/movements", null, HttpStatusCode.NotFound);
        await Api.Refused(HttpMethod.Get, "/api/products/987654/serials", null, HttpStatusCode.NotFound);
        await Api.Refused(HttpMethod.Get, "/api/products/987654/serials/SN-1", null, HttpStatusCode.NotFound);
        await Api.AssertLedgerConsistent();
    }
}
