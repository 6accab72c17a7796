using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Sales;
using static Stocktrail.Tests.Infrastructure.ReceivingApi;

namespace Stocktrail.Tests.Receiving;

/// <summary>
/// The walks of a large document line, shared by the SQLite and PostgreSQL tests: a document's answer lists the first
/// 1,000 serials of a line with its count and where the rest are, and the line's serials endpoint pages through all of
/// them, each once, in the order they were posted.
/// </summary>
public sealed class LineSerialsChecks(Api Api)
{
    public const int Listed = 1_000;

    private static List<string> Serials(JsonNode line) => line["serials"]!.AsArray().Select(s => (string)s!).ToList();

    public static List<string> Range(string prefix, int count) => Enumerable.Range(1, count).Select(n => $"{prefix}{n:00000}").ToList();

    /// <summary>Every page from <paramref name="after"/> on, by next; the serials in the order the pages gave them.</summary>
    public async Task<List<string>> WalkAsync(string path, string? after = null, int? pageSize = null)
    {
        var serials = new List<string>();
        for (var pages = 0; pages < 1_000; pages++)
        {
            var query = string.Join("&", new[] { after is null ? null : $"after={after}", pageSize is null ? null : $"pageSize={pageSize}" }.Where(q => q != null));
            var page = await Api.Get(query.Length == 0 ? path : $"{path}?{query}");
            serials.AddRange(page["items"]!.AsArray().Select(i => (string)i!["serial"]!));
            after = (string?)page["next"];
            if (after is null) return serials;
        }
        throw new InvalidOperationException($"{path} never came to an end.");
    }

    /// <summary>The line lists the first 1,000, counts them all, and its serialsUrl from serialsNext gives the rest, then from the start every one.</summary>
    public async Task AssertSummarizedAsync(JsonNode line, string path, IReadOnlyList<string> expected)
    {
        Assert.Equal(expected.Count, (int)line["serialCount"]!);
        Assert.Equal(expected.Take(Listed), Serials(line));
        Assert.Equal(path, (string?)line["serialsUrl"]);
        Assert.Equal(expected.Skip(Listed), await WalkAsync(path, (string)line["serialsNext"]!));
        var all = await WalkAsync(path, pageSize: 700);
        Assert.Equal(expected, all);
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    public async Task<(int Order, int Line, int Product, List<string> Serials)> ReceiveAsync(int warehouse, int count)
    {
        var product = await Api.Product("Serial");
        var prefix = Api.Unique("LS") + "-";
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, count, 2m));
        await Api.Receive(order, Line(lines[0], count, $"{prefix}00001..{prefix}{count:00000}"));
        return (order, lines[0], product, Range(prefix, count));
    }

    public async Task ReceiptWalkAsync()
    {
        var (order, line, _, serials) = await ReceiveAsync(await Api.Warehouse(), 2_500);
        var answer = await Api.Order(order);
        var receipt = answer["receipts"]![0]!;
        var receiptLine = receipt["lines"]![0]!;
        await AssertSummarizedAsync(receiptLine, $"/api/purchase-orders/{order}/receipts/{receipt["id"]}/lines/{receiptLine["id"]}/serials", serials);
        await AssertSummarizedAsync(answer["lines"]![0]!, $"/api/purchase-orders/{order}/lines/{line}/serials", serials);
    }

    /// <summary>
    /// One order line received 1,200 on a receipt of that line alone and 3 more on a second receipt beside a batch
    /// line and a Fifo line: the large receipt line is summarized, the small one and the other lines are read whole.
    /// </summary>
    public async Task LargeAndSmallReceiptsOfOneLineAsync()
    {
        var (serial, batch, fifo) = (await Api.Product("Serial"), await Api.Product("Batch"), await Api.Product("Fifo"));
        var prefix = Api.Unique("MX") + "-";
        var (order, lines) = await Api.ApprovedOrder(await Api.Warehouse(), (serial, 1_203, 2m), (batch, 10, 1m), (fifo, 7, 1m));
        await Api.Receive(order, Line(lines[0], 1_200, $"{prefix}00001..{prefix}01200"));
        string[] more = [$"{prefix}X1", $"{prefix}X2", $"{prefix}X3"];
        await Api.Receive(order, Line(lines[0], 3, more),
            new { lineId = lines[1], quantity = 10m, batches = new[] { new { batch = $"{prefix}B", quantity = 10m } } }, Line(lines[2], 7));

        var answer = await Api.Order(order);
        var (large, small) = (answer["receipts"]![0]!, answer["receipts"]![1]!);
        var largeLine = large["lines"]![0]!;
        await AssertSummarizedAsync(largeLine, $"/api/purchase-orders/{order}/receipts/{large["id"]}/lines/{largeLine["id"]}/serials", Range(prefix, 1_200));
        Assert.Equal(more, Serials(small["lines"]![0]!));
        Assert.Equal(3, (int)small["lines"]![0]!["serialCount"]!);
        Assert.Equal($"{prefix}B", (string)small["lines"]![1]!["batches"]![0]!["batch"]!);
        Assert.Equal(10m, (decimal)small["lines"]![1]!["batches"]![0]!["quantity"]!);
        Assert.Equal(7m, (decimal)small["lines"]![2]!["quantity"]!);
        Assert.All(new[] { large, small }, r => Assert.Equal((string)answer["createdBy"]!, (string)r["receivedBy"]!));
        await AssertSummarizedAsync(answer["lines"]![0]!, $"/api/purchase-orders/{order}/lines/{lines[0]}/serials", [.. Range(prefix, 1_200), .. more]);
        Assert.Equal($"{prefix}B", (string)answer["lines"]![1]!["batches"]![0]!["batch"]!);
        Assert.Equal(7m, (decimal)answer["lines"]![2]!["receivedQuantity"]!);
    }
}

public sealed class LineSerialsTests(StocktrailFactory factory) : ApiTest(factory)
{
    private LineSerialsChecks Checks => new(Api);

    private static bool Has(JsonNode node, string name) => node.AsObject().ContainsKey(name);

    [Fact]
    public Task A_receipt_of_2500_serials_lists_the_first_1000_with_its_count_and_its_line_pages_every_serial_once_in_order() => Checks.ReceiptWalkAsync();

    [Fact]
    public Task A_line_received_large_then_small_summarizes_the_large_receipt_and_lists_the_small_one_and_the_other_lines_whole() =>
        Checks.LargeAndSmallReceiptsOfOneLineAsync();

    [Fact]
    public async Task A_small_document_lists_every_serial_as_before_with_its_count_and_no_paging()
    {
        var product = await Api.Product("Serial");
        var prefix = Api.Unique("SM") + "-";
        var (order, lines) = await Api.ApprovedOrder(await Api.Warehouse(), (product, 3, 2m));
        await Api.Receive(order, Line(lines[0], 3, $"{prefix}3", $"{prefix}1", $"{prefix}2"));
        var answer = await Api.Order(order);
        foreach (var line in new[] { answer["lines"]![0]!, answer["receipts"]![0]!["lines"]![0]! })
        {
            Assert.Equal([$"{prefix}3", $"{prefix}1", $"{prefix}2"], line["serials"]!.AsArray().Select(s => (string)s!));
            Assert.Equal(3, (int)line["serialCount"]!);
            Assert.False(Has(line, "serialsNext") || Has(line, "serialsUrl"), line.ToJsonString());
        }
        var receipt = answer["receipts"]![0]!;
        Assert.Equal([$"{prefix}3", $"{prefix}1", $"{prefix}2"],
            await Checks.WalkAsync($"/api/purchase-orders/{order}/receipts/{receipt["id"]}/lines/{receipt["lines"]![0]!["id"]}/serials"));
    }

    [Fact]
    public async Task A_large_dispatch_lists_the_first_1000_and_its_line_pages_what_is_with_the_customer_now()
    {
        var warehouse = await Api.Warehouse();
        var (_, _, product, serials) = await Checks.ReceiveAsync(warehouse, 1_200);
        var sale = await Api.NewSale(warehouse, (product, 1_200, 5m));
        await Api.Dispatch(sale.Id, SalesTestApi.Line(sale.LineIds[0], 1_200, $"{serials[0]}..{serials[^1]}"));
        var path = $"/api/stock-sales/{sale.Id}/lines/{sale.LineIds[0]}/serials";
        await Checks.AssertSummarizedAsync((await Api.SaleById(sale.Id))["lines"]![0]!, path, serials);

        // A unit the customer sent back is no longer with them: it leaves the line's serials and its count.
        await Api.CustomerReturn(sale.Id, SalesTestApi.Line(sale.LineIds[0], 1, serials[5]));
        var left = serials.Where((_, i) => i != 5).ToList();
        await Checks.AssertSummarizedAsync((await Api.SaleById(sale.Id))["lines"]![0]!, path, left);
    }

    [Fact]
    public async Task A_large_transfer_and_adjustment_list_the_first_1000_and_their_lines_page_every_serial()
    {
        var (from, to) = (await Api.Warehouse(), await Api.Warehouse());
        var (_, _, product, serials) = await Checks.ReceiveAsync(from, 1_001);
        var transfer = await Api.PostOk("/api/stock-transfers", new { fromWarehouseId = from, toWarehouseId = to,
            lines = new[] { new { productId = product, quantity = 1_001, serials = new[] { $"{serials[0]}..{serials[^1]}" } } } });
        var line = transfer["lines"]![0]!;
        var path = $"/api/stock-transfers/{transfer["id"]}/lines/{line["id"]}/serials";
        await Checks.AssertSummarizedAsync(line, path, serials);
        await Checks.AssertSummarizedAsync((await Api.Get($"/api/stock-transfers/{transfer["id"]}"))["lines"]![0]!, path, serials);

        var adjustment = await Api.PostOk("/api/stock-adjustments", new { warehouseId = to, reason = "Write-off",
            lines = new[] { new { productId = product, direction = "Out", quantity = 1_001, serials = new[] { $"{serials[0]}..{serials[^1]}" } } } });
        var adjusted = (await Api.Get($"/api/stock-adjustments/{adjustment["id"]}"))["lines"]![0]!;
        await Checks.AssertSummarizedAsync(adjusted, $"/api/stock-adjustments/{adjustment["id"]}/lines/{adjusted["id"]}/serials", serials);
    }

    [Fact]
    public async Task An_unknown_document_line_or_page_key_is_refused_naming_it()
    {
        var (order, line, _, _) = await Checks.ReceiveAsync(await Api.Warehouse(), 2);
        var receipt = (await Api.Order(order))["receipts"]![0]!;
        var number = (string)(await Api.Order(order))["number"]!;
        (await Api.Refused(HttpMethod.Get, "/api/purchase-orders/999999/lines/1/serials", null, HttpStatusCode.NotFound)).Mentions("purchase order", "999999");
        (await Api.Refused(HttpMethod.Get, $"/api/purchase-orders/{order}/lines/999999/serials", null, HttpStatusCode.NotFound)).Mentions(number, "line", "999999");
        (await Api.Refused(HttpMethod.Get, $"/api/purchase-orders/{order}/receipts/999999/lines/1/serials", null, HttpStatusCode.NotFound)).Mentions(number, "receipt", "999999");
        (await Api.Refused(HttpMethod.Get, $"/api/purchase-orders/{order}/receipts/{receipt["id"]}/lines/999999/serials", null, HttpStatusCode.NotFound)).Mentions("line", "999999");
        (await Api.Refused(HttpMethod.Get, "/api/stock-sales/999999/lines/1/serials", null, HttpStatusCode.NotFound)).Mentions("stock sale", "999999");
        (await Api.Refused(HttpMethod.Get, "/api/stock-transfers/999999/lines/1/serials", null, HttpStatusCode.NotFound)).Mentions("stock transfer", "999999");
        (await Api.Refused(HttpMethod.Get, "/api/stock-adjustments/999999/lines/1/serials", null, HttpStatusCode.NotFound)).Mentions("stock adjustment", "999999");
        (await Api.Refused(HttpMethod.Get, $"/api/purchase-orders/{order}/lines/{line}/serials?after=1", null, HttpStatusCode.BadRequest)).Mentions("after '1'");
        (await Api.Refused(HttpMethod.Get, $"/api/purchase-orders/{order}/lines/{line}/serials?after=x", null, HttpStatusCode.BadRequest)).Mentions("after 'x'");
        (await Api.Refused(HttpMethod.Get, $"/api/purchase-orders/{order}/lines/{line}/serials?pageSize=10001", null, HttpStatusCode.BadRequest)).Mentions("10,000");
    }

    [Fact]
    public async Task Every_role_may_read_a_line_s_serials_and_no_one_without_a_key()
    {
        var (order, line, _, serials) = await Checks.ReceiveAsync(await Api.Warehouse(), 2);
        var path = $"/api/purchase-orders/{order}/lines/{line}/serials";
        using var viewer = await Factory.ClientAsAsync("Viewer");
        Assert.Equal(serials, await new LineSerialsChecks(new Api(viewer)).WalkAsync(path));
        using var anonymous = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        anonymous.DefaultRequestHeaders.Authorization = null;
        var refused = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }
}
