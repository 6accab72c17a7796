using System.Net;
using System.Text.RegularExpressions;
using Stocktrail.Tests.Infrastructure;
using static Stocktrail.Tests.Infrastructure.ReceivingApi;

namespace Stocktrail.Tests.Receiving;

public sealed class PurchaseOrderLifecycleTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task A_new_order_is_a_draft_with_an_automatic_number_and_line_ids()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");

        var order = await Api.PostOk("/api/purchase-orders", new
        {
            supplierId = await Api.Supplier(),
            warehouseId = warehouse,
            lines = new[] { new { productId = product, quantity = 5m, unitCost = 2m }, new { productId = product, quantity = 1m, unitCost = 3m } },
        });

        Assert.Equal("Draft", (string)order["status"]!);
        Assert.Matches(new Regex(@"^PO-\d{5,}$"), (string)order["number"]!);
        Assert.Equal($"PO-{(int)order["id"]!:D5}", (string)order["number"]!);
        var lines = order["lines"]!.AsArray();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.True((int)l!["id"]! > 0));
        Assert.All(lines, l => Assert.Equal(0m, (decimal)l!["receivedQuantity"]!));
        Assert.Equal(0m, await Api.OnHand(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task An_explicit_number_is_kept_and_a_duplicate_number_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var supplier = await Api.Supplier();
        var number = Api.Unique("ORDER");
        var body = new { supplierId = supplier, warehouseId = warehouse, number, lines = new[] { new { productId = product, quantity = 1m, unitCost = 1m } } };

        var order = await Api.PostOk("/api/purchase-orders", body);
        Assert.Equal(number, (string)order["number"]!);

        var problem = await Api.PostRefused("/api/purchase-orders", body, HttpStatusCode.Conflict);
        problem.Mentions(number, "already used");
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task An_explicit_number_in_the_automatic_style_does_not_block_automatic_numbering()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var supplier = await Api.Supplier();
        var lines = new[] { new { productId = product, quantity = 1m, unitCost = 1m } };
        var probe = await Api.PostOk("/api/purchase-orders", new { supplierId = supplier, warehouseId = warehouse, lines });
        // Take the numbers the next automatic orders would be given.
        var next = (int)probe["id"]! + 1;
        await Api.PostOk("/api/purchase-orders", new { supplierId = supplier, warehouseId = warehouse, number = $"PO-{next + 1:D5}", lines });

        var first = await Api.PostOk("/api/purchase-orders", new { supplierId = supplier, warehouseId = warehouse, lines });
        var second = await Api.PostOk("/api/purchase-orders", new { supplierId = supplier, warehouseId = warehouse, lines });

        Assert.NotEqual((string)first["number"]!, (string)second["number"]!);
        Assert.NotEqual($"PO-{next + 1:D5}", (string)first["number"]!);
        Assert.NotEqual($"PO-{next + 1:D5}", (string)second["number"]!);
        await Api.AssertLedgerConsistent();
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("PO\u0007BELL")]
    public async Task A_blank_or_control_character_order_number_is_refused(string number)
    {
        var product = await Api.Product("Fifo");
        var problem = await Api.PostRefused("/api/purchase-orders", new
        {
            supplierId = await Api.Supplier(), warehouseId = await Api.Warehouse(), number,
            lines = new[] { new { productId = product, quantity = 1m, unitCost = 1m } },
        }, HttpStatusCode.BadRequest);

        problem.Mentions("order number");
    }

    [Fact]
    public async Task An_order_with_bad_lines_reports_every_problem()
    {
        var product = await Api.Product("Serial");
        var problem = await Api.PostRefused("/api/purchase-orders", new
        {
            supplierId = 999999,
            warehouseId = 999999,
            lines = new[]
            {
                new { productId = product, quantity = 1.5m, unitCost = -1m },
                new { productId = 999999, quantity = 1m, unitCost = 1m },
                new { productId = product, quantity = 0m, unitCost = 1m },
            },
        }, HttpStatusCode.BadRequest);

        problem.Mentions("no supplier with id 999999", "no warehouse with id 999999", "Line 1", "whole", "cannot be negative",
            "Line 2: there is no product with id 999999", "Line 3", "more than zero");
    }

    [Fact]
    public async Task An_order_is_approved_received_in_parts_and_completed()
    {
        var warehouse = await Api.Warehouse();
        var serial = await Api.Product("Serial");
        var fifo = await Api.Product("Fifo");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (serial, 3, 10m), (fifo, 10, 2.5m));
        Assert.Equal("Approved", (string)(await Api.Order(order))["status"]!);

        var receipt = await Api.Receive(order, Line(lines[0], 1, "P-1"), Line(lines[1], 4));
        Assert.Equal("PartiallyReceived", (string)receipt["status"]!);
        Assert.Equal(1m, await Api.OnHand(serial, warehouse));
        Assert.Equal(4m, await Api.OnHand(fifo, warehouse));

        receipt = await Api.Receive(order, Line(lines[0], 2, "P-2", "P-3"));
        Assert.Equal("PartiallyReceived", (string)receipt["status"]!);
        receipt = await Api.Receive(order, Line(lines[1], 6));
        Assert.Equal("Received", (string)receipt["status"]!);

        var read = await Api.Order(order);
        Assert.Equal("Received", (string)read["status"]!);
        Assert.Equal(3m, (decimal)read["lines"]![0]!["receivedQuantity"]!);
        Assert.Equal(new[] { "P-1", "P-2", "P-3" }, read["lines"]![0]!["serials"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(10m, (decimal)read["lines"]![1]!["receivedQuantity"]!);
        Assert.Equal(3m, await Api.OnHand(serial, warehouse));
        Assert.Equal(30m, (decimal)(await Api.Stock(serial))["value"]!);
        Assert.Equal(10m, await Api.OnHand(fifo, warehouse));
        Assert.Equal(25m, (decimal)(await Api.Stock(fifo))["value"]!);
        Assert.Equal(2, (await Api.Movements(fifo)).Count);

        var again = await Api.ReceiveRefused(order, HttpStatusCode.Conflict, Line(lines[1], 1));
        again.Mentions("received in full");
        Assert.Equal(0m, (decimal)(await Api.Stock(fifo))["incoming"]!);

        var completed = await Api.PostOk($"/api/purchase-orders/{order}/complete", new { }, HttpStatusCode.OK);
        Assert.Equal("Completed", (string)completed["status"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Receiving_a_draft_order_is_refused_and_changes_nothing()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var order = await Api.PostOk("/api/purchase-orders", new
        {
            supplierId = await Api.Supplier(), warehouseId = warehouse,
            lines = new[] { new { productId = product, quantity = 1m, unitCost = 1m } },
        });
        var (id, lineId) = ((int)order["id"]!, (int)order["lines"]![0]!["id"]!);

        var problem = await Api.ReceiveRefused(id, HttpStatusCode.Conflict, Line(lineId, 1, "D-1"));

        problem.Mentions("Draft", "approve it");
        Assert.Equal(0m, await Api.OnHand(product));
        Assert.Empty(await Api.Serials(product));
        Assert.Equal(0m, (decimal)(await Api.Order(id))["lines"]![0]!["receivedQuantity"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Receiving_a_completed_order_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 10, 1m));
        await Api.Receive(order, Line(lines[0], 2));
        await Api.PostOk($"/api/purchase-orders/{order}/complete", new { }, HttpStatusCode.OK);

        var problem = await Api.ReceiveRefused(order, HttpStatusCode.Conflict, Line(lines[0], 1));

        problem.Mentions("Completed");
        Assert.Equal(2m, await Api.OnHand(product));
        await Api.Refused(HttpMethod.Post, $"/api/purchase-orders/{order}/complete", new { }, HttpStatusCode.Conflict);
        await Api.Refused(HttpMethod.Post, $"/api/purchase-orders/{order}/approve", new { }, HttpStatusCode.Conflict);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_line_id_of_another_order_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var (order, _) = await Api.ApprovedOrder(warehouse, (product, 10, 1m));
        var (_, otherLines) = await Api.ApprovedOrder(warehouse, (product, 10, 1m));

        var problem = await Api.ReceiveRefused(order, HttpStatusCode.BadRequest, Line(otherLines[0], 1));

        problem.Mentions($"line id {otherLines[0]} is not a line of");
        Assert.Equal(0m, await Api.OnHand(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Receiving_more_than_is_open_is_refused_also_across_two_lines_of_a_request()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 10, 1m));
        await Api.Receive(order, Line(lines[0], 7));

        var problem = await Api.ReceiveRefused(order, HttpStatusCode.Conflict, Line(lines[0], 4));
        problem.Mentions("only 3", "still open");

        problem = await Api.ReceiveRefused(order, HttpStatusCode.Conflict, Line(lines[0], 2), Line(lines[0], 2));
        problem.Mentions("Line 2", "only 1");

        Assert.Equal(7m, await Api.OnHand(product));
        Assert.Equal(7m, (decimal)(await Api.Order(order))["lines"]![0]!["receivedQuantity"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Unknown_orders_are_not_found()
    {
        await Api.Refused(HttpMethod.Get, "/api/purchase-orders/987654", null, HttpStatusCode.NotFound);
        await Api.Refused(HttpMethod.Post, "/api/purchase-orders/987654/approve", new { }, HttpStatusCode.NotFound);
        await Api.Refused(HttpMethod.Post, "/api/purchase-orders/987654/complete", new { }, HttpStatusCode.NotFound);
        await Api.ReceiveRefused(987654, HttpStatusCode.NotFound, Line(1, 1));
        await Api.PostRefused("/api/purchase-orders/987654/serial-corrections", new { productId = 1, from = "A", to = "B" }, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_empty_batch_on_a_batch_line_is_refused_without_a_server_error()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 5, 1m));

        var problem = await Api.PostRefused($"/api/purchase-orders/{order}/receipts",
            new { lines = new[] { new { lineId = lines[0], quantity = 5m, batches = new object?[] { null, new { batch = "B-1", quantity = 5m } } } } },
            HttpStatusCode.BadRequest);

        problem.Mentions("Line 1", "empty batch");
        Assert.Equal(0m, await Api.OnHand(product));
        await Api.AssertLedgerConsistent();
    }
}
