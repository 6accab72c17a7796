using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Sales;
using Stocktrail.Tests.StockTakes;

namespace Stocktrail.Tests.Users;

/// <summary>
/// Every row of the role table in API.md, for every role: the roles that may make the change get it made; every other
/// role gets 403 problem+json naming its role and the action, and not one row of the database changes.
/// </summary>
public sealed class RoleTableTests(StocktrailFactory factory) : ApiTest(factory)
{
    private static readonly string[] Roles = ["Administrator", "Purchasing", "Warehouse", "Production", "Sales", "Viewer"];

    /// <summary>A change as a role would send it, made valid by the Administrator's set-up.</summary>
    private sealed record Change(HttpMethod Method, string Path, HttpContent? Body = null);

    private static HttpContent Json(object body) => JsonContent.Create(body);

    /// <summary>The role table: each change, the roles that may make it (as API.md lists them), and its set-up.</summary>
    private static readonly Dictionary<string, (string[] Allowed, Func<Api, Task<Change>> Setup)> Table = new()
    {
        ["create a product"] = (["Administrator", "Purchasing"], async _ =>
            new Change(HttpMethod.Post, "/api/products", Json(new { sku = Api.Unique("SKU"), name = "New", trackingType = "Fifo" }))),
        ["update a product"] = (["Administrator", "Purchasing"], async a =>
            new Change(HttpMethod.Patch, $"/api/products/{await a.Product("Fifo")}", Json(new { name = "Renamed" }))),
        ["change a batch's expiry date"] = (["Administrator", "Warehouse"], async a =>
        {
            var product = await a.Product("Batch");
            await Batches.BatchTestApi.ReceiveBatches(a, await a.Warehouse(), product, 1m, ("LOT-R", 1));
            return new Change(HttpMethod.Patch, $"/api/products/{product}/batches/LOT-R", Json(new { expiresOn = "2030-01-31" }));
        }),
        ["set a product's bill of materials"] = (["Administrator", "Purchasing"], async a =>
            new Change(HttpMethod.Put, $"/api/products/{await a.Product("Serial")}/bill-of-materials",
                Json(new { lines = new[] { new { productId = await a.Product("Fifo"), quantity = 2 } } }))),
        ["create a supplier"] = (["Administrator", "Purchasing"], async _ => new Change(HttpMethod.Post, "/api/suppliers", Json(new { name = Api.Unique("S") }))),
        ["create a customer"] = (["Administrator", "Sales"], async _ => new Change(HttpMethod.Post, "/api/customers", Json(new { name = Api.Unique("C") }))),
        ["create a warehouse"] = (["Administrator"], async _ => new Change(HttpMethod.Post, "/api/warehouses", Json(new { code = Api.Unique("W"), name = "W" }))),
        ["create a user"] = (["Administrator"], async _ =>
            new Change(HttpMethod.Post, "/api/users", Json(new { userName = Api.Unique("u").ToLowerInvariant(), role = "Viewer" }))),
        ["change a user"] = (["Administrator"], async a =>
        {
            var user = await a.PostOk("/api/users", new { userName = Api.Unique("u").ToLowerInvariant(), role = "Viewer" });
            return new Change(HttpMethod.Patch, $"/api/users/{user["id"]}", Json(new { role = "Sales" }));
        }),
        ["make another user's API key"] = (["Administrator"], async a =>
        {
            var user = await a.PostOk("/api/users", new { userName = Api.Unique("u").ToLowerInvariant(), role = "Viewer" });
            return new Change(HttpMethod.Post, $"/api/users/{user["id"]}/api-keys", Json(new { name = "Theirs" }));
        }),
        ["revoke another user's API key"] = (["Administrator"], async a =>
        {
            var user = await a.PostOk("/api/users", new { userName = Api.Unique("u").ToLowerInvariant(), role = "Viewer" });
            var key = await a.PostOk($"/api/users/{user["id"]}/api-keys", new { name = "Theirs" });
            return new Change(HttpMethod.Delete, $"/api/api-keys/{key["id"]}");
        }),
        ["run the reconciliation"] = (["Administrator"], async _ => new Change(HttpMethod.Post, "/api/admin/reconcile", Json(new { }))),
        ["make the stock snapshots"] = (["Administrator"], async _ => new Change(HttpMethod.Post, "/api/admin/stock-snapshots", Json(new { }))),
        ["read the audit log"] = (["Administrator"], async _ => new Change(HttpMethod.Get, "/api/audit")),
        ["list the users"] = (["Administrator"], async _ => new Change(HttpMethod.Get, "/api/users")),
        ["register a webhook"] = (["Administrator"], async _ =>
            new Change(HttpMethod.Post, "/api/webhooks", Json(new { url = "http://127.0.0.1:5149/hook", events = new[] { "document.posted" } }))),
        ["change a webhook"] = (["Administrator"], async a =>
        {
            var hook = await a.PostOk("/api/webhooks", new { url = "http://127.0.0.1:5149/hook", events = new[] { "document.posted" } });
            return new Change(HttpMethod.Patch, $"/api/webhooks/{hook["id"]}", Json(new { isActive = false }));
        }),
        ["delete a webhook"] = (["Administrator"], async a =>
        {
            var hook = await a.PostOk("/api/webhooks", new { url = "http://127.0.0.1:5149/hook", events = new[] { "document.posted" } });
            return new Change(HttpMethod.Delete, $"/api/webhooks/{hook["id"]}");
        }),
        ["list the webhooks"] = (["Administrator"], async _ => new Change(HttpMethod.Get, "/api/webhooks")),
        ["list a webhook's deliveries"] = (["Administrator"], async a =>
        {
            var hook = await a.PostOk("/api/webhooks", new { url = "http://127.0.0.1:5149/hook", events = new[] { "document.posted" } });
            return new Change(HttpMethod.Get, $"/api/webhooks/{hook["id"]}/deliveries");
        }),
        ["create a purchase order"] = (["Administrator", "Purchasing"], async a => new Change(HttpMethod.Post, "/api/purchase-orders",
            Json(new { supplierId = await a.Supplier(), warehouseId = await a.Warehouse(), lines = new[] { new { productId = await a.Product("Fifo"), quantity = 5, unitCost = 2 } } }))),
        ["approve a purchase order"] = (["Administrator", "Purchasing"], async a =>
        {
            var order = await a.PostOk("/api/purchase-orders", new { supplierId = await a.Supplier(), warehouseId = await a.Warehouse(), lines = new[] { new { productId = await a.Product("Fifo"), quantity = 5, unitCost = 2 } } });
            return new Change(HttpMethod.Post, $"/api/purchase-orders/{order["id"]}/approve", Json(new { }));
        }),
        ["complete a purchase order"] = (["Administrator", "Purchasing"], async a =>
        {
            var (order, _) = await a.ApprovedOrder(await a.Warehouse(), (await a.Product("Fifo"), 5, 2));
            return new Change(HttpMethod.Post, $"/api/purchase-orders/{order}/complete", Json(new { }));
        }),
        ["add a landed cost"] = (["Administrator", "Purchasing"], async a =>
        {
            var (order, lines) = await a.ApprovedOrder(await a.Warehouse(), (await a.Product("Fifo"), 5, 2));
            await a.Receive(order, ReceivingApi.Line(lines[0], 5));
            return new Change(HttpMethod.Post, $"/api/purchase-orders/{order}/landed-costs", Json(new { description = "Freight", amount = 10 }));
        }),
        ["return units to the supplier"] = (["Administrator", "Purchasing"], async a =>
        {
            var (order, lines) = await a.ApprovedOrder(await a.Warehouse(), (await a.Product("Fifo"), 5, 2));
            await a.Receive(order, ReceivingApi.Line(lines[0], 5));
            return new Change(HttpMethod.Post, $"/api/purchase-orders/{order}/returns", Json(new { reason = "Faulty", lines = new[] { new { lineId = lines[0], quantity = 2 } } }));
        }),
        ["receive a purchase order"] = (["Administrator", "Purchasing", "Warehouse"], async a =>
        {
            var (order, lines) = await a.ApprovedOrder(await a.Warehouse(), (await a.Product("Serial"), 2, 2));
            return new Change(HttpMethod.Post, $"/api/purchase-orders/{order}/receipts", Json(new { lines = new[] { ReceivingApi.Line(lines[0], 2, "RT-1", "RT-2") } }));
        }),
        ["correct a received serial"] = (["Administrator", "Purchasing", "Warehouse"], async a =>
        {
            var product = await a.Product("Serial");
            var (order, lines) = await a.ApprovedOrder(await a.Warehouse(), (product, 1, 2));
            await a.Receive(order, ReceivingApi.Line(lines[0], 1, "TYPO-1"));
            return new Change(HttpMethod.Post, $"/api/purchase-orders/{order}/serial-corrections", Json(new { productId = product, from = "TYPO-1", to = "FIXED-1" }));
        }),
        ["propose serial numbers from a pattern"] = (["Administrator", "Purchasing", "Warehouse"], async a =>
        {
            var product = await a.PostOk("/api/products", new { sku = Api.Unique("SKU"), name = "Patterned", trackingType = "Serial", serialPattern = "RT-{0000}" });
            return new Change(HttpMethod.Post, $"/api/products/{product["id"]}/serial-numbers", Json(new { count = 2 }));
        }),
        ["create a project"] = (["Administrator", "Warehouse", "Production"], async _ => new Change(HttpMethod.Post, "/api/projects", Json(new { name = Api.Unique("P") }))),
        ["use materials on a project"] = (["Administrator", "Warehouse", "Production"], async a =>
        {
            var warehouse = await a.Warehouse();
            var product = await a.FifoInStock(warehouse, (10, 1));
            var project = await a.PostOk("/api/projects", new { name = Api.Unique("P") });
            return new Change(HttpMethod.Post, $"/api/projects/{project["id"]}/materials", Json(new { warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 2 } } }));
        }),
        ["return materials from a project"] = (["Administrator", "Warehouse", "Production"], async a =>
        {
            var warehouse = await a.Warehouse();
            var product = await a.FifoInStock(warehouse, (10, 1));
            var project = await a.PostOk("/api/projects", new { name = Api.Unique("P") });
            var lines = new { warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 2 } } };
            await a.PostOk($"/api/projects/{project["id"]}/materials", lines);
            return new Change(HttpMethod.Post, $"/api/projects/{project["id"]}/material-returns", Json(lines));
        }),
        ["create a production job"] = (["Administrator", "Warehouse", "Production"], async a => new Change(HttpMethod.Post, "/api/production-jobs",
            Json(new { outputProductId = await a.Product("Fifo"), quantity = 1, warehouseId = await a.Warehouse() }))),
        ["use materials on a production job"] = (["Administrator", "Warehouse", "Production"], async a =>
        {
            var warehouse = await a.Warehouse();
            var product = await a.FifoInStock(warehouse, (10, 1));
            var job = await a.PostOk("/api/production-jobs", new { outputProductId = await a.Product("Fifo"), quantity = 1, warehouseId = warehouse });
            return new Change(HttpMethod.Post, $"/api/production-jobs/{job["id"]}/materials", Json(new { warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 2 } } }));
        }),
        ["complete a production job"] = (["Administrator", "Warehouse", "Production"], async a =>
        {
            var warehouse = await a.Warehouse();
            var product = await a.FifoInStock(warehouse, (10, 1));
            var job = await a.PostOk("/api/production-jobs", new { outputProductId = await a.Product("Fifo"), quantity = 1, warehouseId = warehouse });
            await a.PostOk($"/api/production-jobs/{job["id"]}/materials", new { warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 2 } } });
            return new Change(HttpMethod.Post, $"/api/production-jobs/{job["id"]}/complete", Json(new { actualQuantity = 1 }));
        }),
        ["create a stock sale"] = (["Administrator", "Sales"], async a => new Change(HttpMethod.Post, "/api/stock-sales",
            Json(new { customerId = await a.Customer(), warehouseId = await a.Warehouse(), lines = new[] { new { productId = await a.Product("Fifo"), quantity = 1, unitPrice = 5 } } }))),
        ["complete a stock sale"] = (["Administrator", "Sales"], async a =>
        {
            var warehouse = await a.Warehouse();
            var sale = await a.NewSale(warehouse, (await a.FifoInStock(warehouse, (10, 1)), 3, 5));
            return new Change(HttpMethod.Post, $"/api/stock-sales/{sale.Id}/complete", Json(new { }));
        }),
        ["dispatch a sale"] = (["Administrator", "Warehouse", "Sales"], async a =>
        {
            var warehouse = await a.Warehouse();
            var sale = await a.NewSale(warehouse, (await a.FifoInStock(warehouse, (10, 1)), 3, 5));
            return new Change(HttpMethod.Post, $"/api/stock-sales/{sale.Id}/dispatches", Json(new { lines = new[] { SalesTestApi.Line(sale.LineIds[0], 3) } }));
        }),
        ["take a customer return"] = (["Administrator", "Warehouse", "Sales"], async a =>
        {
            var warehouse = await a.Warehouse();
            var sale = await a.NewSale(warehouse, (await a.FifoInStock(warehouse, (10, 1)), 3, 5));
            await a.Dispatch(sale.Id, SalesTestApi.Line(sale.LineIds[0], 3));
            return new Change(HttpMethod.Post, $"/api/stock-sales/{sale.Id}/returns", Json(new { lines = new[] { SalesTestApi.Line(sale.LineIds[0], 1) } }));
        }),
        ["adjust stock"] = (["Administrator", "Warehouse"], async a => new Change(HttpMethod.Post, "/api/stock-adjustments",
            Json(new { warehouseId = await a.Warehouse(), reason = "Found", lines = new[] { new { productId = await a.Product("Fifo"), direction = "In", quantity = 4, unitCost = 1 } } }))),
        ["transfer stock"] = (["Administrator", "Warehouse"], async a =>
        {
            var from = await a.Warehouse();
            var product = await a.FifoInStock(from, (10, 1));
            return new Change(HttpMethod.Post, "/api/stock-transfers",
                Json(new { fromWarehouseId = from, toWarehouseId = await a.Warehouse(), lines = new[] { new { productId = product, quantity = 4 } } }));
        }),
        ["start a stock take"] = (["Administrator", "Warehouse"], async a => new Change(HttpMethod.Post, "/api/stock-takes", Json(new { warehouseId = await a.Warehouse() }))),
        ["mark and export a count sheet"] = (["Administrator", "Warehouse"], async a =>
        {
            var warehouse = await a.Warehouse();
            await a.FifoInStock(warehouse, (10, 1));
            return new Change(HttpMethod.Post, $"/api/stock-takes/{await a.StartStockTake(warehouse)}/sheet/mark?format=csv");
        }),
        ["import a count sheet"] = (["Administrator", "Warehouse"], async a =>
        {
            var warehouse = await a.Warehouse();
            await a.FifoInStock(warehouse, (10, 1));
            var take = await a.StartStockTake(warehouse);
            var sheet = StockTakeTestApi.Count(await a.ExportCsv(take), _ => "9");
            return new Change(HttpMethod.Post, $"/api/stock-takes/{take}/sheet", new StringContent(StockTakeTestApi.Csv(sheet), Encoding.UTF8, "text/csv"));
        }),
        ["complete a stock take"] = (["Administrator", "Warehouse"], async a =>
        {
            var warehouse = await a.Warehouse();
            await a.FifoInStock(warehouse, (10, 1));
            var take = await a.StartStockTake(warehouse);
            await a.ImportCsvOk(take, StockTakeTestApi.Csv(StockTakeTestApi.Count(await a.ExportCsv(take), _ => "9")));
            return new Change(HttpMethod.Post, $"/api/stock-takes/{take}/complete", Json(new { }));
        }),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var change in Table.Keys)
            foreach (var role in Roles)
                data.Add(change, role);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_role_may_make_exactly_the_changes_its_row_of_the_role_table_allows(string change, string role)
    {
        var (allowed, setup) = Table[change];
        var request = await setup(Api);
        using var client = await Factory.ClientAsAsync(role);
        var before = await DatabaseFingerprint.OfAsync(Factory.DatabasePath);

        var response = await client.SendAsync(new HttpRequestMessage(request.Method, request.Path) { Content = request.Body });
        var text = await response.Content.ReadAsStringAsync();

        if (allowed.Contains(role))
        {
            Assert.True(response.IsSuccessStatusCode, $"{role} may {change}, but {request.Method} {request.Path} answered {(int)response.StatusCode}: {text}");
            // The cases share one database: work this change queued must not land in the next case's comparison.
            await BackgroundJobsIdle.UntilIdleAsync(Factory.Services);
            return;
        }
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{role} may not {change}, but {request.Method} {request.Path} answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (string)JsonNode.Parse(text)!["detail"]!;
        Assert.Contains($"The role {role} may not ", detail);
        Assert.Contains("that needs Administrator", detail);
        DatabaseFingerprint.AssertSame(before, await DatabaseFingerprint.OfAsync(Factory.DatabasePath), $"A refused {request.Method} {request.Path} by {role}");
    }

    [Fact]
    public async Task Every_role_may_read_stock_documents_and_reports()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.FifoInStock(warehouse, (10, 1));
        foreach (var role in Roles)
        {
            using var client = await Factory.ClientAsAsync(role);
            foreach (var path in new[] { $"/api/products/{product}/stock", $"/api/products/{product}/movements", "/api/stock", "/api/warehouses", "/api/reports/stock-value", "/api/me" })
            {
                var response = await client.GetAsync(path);
                Assert.True(response.IsSuccessStatusCode, $"{role}: GET {path} answered {(int)response.StatusCode}");
            }
            var me = JsonNode.Parse(await client.GetStringAsync("/api/me"))!;
            Assert.Equal(role, (string)me["role"]!);
        }
    }
}
