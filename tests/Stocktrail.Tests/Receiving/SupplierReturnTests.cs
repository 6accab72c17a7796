using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;
using static Stocktrail.Tests.Sales.SalesTestApi;

namespace Stocktrail.Tests.Receiving;

public sealed class SupplierReturnTests(StocktrailFactory factory) : ApiTest(factory)
{
    private Task<JsonNode> Return(int orderId, object body) => Api.PostOk($"/api/purchase-orders/{orderId}/returns", body);

    private Task<Problem> ReturnRefused(int orderId, object body, HttpStatusCode expected) =>
        Api.PostRefused($"/api/purchase-orders/{orderId}/returns", body, expected);

    private static object Batches(int lineId, params (string Batch, decimal Quantity)[] batches) =>
        new { lineId, quantity = batches.Sum(b => b.Quantity), batches = batches.Select(b => new { batch = b.Batch, quantity = b.Quantity }) };

    [Fact]
    public async Task A_returned_serial_leaves_stock_at_its_own_cost_and_its_history_says_it_went_back_to_the_supplier()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (faulty, kept) = (Api.Unique("SN"), Api.Unique("SN"));
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 2, 40m));
        await Api.Receive(order, ReceivingApi.Line(lines[0], 2, faulty, kept));
        await Api.PostOk($"/api/purchase-orders/{order}/landed-costs", new { description = "Freight", amount = 10m }, HttpStatusCode.OK);

        var returned = await Return(order, new { reason = "Dead on arrival", lines = new[] { ReceivingApi.Line(lines[0], 1, faulty.ToLowerInvariant()) } });

        Assert.Equal(45m, (decimal)returned["totalCost"]!);
        Assert.Equal(warehouse, (int)returned["warehouseId"]!);
        Assert.Equal("Dead on arrival", (string)returned["reason"]!);
        var line = returned["lines"]![0]!;
        Assert.Equal(new[] { faulty }, line["serials"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(1m, (decimal)line["returnedQuantity"]!);

        var unit = await Api.Serial(product, faulty);
        Assert.Equal("Out", (string)unit["status"]!);
        Assert.Equal("ReturnedToSupplier", (string)unit["disposition"]!);
        Assert.Null(unit["warehouseId"]);
        var last = unit["history"]!.AsArray().Last()!;
        Assert.Equal("ReturnedToSupplier", (string)last["kind"]!);
        Assert.Equal(-1m, (decimal)last["quantity"]!);
        Assert.Equal(45m, (decimal)last["unitCost"]!);
        Assert.Contains("Returned to Supplier-", (string)last["description"]!);
        Assert.Contains("(Dead on arrival)", (string)last["description"]!);

        var orderNow = await Api.Order(order);
        var orderLine = orderNow["lines"]![0]!;
        Assert.Equal(2m, (decimal)orderLine["receivedQuantity"]!);
        Assert.Equal(1m, (decimal)orderLine["returnedQuantity"]!);
        Assert.Equal(new[] { kept }, orderLine["serials"]!.AsArray().Select(s => (string)s!));
        Assert.Equal("Received", (string)orderNow["status"]!);
        var onOrder = orderNow["returns"]!.AsArray().Single()!;
        Assert.Equal(45m, (decimal)onOrder["totalCost"]!);
        Assert.Equal(new[] { faulty }, onOrder["lines"]![0]!["serials"]!.AsArray().Select(s => (string)s!));

        Assert.Equal(1m, await Api.OnHand(product, warehouse));
        Assert.Equal(45m, (decimal)(await Api.Stock(product))["value"]!);
        var costOfGoods = await Api.Get("/api/reports/cost-of-goods");
        Assert.DoesNotContain(costOfGoods["items"]!.AsArray(), i => (int)i!["productId"]! == product);
        var audit = await Api.Get("/api/audit");
        Assert.Contains(audit["items"]!.AsArray(), a => (string)a!["action"]! == "supplier-return.posted" && ((string)a["detail"]!).Contains(faulty));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Batch_stock_goes_back_at_the_cost_of_the_layers_that_came_on_that_order()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch");
        var (first, firstLines) = await Api.ApprovedOrder(warehouse, (product, 10, 5m));
        await Api.Receive(first, Batches(firstLines[0], ("LOT-A", 10)));
        var (second, secondLines) = await Api.ApprovedOrder(warehouse, (product, 10, 8m));
        await Api.Receive(second, Batches(secondLines[0], ("LOT-A", 6), ("LOT-B", 4)));

        var returned = await Return(second, new { lines = new[] { Batches(secondLines[0], ("lot-a", 4), ("LOT-B", 1)) } });

        Assert.Equal(40m, (decimal)returned["totalCost"]!);
        Assert.Equal(new[] { ("LOT-A", 4m), ("LOT-B", 1m) },
            returned["lines"]![0]!["batches"]!.AsArray().Select(b => ((string)b!["batch"]!, (decimal)b["quantity"]!)));
        Assert.Equal(15m, await Api.OnHand(product, warehouse));
        Assert.Equal(10 * 5m + 2 * 8m + 3 * 8m, (decimal)(await Api.Stock(product))["value"]!);
        var value = await Api.Get($"/api/reports/stock-value?warehouseId={warehouse}");
        Assert.Equal(90m, value["items"]!.AsArray().Where(i => (int)i!["productId"]! == product).Sum(i => (decimal)i!["value"]!));
        var rows = (await Api.Movements(product)).Where(m => (string)m!["description"]! is var d && d.StartsWith("Returned to")).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(8m, (decimal)r!["unitCost"]!));
        Assert.Equal(5m, (decimal)(await Api.Order(second))["lines"]![0]!["returnedQuantity"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Fifo_stock_goes_back_from_that_orders_layer_not_the_oldest()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var (first, firstLines) = await Api.ApprovedOrder(warehouse, (product, 5, 10m));
        await Api.Receive(first, ReceivingApi.Line(firstLines[0], 5));
        var (second, secondLines) = await Api.ApprovedOrder(warehouse, (product, 5, 20m));
        await Api.Receive(second, ReceivingApi.Line(secondLines[0], 5));

        var returned = await Return(second, new { lines = new[] { ReceivingApi.Line(secondLines[0], 2) } });

        Assert.Equal(40m, (decimal)returned["totalCost"]!);
        Assert.Equal(8m, await Api.OnHand(product, warehouse));
        Assert.Equal(5 * 10m + 3 * 20m, (decimal)(await Api.Stock(product))["value"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Every_problem_of_a_return_is_named_at_once_and_nothing_changes()
    {
        var (warehouse, elsewhere) = (await Api.Warehouse(), await Api.Warehouse());
        var product = await Api.Product("Serial");
        var (gone, moved, fine, stranger) = (Api.Unique("SN"), Api.Unique("SN"), Api.Unique("SN"), Api.Unique("SN"));
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 3, 10m));
        await Api.Receive(order, ReceivingApi.Line(lines[0], 3, gone, moved, fine));
        var (otherOrder, otherLines) = await Api.ApprovedOrder(warehouse, (product, 1, 10m));
        await Api.Receive(otherOrder, ReceivingApi.Line(otherLines[0], 1, stranger));
        var sale = await Api.NewSale(warehouse, (product, 1, 30m));
        await Api.Dispatch(sale.Id, Line(sale.LineIds[0], 1, gone));
        await Api.PostOk("/api/stock-transfers", new { fromWarehouseId = warehouse, toWarehouseId = elsewhere, lines = new[] { new { productId = product, quantity = 1, serials = new[] { moved } } } });
        var fifo = await Api.Product("Fifo");
        var (fifoOrder, fifoLines) = await Api.ApprovedOrder(warehouse, (fifo, 4, 2m));
        await Api.Receive(fifoOrder, ReceivingApi.Line(fifoLines[0], 4));
        await Return(fifoOrder, new { lines = new[] { ReceivingApi.Line(fifoLines[0], 3) } });
        var before = await Api.Snapshot(product, order);

        var problem = await ReturnRefused(order, new
        {
            lines = new object[] { ReceivingApi.Line(lines[0], 4, gone, moved, stranger, fine), ReceivingApi.Line(9999, 1) },
        }, HttpStatusCode.BadRequest);

        problem.Mentions($"serial {gone} came in on", "no longer in stock");
        problem.Mentions($"serial {moved} is in stock in warehouse", "transfer it first");
        problem.Mentions($"serial {stranger} came in on PO-", "not on PO-");
        problem.Mentions("has 3 received and not yet returned", "4 cannot be returned");
        problem.Mentions("line id 9999 is not a line of");
        Assert.Equal(new[] { gone, moved, stranger }.Order(), problem.Errors.Where(e => e["serial"] is not null).Select(e => (string)e["serial"]!).Order());
        Assert.Equal(before, await Api.Snapshot(product, order));

        var more = await ReturnRefused(fifoOrder, new { lines = new[] { ReceivingApi.Line(fifoLines[0], 2) } }, HttpStatusCode.Conflict);
        more.Mentions("has 1 received and not yet returned (received 4, returned 3); 2 cannot be returned");
        Assert.Equal(1m, await Api.OnHand(fifo, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_serial_goes_back_once_and_comes_in_again_as_the_same_unit_on_a_new_order()
    {
        var warehouse = await Api.Warehouse();
        var serial = Api.Unique("SN");
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 1, 30m));
        await Api.Receive(order, ReceivingApi.Line(lines[0], 1, serial));
        var id = (long)(await Api.Serial(product, serial))["id"]!;
        await Return(order, new { lines = new[] { ReceivingApi.Line(lines[0], 1, serial) } });

        var again = await ReturnRefused(order, new { lines = new[] { ReceivingApi.Line(lines[0], 1, serial) } }, HttpStatusCode.Conflict);
        again.Mentions("has 0 received and not yet returned");
        again.Mentions($"serial {serial} has already gone back to the supplier on");

        await Api.ReceiveSerials(product, warehouse, 32m, serial);
        var back = await Api.Serial(product, serial);
        Assert.Equal(id, (long)back["id"]!);
        Assert.Equal("InStock", (string)back["status"]!);
        Assert.Null(back["disposition"]);
        Assert.Equal(new[] { "Received", "ReturnedToSupplier", "Received" }, back["history"]!.AsArray().Select(h => (string)h!["kind"]!));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_unit_in_another_warehouse_goes_back_from_there_and_a_completed_order_still_takes_returns()
    {
        var (warehouse, elsewhere) = (await Api.Warehouse(), await Api.Warehouse());
        var serial = Api.Unique("SN");
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 1, 30m));
        await Api.Receive(order, ReceivingApi.Line(lines[0], 1, serial));
        await Api.PostOk($"/api/purchase-orders/{order}/complete", new { }, HttpStatusCode.OK);
        await Api.PostOk("/api/stock-transfers", new { fromWarehouseId = warehouse, toWarehouseId = elsewhere, lines = new[] { new { productId = product, quantity = 1, serials = new[] { serial } } } });

        var returned = await Return(order, new { warehouseId = elsewhere, lines = new[] { ReceivingApi.Line(lines[0], 1, serial) } });

        Assert.Equal(elsewhere, (int)returned["warehouseId"]!);
        Assert.Equal("Completed", (string)returned["status"]!);
        Assert.Equal(0m, await Api.OnHand(product));
        var last = (await Api.Serial(product, serial))["history"]!.AsArray().Last()!;
        Assert.Equal(elsewhere, (int)last["warehouseId"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_return_sent_twice_with_one_idempotency_key_goes_back_once()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 5, 3m));
        await Api.Receive(order, ReceivingApi.Line(lines[0], 5));
        var key = Guid.NewGuid().ToString();

        async Task<string> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/purchase-orders/{order}/returns")
                { Content = JsonContent.Create(new { lines = new[] { ReceivingApi.Line(lines[0], 2) } }) };
            request.Headers.Add("Idempotency-Key", key);
            var response = await Api.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        Assert.Equal(await Send(), await Send());
        Assert.Equal(3m, await Api.OnHand(product, warehouse));
        Assert.Equal(2m, (decimal)(await Api.Order(order))["lines"]![0]!["returnedQuantity"]!);
    }

    [Fact]
    public async Task A_return_on_an_unknown_order_or_from_an_unknown_warehouse_is_not_found()
    {
        (await ReturnRefused(999999, new { lines = new[] { ReceivingApi.Line(1, 1) } }, HttpStatusCode.NotFound)).Mentions("There is no purchase order with id 999999");
        var warehouse = await Api.Warehouse();
        var (order, lines) = await Api.ApprovedOrder(warehouse, (await Api.Product("Fifo"), 5, 3m));
        await Api.Receive(order, ReceivingApi.Line(lines[0], 5));
        (await ReturnRefused(order, new { warehouseId = 999999, lines = new[] { ReceivingApi.Line(lines[0], 1) } }, HttpStatusCode.NotFound))
            .Mentions("There is no warehouse with id 999999");
        (await ReturnRefused(order, new { lines = Array.Empty<object>() }, HttpStatusCode.BadRequest)).Mentions("A supplier return needs at least one line");
    }
}
