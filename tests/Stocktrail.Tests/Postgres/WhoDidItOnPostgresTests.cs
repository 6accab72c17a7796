using System.Net;
using Stocktrail.Tests.Audit;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Sales;

namespace Stocktrail.Tests.Postgres;

/// <summary>The ledger's set-based inserts and EF's rows name their user on PostgreSQL as on SQLite, and the audit log reads the same.</summary>
public sealed class WhoDidItOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public async Task A_receipt_and_a_dispatch_name_their_users_on_the_movements_the_documents_and_the_audit_log()
    {
        var buyer = await Factory.As("Purchasing");
        var receiver = await Factory.As("Warehouse");
        var seller = await Factory.As("Sales");
        var warehouse = await Api.Warehouse();
        var serialized = await buyer.Api.Product("Serial");
        var screws = await buyer.Api.Product("Fifo");
        var (order, lines) = await buyer.Api.ApprovedOrder(warehouse, (serialized, 3, 10m), (screws, 500, 0.05m));
        await receiver.Api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new object[] { ReceivingApi.Line(lines[0], 3, "PGW-0001..PGW-0003"), new { lineId = lines[1], quantity = 500 } },
        });
        var sale = await seller.Api.NewSale(warehouse, (serialized, 1, 25m), (screws, 50, 0.2m));
        await receiver.Api.Dispatch(sale.Id, SalesTestApi.Line(sale.LineIds[0], 1, "PGW-0002"), SalesTestApi.Line(sale.LineIds[1], 50));

        var history = (await Api.Serial(serialized, "PGW-0002"))["history"]!.AsArray().Select(h => (string)h!["userName"]!).ToList();
        Assert.Equal([receiver.UserName, receiver.UserName], history);
        Assert.All(await Api.Movements(screws), m => Assert.Equal(receiver.UserName, (string)m!["userName"]!));
        var po = await Api.Get($"/api/purchase-orders/{order}");
        Assert.Equal(buyer.UserName, (string)po["createdBy"]!);
        Assert.Equal(seller.UserName, (string)(await Api.SaleById(sale.Id))["createdBy"]!);

        Assert.Equal(["purchase-order.created", "purchase-order.approved", "receipt.posted"], (await Api.AuditOf((string)po["number"]!)).Actions());
        var saleLog = await Api.AuditOf(sale.Number);
        Assert.Equal(["stock-sale.created", "stock-sale.dispatched"], saleLog.Actions());
        Assert.Equal([seller.UserName, receiver.UserName], saleLog.Select(e => (string)e["userName"]!));
        Assert.Equal(receiver.Id, (int)saleLog[1]["userId"]!);

        var mine = await Api.Audit($"userId={receiver.Id}");
        Assert.Equal(["stock-sale.dispatched", "receipt.posted"], mine.Actions());
        await receiver.Api.DispatchRefused(sale.Id, HttpStatusCode.Conflict, SalesTestApi.Line(sale.LineIds[0], 1, "PGW-0002"));
        Assert.Equal(mine.Count, (await Api.Audit($"userId={receiver.Id}")).Count);
        await Api.AssertLedgerConsistent();
    }
}
