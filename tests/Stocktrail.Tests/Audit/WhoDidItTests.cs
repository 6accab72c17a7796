using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Adjustments;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Sales;
using Stocktrail.Tests.StockTakes;

namespace Stocktrail.Tests.Audit;

/// <summary>Who did it is part of the record: the ledger, the documents and the audit log name the user of every change.</summary>
public sealed class WhoDidItTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task A_receipt_by_a_Warehouse_user_names_them_on_the_movements_the_serial_history_and_the_audit_log()
    {
        var buyer = await Factory.As("Purchasing");
        var receiver = await Factory.As("Warehouse");
        var warehouse = await Api.Warehouse();
        var serialized = await buyer.Api.Product("Serial");
        var screws = await buyer.Api.Product("Fifo");
        var (order, lines) = await buyer.Api.ApprovedOrder(warehouse, (serialized, 3, 10m), (screws, 500, 0.05m));

        await receiver.Api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new object[] { ReceivingApi.Line(lines[0], 3, "WHO-0001..WHO-0003"), new { lineId = lines[1], quantity = 500 } },
        });

        // The serials move in one set-based statement, the Fifo layer through EF: both name the receiver.
        var movements = (await Api.Movements(serialized)).Concat(await Api.Movements(screws)).ToList();
        Assert.Equal(4, movements.Count);
        Assert.All(movements, m => Assert.Equal(receiver.UserName, (string)m!["userName"]!));
        var history = (await Api.Serial(serialized, "WHO-0002"))["history"]!.AsArray();
        Assert.Equal(receiver.UserName, (string)history.Single()!["userName"]!);

        var po = await Api.Get($"/api/purchase-orders/{order}");
        var number = (string)po["number"]!;
        Assert.Equal(buyer.UserName, (string)po["createdBy"]!);
        Assert.Equal(buyer.UserName, (string)(await Api.Get("/api/purchase-orders")).AsArrayOf("items").Single(o => (int)o["id"]! == order)["createdBy"]!);

        var log = await Api.AuditOf(number);
        Assert.Equal(["purchase-order.created", "purchase-order.approved", "receipt.posted"], log.Actions());
        Assert.All(log.Take(2), e => Assert.Equal(buyer.UserName, (string)e["userName"]!));
        var receipt = log[2];
        Assert.Equal(receiver.Id, (int)receipt["userId"]!);
        Assert.Equal(receiver.UserName, (string)receipt["userName"]!);
        Assert.Equal("PurchaseOrder", (string)receipt["documentType"]!);
        Assert.Contains("503 units on 2 line(s)", (string)receipt["detail"]!);
        Assert.Contains("(WHO-0001, WHO-0002, WHO-0003)", (string)receipt["detail"]!);
        Assert.Equal(receiver.UserName, (string)(await Api.Audit($"userId={receiver.Id}")).First()["userName"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_refused_request_writes_no_audit_line()
    {
        var receiver = await Factory.As("Warehouse");
        var viewer = await Factory.As("Viewer");
        var warehouse = await Api.Warehouse();
        var product = await Api.SerialsInStock(warehouse, 5m, "REF-0001");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 1, 5m));
        var before = await Api.Audit();

        var inStock = await receiver.Api.PostRefused($"/api/purchase-orders/{order}/receipts",
            new { lines = new[] { ReceivingApi.Line(lines[0], 1, "REF-0001") } }, HttpStatusCode.Conflict);
        inStock.Mentions("REF-0001");
        await receiver.Api.TransferRefused(warehouse, warehouse, HttpStatusCode.BadRequest, StockDocumentsApi.Moving(product, 1, ["REF-0001"]));
        await receiver.Api.PostRefused("/api/purchase-orders/999999/approve", new { }, HttpStatusCode.Forbidden);
        await Api.PostRefused("/api/purchase-orders/999999/approve", new { }, HttpStatusCode.NotFound);
        await viewer.Api.Refused(HttpMethod.Patch, $"/api/products/{product}", new { name = "Renamed by a viewer" }, HttpStatusCode.Forbidden);
        await viewer.Api.PostRefused("/api/warehouses", new { code = Api.Unique("WH"), name = "Not allowed" }, HttpStatusCode.Forbidden);

        var after = await Api.Audit();
        Assert.Equal(before.Select(e => (long)e["id"]!), after.Select(e => (long)e["id"]!));
        Assert.Equal(1m, (decimal)(await Api.Get($"/api/purchase-orders/{order}"))["lines"]![0]!["openQuantity"]!);
        Assert.Equal("Test Serial product", (string)(await Api.Get($"/api/products/{product}"))["name"]!);
    }

    [Fact]
    public async Task The_audit_log_filters_by_user_and_time_and_pages_newest_first()
    {
        var seller = await Factory.NewUser("Sales");
        var names = new[] { Api.Unique("First"), Api.Unique("Second"), Api.Unique("Third") };
        foreach (var name in names) await seller.Api.PostOk("/api/customers", new { name });

        var theirs = await Api.Audit($"userId={seller.Id}");
        Assert.Equal(names.Reverse().Select(n => $"Customer '{n}' created."), theirs.Select(e => (string)e["detail"]!));
        Assert.All(theirs, e =>
        {
            Assert.Equal("customer.created", (string)e["action"]!);
            Assert.Equal(seller.UserName, (string)e["userName"]!);
            Assert.Equal("Customer", (string)e["documentType"]!);
        });

        // from is inclusive, to exclusive: the window from the second line to the third holds the second alone.
        var (second, third) = ((DateTime)theirs[1]["occurredAt"]!, (DateTime)theirs[0]["occurredAt"]!);
        var window = await Api.Audit($"userId={seller.Id}&from={Uri.EscapeDataString(second.ToString("O"))}&to={Uri.EscapeDataString(third.ToString("O"))}");
        Assert.Equal([$"Customer '{names[1]}' created."], window.Select(e => (string)e["detail"]!));
        var fromThird = await Api.Audit($"userId={seller.Id}&from={Uri.EscapeDataString(third.ToString("O"))}");
        Assert.Equal([$"Customer '{names[2]}' created."], fromThird.Select(e => (string)e["detail"]!));
        var beforeSecond = await Api.Audit($"userId={seller.Id}&to={Uri.EscapeDataString(second.ToString("O"))}");
        Assert.Equal([$"Customer '{names[0]}' created."], beforeSecond.Select(e => (string)e["detail"]!));
        var page1 = await Api.AuditPage($"userId={seller.Id}&pageSize=2&page=1");
        var page2 = await Api.AuditPage($"userId={seller.Id}&pageSize=2&page=2");
        Assert.Equal([names[2], names[1]], page1.AsArrayOf("items").Select(e => Between((string)e["detail"]!)));
        Assert.True((bool)page1["hasMore"]!);
        Assert.Equal([names[0]], page2.AsArrayOf("items").Select(e => Between((string)e["detail"]!)));
        Assert.False((bool)page2["hasMore"]!);
        await Api.Refused(HttpMethod.Get, "/api/audit?pageSize=1001", null, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_Viewer_may_not_read_the_audit_log()
    {
        var viewer = await Factory.As("Viewer");
        var refused = await viewer.Api.Refused(HttpMethod.Get, "/api/audit", null, HttpStatusCode.Forbidden);
        refused.Mentions("Viewer");
    }

    [Fact]
    public async Task A_background_import_is_the_work_of_the_user_who_sent_it()
    {
        var counter = await Factory.As("Warehouse");
        var warehouse = await Api.Warehouse();
        var product = await Api.SerialsInStock(warehouse, 4m, "BG-0001", "BG-0002");
        var take = await counter.Api.StartStockTake(warehouse);
        var sheet = StockTakeTestApi.Count(await counter.Api.ExportCsv(take), r => r[3] == "BG-0002" ? "0" : "1");

        var response = await counter.Api.ImportCsv(take, StockTakeTestApi.Csv(sheet), background: true);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = (int)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
        JsonNode job;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(50);
            job = await Api.Get($"/api/jobs/{jobId}");
        } while ((string)job["status"]! is "Queued" or "Running" && DateTime.UtcNow < deadline);
        Assert.Equal("Succeeded", (string)job["status"]!);
        await counter.Api.CompleteStockTake(take);

        var stockTake = await Api.Get($"/api/stock-takes/{take}");
        var number = (string)stockTake["number"]!;
        Assert.Equal(counter.UserName, (string)stockTake["createdBy"]!);
        var log = await Api.AuditOf(number);
        Assert.Equal(["stock-take.started", "stock-take.sheet-exported", "stock-take.sheet-imported", "stock-take.completed"], log.Actions());
        Assert.All(log, e =>
        {
            Assert.Equal(counter.Id, (int?)e["userId"]);
            Assert.Equal(counter.UserName, (string)e["userName"]!);
        });
        Assert.Contains("1 missing", (string)log[2]["detail"]!);
        var missing = (await Api.Movements(product)).Single(m => (string)m!["sourceNumber"]! == number)!;
        Assert.Equal("BG-0002", (string)missing["serial"]!);
        Assert.Equal(counter.UserName, (string)missing["userName"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Every_document_names_who_made_it_and_each_action_writes_its_audit_line()
    {
        var buyer = await Factory.As("Purchasing");
        var stores = await Factory.As("Warehouse");
        var maker = await Factory.As("Production");
        var seller = await Factory.As("Sales");
        var main = await Api.Warehouse();
        var van = await Api.Warehouse();
        var unit = await buyer.Api.Product("Serial");
        var screws = await buyer.Api.Product("Fifo");
        var output = await buyer.Api.Product("Serial");
        var patched = await buyer.Api.Http.PatchAsJsonAsync($"/api/products/{screws}", new { costPrice = 0.06m, sellPrice = 0.2m });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var (order, lines) = await buyer.Api.ApprovedOrder(main, (unit, 4, 100m), (screws, 1000, 0.05m));
        await stores.Api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new object[] { ReceivingApi.Line(lines[0], 4, "DOC-0001..DOC-0004"), new { lineId = lines[1], quantity = 1000 } },
        });
        await stores.Api.PostOk($"/api/purchase-orders/{order}/serial-corrections", new { productId = unit, from = "DOC-0004", to = "DOC-0044" }, HttpStatusCode.OK);
        await buyer.Api.PostOk($"/api/purchase-orders/{order}/landed-costs", new { description = "Freight", amount = 40m }, HttpStatusCode.OK);
        await buyer.Api.PostOk($"/api/purchase-orders/{order}/complete", new { }, HttpStatusCode.OK);

        var project = await maker.Api.PostOk("/api/projects", new { name = "Pump refit" });
        var projectId = (int)project["id"]!;
        await maker.Api.PostOk($"/api/projects/{projectId}/materials", new { warehouseId = main, lines = new[] { new { productId = screws, quantity = 20 } } });
        await maker.Api.PostOk($"/api/projects/{projectId}/material-returns", new { warehouseId = main, lines = new[] { new { productId = screws, quantity = 5 } } });

        var job = await maker.Api.PostOk("/api/production-jobs", new { outputProductId = output, quantity = 1, warehouseId = main });
        var jobId = (int)job["id"]!;
        await maker.Api.PostOk($"/api/production-jobs/{jobId}/materials", new { warehouseId = main, lines = new object[] { new { productId = unit, quantity = 1, serials = new[] { "DOC-0001" } } } });
        await maker.Api.PostOk($"/api/production-jobs/{jobId}/complete", new { actualQuantity = 1, serials = new[] { "OUT-0001" } }, HttpStatusCode.OK);

        var sale = await seller.Api.NewSale(main, (unit, 2, 250m));
        await stores.Api.Dispatch(sale.Id, SalesTestApi.Line(sale.LineIds[0], 2, "DOC-0002", "DOC-0003"));
        await seller.Api.CustomerReturn(sale.Id, SalesTestApi.Line(sale.LineIds[0], 1, "DOC-0003"));
        var fifoSale = await seller.Api.NewSale(main, (screws, 100, 0.2m));
        await seller.Api.PostOk($"/api/stock-sales/{fifoSale.Id}/complete", new { }, HttpStatusCode.OK);

        var adjustment = await stores.Api.Adjust(main, StockDocumentsApi.Out(screws, 10), StockDocumentsApi.In(unit, 1, 90m, ["DOC-0100"]));
        var transfer = await stores.Api.Transfer(main, van, StockDocumentsApi.Moving(unit, 1, ["DOC-0044"]));

        Assert.Equal(maker.UserName, (string)(await Api.Get($"/api/projects/{projectId}"))["createdBy"]!);
        Assert.Equal(maker.UserName, (string)(await Api.Get("/api/projects")).AsArrayOf("items").Single(p => (int)p["id"]! == projectId)["createdBy"]!);
        Assert.Equal(maker.UserName, (string)(await Api.Get($"/api/production-jobs/{jobId}"))["createdBy"]!);
        Assert.Equal(maker.UserName, (string)(await Api.Get("/api/production-jobs")).AsArrayOf("items").Single(j => (int)j["id"]! == jobId)["createdBy"]!);
        Assert.Equal(seller.UserName, (string)(await Api.SaleById(sale.Id))["createdBy"]!);
        Assert.Equal(seller.UserName, (string)(await Api.Get("/api/stock-sales")).AsArrayOf("items").Single(s => (int)s["id"]! == sale.Id)["createdBy"]!);
        Assert.Equal(stores.UserName, (string)(await Api.Get($"/api/stock-adjustments/{(int)adjustment["id"]!}"))["createdBy"]!);
        Assert.Equal(stores.UserName, (string)adjustment["createdBy"]!);
        Assert.Equal(stores.UserName, (string)(await Api.Get($"/api/stock-transfers/{(int)transfer["id"]!}"))["createdBy"]!);

        var poNumber = (string)(await Api.Get($"/api/purchase-orders/{order}"))["number"]!;
        Assert.Equal(["purchase-order.created", "purchase-order.approved", "receipt.posted", "serial.corrected", "landed-cost.added", "purchase-order.completed"],
            (await Api.AuditOf(poNumber)).Actions());
        Assert.Contains("from DOC-0004 to DOC-0044", (string)(await Api.AuditOf(poNumber))[3]["detail"]!);
        Assert.Equal(["project.created", "materials.used", "materials.returned"], (await Api.AuditOf((string)project["number"]!)).Actions());
        Assert.Equal(["production-job.created", "materials.used", "production-job.completed"], (await Api.AuditOf((string)job["number"]!)).Actions());
        Assert.Contains("OUT-0001", (string)(await Api.AuditOf((string)job["number"]!))[2]["detail"]!);
        Assert.Equal(["stock-sale.created", "stock-sale.dispatched", "stock-sale.returned"], (await Api.AuditOf(sale.Number)).Actions());
        Assert.Equal([seller.UserName, stores.UserName, seller.UserName], (await Api.AuditOf(sale.Number)).Select(e => (string)e["userName"]!));
        Assert.Equal(["stock-sale.created", "stock-sale.completed"], (await Api.AuditOf(fifoSale.Number)).Actions());
        var adjusted = Assert.Single(await Api.AuditOf((string)adjustment["number"]!));
        Assert.Equal(("stock-adjustment.posted", "StockAdjustment"), ((string)adjusted["action"]!, (string)adjusted["documentType"]!));
        Assert.Contains("Out line 1", (string)adjusted["detail"]!);
        Assert.Contains("In line 2", (string)adjusted["detail"]!);
        Assert.Equal(["stock-transfer.posted"], (await Api.AuditOf((string)transfer["number"]!)).Actions());

        var skus = new List<string>();
        foreach (var product in new[] { unit, screws, output }) skus.Add((string)(await Api.Get($"/api/products/{product}"))["sku"]!);
        var catalog = (await Api.Audit($"userId={buyer.Id}")).Where(e => skus.Contains((string?)e["documentNumber"] ?? "")).Reverse().ToList();
        Assert.Equal(["product.created", "product.created", "product.created", "product.updated"], catalog.Actions());
        Assert.All(catalog, e => Assert.Equal("Product", (string)e["documentType"]!));
        Assert.Contains("cost price none → 0.06; sell price none → 0.20", (string)catalog[3]["detail"]!);
        Assert.Contains(await Api.Audit($"userId={buyer.Id}"), e => (string)e["action"]! == "supplier.created");
        await Api.AssertLedgerConsistent();
        Assert.Equal("reconciliation.run", (string)(await Api.Audit()).First()["action"]!);
    }

    [Fact]
    public void Every_audit_action_is_in_the_decisions_table()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Stocktrail.slnx"))) folder = folder.Parent;
        Assert.NotNull(folder);
        var decisions = File.ReadAllText(Path.Combine(folder.FullName, "docs", "decisions.md"));
        var table = decisions[decisions.IndexOf("## People and the audit log", StringComparison.Ordinal)..];
        Assert.All(Stocktrail.Features.Audit.AuditActions.All, action => Assert.Contains($"`{action}`", table));
    }

    private static string Between(string detail) => detail.Split('\'')[1];
}
