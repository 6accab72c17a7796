using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Sales;

namespace Stocktrail.Tests.Postgres;

/// <summary>The one reader of what is on a document, and a receipt's units matched by its time, on PostgreSQL.</summary>
public sealed class DocumentContentsOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public async Task A_sale_and_its_order_show_what_is_on_them_after_a_return_typed_in_another_case()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 3, 10m));
        var first = await Api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 2, serials = new[] { "PG-1", "PG-2" } } } });
        var second = await Api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 1, serials = new[] { "PG-3" } } } });
        var sale = await Api.NewSale(warehouse, (product, 3, 25m));
        await Api.Dispatch(sale.Id, SalesTestApi.Line(sale.LineIds[0], 3, "PG-1..PG-3"));

        await Api.CustomerReturn(sale.Id, SalesTestApi.Line(sale.LineIds[0], 1, "pg-2"));

        Assert.Equal(["PG-1", "PG-3"], (await Api.SaleById(sale.Id))["lines"]![0]!["serials"]!.AsArray().Select(s => (string)s!));
        var receipts = (await Api.Get($"/api/purchase-orders/{order}"))["receipts"]!.AsArray();
        Assert.Equal([(int)first["id"]!, (int)second["id"]!], receipts.Select(r => (int)r!["id"]!));
        Assert.Equal(["PG-1", "PG-2"], receipts[0]!["lines"]![0]!["serials"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(["PG-3"], receipts[1]!["lines"]![0]!["serials"]!.AsArray().Select(s => (string)s!));
        await Api.AssertLedgerConsistent();
    }
}
