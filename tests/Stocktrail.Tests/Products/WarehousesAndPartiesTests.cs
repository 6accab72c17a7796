using System.Net;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Products;

public sealed class WarehousesAndPartiesTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task A_warehouse_is_created_and_listed()
    {
        var code = Api.Unique("W");
        var created = await Api.PostOk("/api/warehouses", new { code = $" {code} ", name = " Main store " });

        Assert.Equal(code, (string)created["code"]!);
        Assert.Equal("Main store", (string)created["name"]!);
        var list = (await Api.Get("/api/warehouses")).AsArray();
        Assert.Contains(list, w => (int)w!["id"]! == (int)created["id"]! && (string)w["code"]! == code);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_duplicate_warehouse_code_is_refused_whatever_its_case()
    {
        var code = Api.Unique("W");
        await Api.Warehouse(code);

        var problem = await Api.PostRefused("/api/warehouses", new { code = code.ToLowerInvariant(), name = "Again" }, HttpStatusCode.Conflict);

        problem.Mentions("already used");
        Assert.Single((await Api.Get("/api/warehouses")).AsArray(), w => ((string)w!["code"]!).Equals(code, StringComparison.OrdinalIgnoreCase));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_warehouse_without_code_or_name_reports_both()
    {
        var problem = await Api.PostRefused("/api/warehouses", new { code = "", name = " " }, HttpStatusCode.BadRequest);

        Assert.Equal(2, problem.Errors.Count);
        problem.Mentions("code of 1 to 32", "needs a name");
    }

    [Fact]
    public async Task A_warehouse_name_over_200_characters_is_refused()
    {
        var problem = await Api.PostRefused("/api/warehouses", new { code = Api.Unique("W"), name = new string('w', 201) }, HttpStatusCode.BadRequest);

        problem.Mentions("200 characters");
    }

    [Theory]
    [InlineData("suppliers")]
    [InlineData("customers")]
    public async Task Suppliers_and_customers_are_created_and_listed(string kind)
    {
        var name = Api.Unique(kind);
        var created = await Api.PostOk($"/api/{kind}", new { name });

        Assert.Equal(name, (string)created["name"]!);
        Assert.Contains((await Api.Get($"/api/{kind}")).AsArray(), p => (int)p!["id"]! == (int)created["id"]! && (string)p["name"]! == name);
        await Api.Refused(HttpMethod.Post, $"/api/{kind}", new { name = "  " }, HttpStatusCode.BadRequest);
        await Api.AssertLedgerConsistent();
    }
}
