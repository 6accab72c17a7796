using System.Net;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Sales;

namespace Stocktrail.Tests.Receiving;

/// <summary>
/// The walks of a large delivery note line, materials line and job output, shared by the SQLite and PostgreSQL tests:
/// the answer lists the first 1,000 serials with the count and where the rest are, and the endpoint pages every one.
/// </summary>
public sealed class LargeNotesAndMaterialsChecks(Api Api)
{
    private LineSerialsChecks Lines => new(Api);

    /// <summary>Two dispatches of one sale line, 1,200 then 300: each note pages its own dispatch's serials, not the sale line's.</summary>
    public async Task DeliveryNoteWalkAsync()
    {
        var warehouse = await Api.Warehouse();
        var (_, _, product, serials) = await Lines.ReceiveAsync(warehouse, 1_500);
        var sale = await Api.NewSale(warehouse, (product, 1_500, 5m));
        var line = sale.LineIds[0];
        await Api.Dispatch(sale.Id, SalesTestApi.Line(line, 1_200, $"{serials[0]}..{serials[1_199]}"));
        await Api.Dispatch(sale.Id, SalesTestApi.Line(line, 300, $"{serials[1_200]}..{serials[^1]}"));

        var first = (await Api.Get($"/api/stock-sales/{sale.Id}/dispatches/1/delivery-note?format=json"))["lines"]![0]!;
        Assert.Equal(1_200m, (decimal)first["quantity"]!);
        Assert.Equal(line, (int)first["lineId"]!);
        await Lines.AssertSummarizedAsync(first, $"/api/stock-sales/{sale.Id}/dispatches/1/lines/{line}/serials", serials.Take(1_200).ToList());

        var second = (await Api.Get($"/api/stock-sales/{sale.Id}/dispatches/2/delivery-note?format=json"))["lines"]![0]!;
        Assert.Equal(serials.Skip(1_200), second["serials"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(300, (int)second["serialCount"]!);
        Assert.False(second.AsObject().ContainsKey("serialsUrl"), second.ToJsonString());
        Assert.Equal(serials.Skip(1_200), await Lines.WalkAsync($"/api/stock-sales/{sale.Id}/dispatches/2/lines/{line}/serials"));
    }

    /// <summary>
    /// 1,500 received, 1,200 returned to the supplier in one go: the return's answer and the order's returns list the
    /// first 1,000 with the count, and the return's line endpoint pages those 1,200 only; a later small return lists all.
    /// </summary>
    public async Task SupplierReturnWalkAsync()
    {
        var warehouse = await Api.Warehouse();
        var (order, line, _, serials) = await Lines.ReceiveAsync(warehouse, 1_500);
        var sent = serials.Take(1_200).ToList();
        var answer = await Api.PostOk($"/api/purchase-orders/{order}/returns",
            new { lines = new[] { new { lineId = line, quantity = 1_200, serials = new[] { $"{sent[0]}..{sent[^1]}" } } } });
        var id = (long)answer["id"]!;
        var path = $"/api/purchase-orders/{order}/returns/{id}/lines/{line}/serials";
        Assert.Equal(1_200m, (decimal)answer["lines"]![0]!["quantity"]!);
        await Lines.AssertSummarizedAsync(answer["lines"]![0]!, path, sent);

        var small = await Api.PostOk($"/api/purchase-orders/{order}/returns",
            new { lines = new[] { new { lineId = line, quantity = 3, serials = new[] { serials[1_400], serials[1_300], serials[1_350] } } } });
        var returns = (await Api.Order(order))["returns"]!.AsArray();
        Assert.Equal([id, (long)small["id"]!], returns.Select(r => (long)r!["id"]!));
        var large = returns[0]!["lines"]![0]!;
        Assert.Equal(1_200m, (decimal)large["quantity"]!);
        Assert.Equal(1_200 * 2m, (decimal)large["cost"]!);
        Assert.Equal(1_200 * 2m, (decimal)returns[0]!["totalCost"]!);
        Assert.Equal((string)answer["returnedAt"]!, (string)returns[0]!["returnedAt"]!);
        await Lines.AssertSummarizedAsync(large, path, sent);

        var smallLine = returns[1]!["lines"]![0]!;
        var three = new[] { serials[1_400], serials[1_300], serials[1_350] };
        Assert.Equal(three, smallLine["serials"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(3, (int)smallLine["serialCount"]!);
        Assert.False(smallLine.AsObject().ContainsKey("serialsUrl"), smallLine.ToJsonString());
        Assert.Equal(three, await Lines.WalkAsync($"/api/purchase-orders/{order}/returns/{small["id"]}/lines/{line}/serials"));
    }

    /// <summary>1,100 used on a project in one go, one returned: the use's answer and the materials list each page what they say.</summary>
    public async Task ProjectMaterialsWalkAsync()
    {
        var warehouse = await Api.Warehouse();
        var (_, _, product, serials) = await Lines.ReceiveAsync(warehouse, 1_100);
        var project = (int)(await Api.PostOk("/api/projects", new { name = Api.Unique("Project") }))["id"]!;
        var used = (await Api.PostOk($"/api/projects/{project}/materials",
            new { warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 1_100, serials = new[] { $"{serials[0]}..{serials[^1]}" } } } }))["lines"]![0]!;
        await Lines.AssertSummarizedAsync(used, $"/api/projects/{project}/materials/lines/{used["id"]}/serials", serials);

        var returned = (await Api.PostOk($"/api/projects/{project}/material-returns",
            new { warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 1, serials = new[] { serials[7] } } } }))["lines"]![0]!;
        Assert.Equal([serials[7]], returned["serials"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(1, (int)returned["serialCount"]!);
        Assert.Equal([serials[7]], await Lines.WalkAsync($"/api/projects/{project}/materials/lines/{returned["id"]}/serials"));

        var item = (await Api.Get($"/api/projects/{project}/materials"))["items"]![0]!;
        Assert.Equal(1_099m, (decimal)item["quantity"]!);
        Assert.Equal(1_099 * 2m, (decimal)item["totalCost"]!);
        await Lines.AssertSummarizedAsync(item, $"/api/projects/{project}/materials/{product}/serials", serials.Where((_, i) => i != 7).ToList());
    }

    /// <summary>A job that made 1,300 serials: its answer and its GET list the first 1,000 outputs and page them all.</summary>
    public async Task JobOutputsWalkAsync()
    {
        var warehouse = await Api.Warehouse();
        var output = await Api.Product("Serial");
        var material = await Api.FifoInStock(warehouse, (10, 1));
        var job = (int)(await Api.PostOk("/api/production-jobs", new { outputProductId = output, quantity = 1_300, warehouseId = warehouse }))["id"]!;
        await Api.PostOk($"/api/production-jobs/{job}/materials", new { warehouseId = warehouse, lines = new[] { new { productId = material, quantity = 10 } } });
        var prefix = Api.Unique("OUT") + "-";
        var made = LineSerialsChecks.Range(prefix, 1_300);
        var completed = await Api.PostOk($"/api/production-jobs/{job}/complete", new { actualQuantity = 1_300, serials = new[] { $"{made[0]}..{made[^1]}" } }, HttpStatusCode.OK);
        var path = $"/api/production-jobs/{job}/outputs/serials";
        foreach (var answer in new[] { completed, await Api.Get($"/api/production-jobs/{job}") })
        {
            Assert.Equal(1_300, (int)answer["outputSerialCount"]!);
            Assert.Equal(made.Take(1_000), answer["outputSerials"]!.AsArray().Select(s => (string)s!));
            Assert.Equal(path, (string?)answer["outputSerialsUrl"]);
            Assert.Equal(made.Skip(1_000), await Lines.WalkAsync(path, (string)answer["outputSerialsNext"]!));
        }
        Assert.Equal(made, await Lines.WalkAsync(path, pageSize: 700));
    }
}

public sealed class LargeNotesAndMaterialsTests(StocktrailFactory factory) : ApiTest(factory)
{
    private LargeNotesAndMaterialsChecks Checks => new(Api);

    [Fact]
    public Task A_delivery_note_of_1200_serials_lists_the_first_1000_and_pages_that_dispatch_s_serials_only() => Checks.DeliveryNoteWalkAsync();

    [Fact]
    public Task A_supplier_return_of_1200_serials_lists_the_first_1000_and_pages_that_return_s_serials_only() => Checks.SupplierReturnWalkAsync();

    [Fact]
    public async Task An_order_page_shows_how_many_serials_a_large_return_line_leaves_unlisted_and_links_the_rest()
    {
        var (order, line, _, serials) = await new LineSerialsChecks(Api).ReceiveAsync(await Api.Warehouse(), 1_200);
        var id = (long)(await Api.PostOk($"/api/purchase-orders/{order}/returns",
            new { lines = new[] { new { lineId = line, quantity = 1_200, serials = new[] { $"{serials[0]}..{serials[^1]}" } } } }))["id"]!;
        var html = await Api.Http.GetStringAsync($"/purchase-orders/{order}");
        var returns = html[html.IndexOf("id=\"supplier-returns\"", StringComparison.Ordinal)..];
        Assert.Contains("200 more of 1,200", returns);
        Assert.Contains($"/api/purchase-orders/{order}/returns/{id}/lines/{line}/serials?after=", returns);
        Assert.Contains(serials[999], returns);
        Assert.DoesNotContain(serials[1_000], returns);
    }

    [Fact]
    public async Task A_return_of_non_stock_lines_only_moves_no_stock_so_it_has_no_id_and_the_order_lists_no_return()
    {
        var service = await Api.Product("NonStock", costPrice: 5m);
        var (order, lines) = await Api.ApprovedOrder(await Api.Warehouse(), (service, 2, 5m));
        await Api.Receive(order, ReceivingApi.Line(lines[0], 2));
        var answer = await Api.PostOk($"/api/purchase-orders/{order}/returns", new { lines = new[] { new { lineId = lines[0], quantity = 1 } } });
        Assert.False(answer.AsObject().ContainsKey("id"), answer.ToJsonString());
        Assert.Equal(0, (int)answer["lines"]![0]!["serialCount"]!);
        Assert.Empty((await Api.Order(order))["returns"]!.AsArray());
    }

    [Fact]
    public async Task An_order_line_named_twice_on_one_return_lists_each_line_s_own_serials_and_pages_on_from_them()
    {
        var (order, line, _, serials) = await new LineSerialsChecks(Api).ReceiveAsync(await Api.Warehouse(), 1_105);
        var answer = await Api.PostOk($"/api/purchase-orders/{order}/returns", new
        {
            lines = new[]
            {
                new { lineId = line, quantity = 5, serials = new[] { $"{serials[0]}..{serials[4]}" } },
                new { lineId = line, quantity = 1_100, serials = new[] { $"{serials[5]}..{serials[^1]}" } },
            },
        });
        var path = $"/api/purchase-orders/{order}/returns/{answer["id"]}/lines/{line}/serials";
        var (first, second) = (answer["lines"]![0]!, answer["lines"]![1]!);
        Assert.Equal(serials.Take(5), first["serials"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(5, (int)first["serialCount"]!);
        Assert.Equal(1_100, (int)second["serialCount"]!);
        Assert.Equal(serials.Skip(5).Take(1_000), second["serials"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(path, (string?)second["serialsUrl"]);
        Assert.Equal(serials.Skip(1_005), await new LineSerialsChecks(Api).WalkAsync(path, (string)second["serialsNext"]!));
        // The order's returns show the order line once, as every serial the return sent back on it.
        await new LineSerialsChecks(Api).AssertSummarizedAsync((await Api.Order(order))["returns"]![0]!["lines"]!.AsArray().Single()!, path, serials);
    }

    [Fact]
    public Task A_project_s_large_use_and_materials_list_the_first_1000_and_page_what_each_holds() => Checks.ProjectMaterialsWalkAsync();

    [Fact]
    public Task A_job_s_1300_outputs_list_the_first_1000_and_page_every_one() => Checks.JobOutputsWalkAsync();

    [Fact]
    public async Task Small_notes_materials_and_outputs_list_every_serial_as_before_with_their_count()
    {
        var warehouse = await Api.Warehouse();
        var (_, _, product, serials) = await new LineSerialsChecks(Api).ReceiveAsync(warehouse, 6);
        var sale = await Api.NewSale(warehouse, (product, 3, 5m));
        await Api.Dispatch(sale.Id, SalesTestApi.Line(sale.LineIds[0], 3, serials[2], serials[0], serials[1]));
        var noteLine = (await Api.Get($"/api/stock-sales/{sale.Id}/dispatches/1/delivery-note?format=json"))["lines"]![0]!;
        AssertSmall(noteLine, "serials", "serialCount", "serialsUrl", [serials[2], serials[0], serials[1]]);

        var job = (int)(await Api.PostOk("/api/production-jobs", new { outputProductId = product, quantity = 1, warehouseId = warehouse }))["id"]!;
        var used = (await Api.PostOk($"/api/production-jobs/{job}/materials",
            new { warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 2, serials = new[] { serials[4], serials[3] } } } }))["lines"]![0]!;
        AssertSmall(used, "serials", "serialCount", "serialsUrl", [serials[4], serials[3]]);
        var item = (await Api.Get($"/api/production-jobs/{job}/materials"))["items"]![0]!;
        AssertSmall(item, "serials", "serialCount", "serialsUrl", [serials[4], serials[3]]);
        Assert.Equal([serials[4], serials[3]], await new LineSerialsChecks(Api).WalkAsync($"/api/production-jobs/{job}/materials/{product}/serials"));

        var prefix = Api.Unique("JO") + "-";
        var completed = await Api.PostOk($"/api/production-jobs/{job}/complete", new { actualQuantity = 1, serials = new[] { $"{prefix}1" } }, HttpStatusCode.OK);
        AssertSmall(completed, "outputSerials", "outputSerialCount", "outputSerialsUrl", [$"{prefix}1"]);
        Assert.Equal([$"{prefix}1"], await new LineSerialsChecks(Api).WalkAsync($"/api/production-jobs/{job}/outputs/serials"));
    }

    private static void AssertSmall(JsonNode line, string list, string count, string url, IReadOnlyList<string> expected)
    {
        Assert.Equal(expected, line[list]!.AsArray().Select(s => (string)s!));
        Assert.Equal(expected.Count, (int)line[count]!);
        Assert.False(line.AsObject().ContainsKey(url), line.ToJsonString());
    }

    [Fact]
    public async Task An_unknown_note_supplier_return_project_job_line_or_page_key_is_refused_naming_it()
    {
        var warehouse = await Api.Warehouse();
        var (_, _, product, serials) = await new LineSerialsChecks(Api).ReceiveAsync(warehouse, 2);
        var sale = await Api.NewSale(warehouse, (product, 2, 5m));
        await Api.Dispatch(sale.Id, SalesTestApi.Line(sale.LineIds[0], 1, serials[0]));
        var number = (string)(await Api.SaleById(sale.Id))["number"]!;
        var project = await Api.PostOk("/api/projects", new { name = Api.Unique("Project") });
        var job = await Api.PostOk("/api/production-jobs", new { outputProductId = product, quantity = 1, warehouseId = warehouse });

        (await Api.Refused(HttpMethod.Get, "/api/stock-sales/999999/dispatches/1/lines/1/serials", null, HttpStatusCode.NotFound)).Mentions("stock sale", "999999");
        (await Api.Refused(HttpMethod.Get, $"/api/stock-sales/{sale.Id}/dispatches/2/lines/{sale.LineIds[0]}/serials", null, HttpStatusCode.NotFound)).Mentions(number, "no dispatch 2");
        (await Api.Refused(HttpMethod.Get, $"/api/stock-sales/{sale.Id}/dispatches/1/lines/999999/serials", null, HttpStatusCode.NotFound)).Mentions(number, "line", "999999");
        (await Api.Refused(HttpMethod.Get, "/api/projects/999999/materials/1/serials", null, HttpStatusCode.NotFound)).Mentions("project", "999999");
        (await Api.Refused(HttpMethod.Get, $"/api/projects/{project["id"]}/materials/999999/serials", null, HttpStatusCode.NotFound)).Mentions((string)project["number"]!, "product 999999");
        (await Api.Refused(HttpMethod.Get, $"/api/projects/{project["id"]}/materials/lines/999999/serials", null, HttpStatusCode.NotFound)).Mentions((string)project["number"]!, "line", "999999");
        (await Api.Refused(HttpMethod.Get, "/api/production-jobs/999999/materials/lines/1/serials", null, HttpStatusCode.NotFound)).Mentions("production job", "999999");
        (await Api.Refused(HttpMethod.Get, "/api/production-jobs/999999/outputs/serials", null, HttpStatusCode.NotFound)).Mentions("production job", "999999");
        var (order, line, _, received) = await new LineSerialsChecks(Api).ReceiveAsync(warehouse, 3);
        var returned = await Api.PostOk($"/api/purchase-orders/{order}/returns", new { lines = new[] { new { lineId = line, quantity = 1, serials = new[] { received[1] } } } });
        var returnId = (long)returned["id"]!;
        var orderNumber = (string)(await Api.Order(order))["number"]!;
        var returnPath = $"/api/purchase-orders/{order}/returns/{returnId}/lines/{line}/serials";
        Assert.Equal([received[1]], await new LineSerialsChecks(Api).WalkAsync(returnPath));
        (await Api.Refused(HttpMethod.Get, $"/api/purchase-orders/999999/returns/{returnId}/lines/{line}/serials", null, HttpStatusCode.NotFound)).Mentions("purchase order", "999999");
        (await Api.Refused(HttpMethod.Get, $"/api/purchase-orders/{order}/returns/999999999/lines/{line}/serials", null, HttpStatusCode.NotFound))
            .Mentions(orderNumber, "no supplier return", "999999999");
        (await Api.Refused(HttpMethod.Get, $"/api/purchase-orders/{order}/returns/{returnId}/lines/999999/serials", null, HttpStatusCode.NotFound))
            .Mentions($"Supplier return {returnId}", orderNumber, "no line", "999999");
        (await Api.Refused(HttpMethod.Get, $"{returnPath}?after=1", null, HttpStatusCode.BadRequest)).Mentions("after '1'");
        (await Api.Refused(HttpMethod.Get, $"{returnPath}?after=x", null, HttpStatusCode.BadRequest)).Mentions("after 'x'");
        var note = $"/api/stock-sales/{sale.Id}/dispatches/1/lines/{sale.LineIds[0]}/serials";
        (await Api.Refused(HttpMethod.Get, $"{note}?after=1", null, HttpStatusCode.BadRequest)).Mentions("after '1'");
        (await Api.Refused(HttpMethod.Get, $"/api/production-jobs/{job["id"]}/outputs/serials?after=x", null, HttpStatusCode.BadRequest)).Mentions("after 'x'");
        (await Api.Refused(HttpMethod.Get, $"{note}?pageSize=10001", null, HttpStatusCode.BadRequest)).Mentions("10,000");
    }

    [Fact]
    public async Task A_delivery_note_pdf_of_100000_serials_prints_them_as_ranges_quickly()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var prefix = Api.Unique("BIG") + "-";
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 100_000, 2m));
        await Api.Receive(order, ReceivingApi.Line(lines[0], 100_000, $"{prefix}000001..{prefix}100000"));
        var sale = await Api.NewSale(warehouse, (product, 100_000, 5m));
        await Api.Dispatch(sale.Id, SalesTestApi.Line(sale.LineIds[0], 100_000, $"{prefix}000001..{prefix}100000"));
        var allocated = GC.GetTotalAllocatedBytes(true);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var response = await Api.Http.GetAsync($"/api/stock-sales/{sale.Id}/dispatches/1/delivery-note");
        var pdf = await response.Content.ReadAsByteArrayAsync();
        started.Stop();
        allocated = GC.GetTotalAllocatedBytes(true) - allocated;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.True(pdf.Length < 200_000, $"{pdf.Length} bytes");
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"{started.Elapsed}");
        Console.WriteLine($"Delivery note PDF of 100,000 serials: {pdf.Length:N0} bytes in {started.ElapsedMilliseconds:N0} ms, {allocated / 1_000_000:N0} MB allocated");
    }
}
