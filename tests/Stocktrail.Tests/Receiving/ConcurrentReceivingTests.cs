using System.Net;
using System.Net.Http.Json;
using Stocktrail.Tests.Infrastructure;
using static Stocktrail.Tests.Infrastructure.ReceivingApi;

namespace Stocktrail.Tests.Receiving;

public sealed class ConcurrentReceivingTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task Two_simultaneous_receipts_of_the_same_serial_let_exactly_one_through()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        for (var round = 0; round < 5; round++)
        {
            var serial = Api.Unique("RACE");
            var (first, firstLines) = await Api.ApprovedOrder(warehouse, (product, 2, 10m));
            var (second, secondLines) = await Api.ApprovedOrder(warehouse, (product, 2, 10m));

            var responses = await Task.WhenAll(
                Api.Http.PostAsJsonAsync($"/api/purchase-orders/{first}/receipts", new { lines = new[] { Line(firstLines[0], 2, serial, $"{serial}-A") } }),
                Api.Http.PostAsJsonAsync($"/api/purchase-orders/{second}/receipts", new { lines = new[] { Line(secondLines[0], 2, serial, $"{serial}-B") } }));

            var codes = responses.Select(r => r.StatusCode).Order().ToArray();
            var bodies = string.Join(" | ", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync())));
            Assert.True(codes.SequenceEqual([HttpStatusCode.Created, HttpStatusCode.Conflict]), $"Round {round}: {string.Join(", ", codes)}: {bodies}");
            var refused = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains(serial, await refused.Content.ReadAsStringAsync());

            var unit = await Api.Serial(product, serial);
            Assert.Equal("InStock", (string)unit["status"]!);
            Assert.Single(unit["history"]!.AsArray());
            var loser = responses[0].StatusCode == HttpStatusCode.Conflict ? (first, "A") : (second, "B");
            Assert.Equal(0m, (decimal)(await Api.Order(loser.Item1))["lines"]![0]!["receivedQuantity"]!);
            Assert.Equal(404, (int)(await Api.Http.GetAsync($"/api/products/{product}/serials/{serial}-{loser.Item2}")).StatusCode);
            Assert.Equal(2m * (round + 1), await Api.OnHand(product, warehouse));
            await Api.AssertLedgerConsistent();
        }
    }

    [Fact]
    public async Task Two_simultaneous_receipts_of_the_last_open_unit_of_a_line_let_exactly_one_through()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        for (var round = 0; round < 5; round++)
        {
            var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 1, 3m));
            var (a, b) = (Api.Unique("LAST"), Api.Unique("LAST"));

            var responses = await Task.WhenAll(
                Api.Http.PostAsJsonAsync($"/api/purchase-orders/{order}/receipts", new { lines = new[] { Line(lines[0], 1, a) } }),
                Api.Http.PostAsJsonAsync($"/api/purchase-orders/{order}/receipts", new { lines = new[] { Line(lines[0], 1, b) } }));

            var codes = responses.Select(r => r.StatusCode).Order().ToArray();
            var bodies = string.Join(" | ", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync())));
            Assert.True(codes.SequenceEqual([HttpStatusCode.Created, HttpStatusCode.Conflict]), $"Round {round}: {string.Join(", ", codes)}: {bodies}");
            var read = await Api.Order(order);
            Assert.Equal("Received", (string)read["status"]!);
            Assert.Equal(1m, (decimal)read["lines"]![0]!["receivedQuantity"]!);
            Assert.Single(read["lines"]![0]!["serials"]!.AsArray());
            Assert.Equal(round + 1m, await Api.OnHand(product, warehouse));
            await Api.AssertLedgerConsistent();
        }
    }
}
