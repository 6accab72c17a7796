using System.Net;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Contract;

/// <summary>The list of every document kind: filters, key paging (after = the page before's next) and CSV.</summary>
public sealed class DocumentListTests(StocktrailFactory factory) : ApiTest(factory)
{
    private static IReadOnlyList<JsonNode> Items(JsonNode page) => page["items"]!.AsArray().Select(i => i!).ToList();
    private static IEnumerable<int> Ids(JsonNode page) => Items(page).Select(i => (int)i["id"]!);

    private async Task<int> OrderAsync(int supplier, int warehouse, int product, bool approve = false)
    {
        var order = await Api.PostOk("/api/purchase-orders", new { supplierId = supplier, warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 2, unitCost = 5 } } });
        if (approve) await Api.PostOk($"/api/purchase-orders/{(int)order["id"]!}/approve", new { }, HttpStatusCode.OK);
        return (int)order["id"]!;
    }

    [Fact]
    public async Task Purchase_orders_filter_by_supplier_status_product_and_search_newest_first()
    {
        var (warehouse, supplier, other) = (await Api.Warehouse(), await Api.Supplier(), await Api.Supplier());
        var (fifo, serial) = (await Api.Product("Fifo"), await Api.Product("Serial"));
        var first = await OrderAsync(supplier, warehouse, fifo, approve: true);
        var second = await OrderAsync(supplier, warehouse, serial);
        var elsewhere = await OrderAsync(other, warehouse, fifo);

        Assert.Equal([second, first], Ids(await Api.Get($"/api/purchase-orders?supplierId={supplier}")));
        Assert.Equal([first], Ids(await Api.Get($"/api/purchase-orders?supplierId={supplier}&status=Approved")));
        Assert.Equal([elsewhere, first], Ids(await Api.Get($"/api/purchase-orders?warehouseId={warehouse}&productId={fifo}")));
        var number = (string)(await Api.Get($"/api/purchase-orders/{second}"))["number"]!;
        Assert.Equal([second], Ids(await Api.Get($"/api/purchase-orders?search={number.ToLowerInvariant()}")));
        var named = Items(await Api.Get($"/api/purchase-orders?supplierId={other}")).Single();
        Assert.Equal(elsewhere, (int)named["id"]!);
        Assert.StartsWith("Supplier-", (string)named["supplierName"]!);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        Assert.Equal([second, first], Ids(await Api.Get($"/api/purchase-orders?supplierId={supplier}&from={today}&to={today}")));
        Assert.Empty(Ids(await Api.Get($"/api/purchase-orders?supplierId={supplier}&to=2000-01-01")));
    }

    [Fact]
    public async Task Pages_follow_each_other_by_key_without_repeating_or_skipping_and_the_last_has_no_next()
    {
        var (warehouse, supplier, product) = (await Api.Warehouse(), await Api.Supplier(), await Api.Product("Fifo"));
        var made = new List<int>();
        for (var i = 0; i < 5; i++) made.Add(await OrderAsync(supplier, warehouse, product));

        var seen = new List<int>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await Api.Get($"/api/purchase-orders?supplierId={supplier}&pageSize=2" + (after is null ? "" : $"&after={after}"));
            seen.AddRange(Ids(page));
            after = (string?)page["next"];
            pages++;
        } while (after is not null && pages < 10);
        Assert.Equal(3, pages);
        Assert.Equal(made.AsEnumerable().Reverse(), seen);
        // A document made after the first page was read does not push the next pages along.
        var first = await Api.Get($"/api/purchase-orders?supplierId={supplier}&pageSize=2");
        await OrderAsync(supplier, warehouse, product);
        Assert.Equal(made[2..3].Concat(made[1..2]), Ids(await Api.Get($"/api/purchase-orders?supplierId={supplier}&pageSize=2&after={(string)first["next"]!}")));
    }

    [Fact]
    public async Task Numbered_pages_as_the_contract_names_them_give_the_same_rows_as_the_key()
    {
        var (warehouse, supplier, product) = (await Api.Warehouse(), await Api.Supplier(), await Api.Product("Fifo"));
        var made = new List<int>();
        for (var i = 0; i < 5; i++) made.Add(await OrderAsync(supplier, warehouse, product));
        var newestFirst = made.AsEnumerable().Reverse().ToList();

        Assert.Equal(newestFirst[0..2], Ids(await Api.Get($"/api/purchase-orders?supplierId={supplier}&pageSize=2&page=1")));
        Assert.Equal(newestFirst[2..4], Ids(await Api.Get($"/api/purchase-orders?supplierId={supplier}&pageSize=2&page=2")));
        var last = await Api.Get($"/api/purchase-orders?supplierId={supplier}&pageSize=2&page=3");
        Assert.Equal(newestFirst[4..5], Ids(last));
        Assert.Null(last["next"]);

        var both = await Api.Http.GetAsync($"/api/purchase-orders?page=2&after={made[0]}");
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        new Problem(JsonNode.Parse(await both.Content.ReadAsStringAsync())!).Mentions("Pass page or after, not both");
        var zero = await Api.Http.GetAsync("/api/purchase-orders?page=0");
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        new Problem(JsonNode.Parse(await zero.Content.ReadAsStringAsync())!).Mentions("page counts from 1 (was 0)");
    }

    [Fact]
    public async Task A_bad_page_key_size_or_date_range_is_refused_with_every_problem_at_once()
    {
        var response = await Api.Http.GetAsync("/api/stock-sales?after=abc&pageSize=1001&from=2026-02-01&to=2026-01-01");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = new Problem(JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        problem.Mentions("after 'abc'", "pageSize is 1 to 1,000 (was 1001)", "ends (2026-01-01) before it starts (2026-02-01)");
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.Http.GetAsync("/api/stock-takes?pageSize=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.Http.GetAsync("/api/projects?format=xml")).StatusCode);
    }

    [Fact]
    public async Task Every_document_kind_lists_by_warehouse_and_product_and_downloads_as_csv()
    {
        var (warehouse, other, customer) = (await Api.Warehouse(), await Api.Warehouse(), await Api.Customer());
        var product = await Api.Product("Fifo");
        var order = await OrderAsync(await Api.Supplier(), warehouse, product);
        var adjustment = (int)(await Api.PostOk("/api/stock-adjustments", new
        {
            warehouseId = warehouse, reason = "Found in the yard",
            lines = new[] { new { productId = product, direction = "In", quantity = 10, unitCost = 2 } },
        }))["id"]!;
        var transfer = (int)(await Api.PostOk("/api/stock-transfers", new
        {
            fromWarehouseId = warehouse, toWarehouseId = other, lines = new[] { new { productId = product, quantity = 3 } },
        }))["id"]!;
        var sale = (int)(await Api.PostOk("/api/stock-sales", new { customerId = customer, warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 1, unitPrice = 9 } } }))["id"]!;
        var project = (int)(await Api.PostOk("/api/projects", new { name = "Fit-out", customerId = customer }))["id"]!;
        await Api.PostOk($"/api/projects/{project}/materials", new { warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 1 } } });
        var job = (int)(await Api.PostOk("/api/production-jobs", new { outputProductId = await Api.Product("Fifo"), quantity = 1, warehouseId = warehouse }))["id"]!;
        await Api.PostOk($"/api/production-jobs/{job}/materials", new { warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 1 } } });
        var take = (int)(await Api.PostOk("/api/stock-takes", new { warehouseId = other }))["id"]!;

        (string Path, string Filter, int Id)[] lists =
        [
            ("/api/purchase-orders", $"warehouseId={warehouse}&productId={product}", order),
            ("/api/stock-sales", $"warehouseId={warehouse}&productId={product}&customerId={customer}", sale),
            ("/api/projects", $"warehouseId={warehouse}&productId={product}&customerId={customer}", project),
            ("/api/production-jobs", $"warehouseId={warehouse}&productId={product}&status=Open", job),
            ("/api/stock-adjustments", $"warehouseId={warehouse}&productId={product}", adjustment),
            ("/api/stock-transfers", $"warehouseId={other}&productId={product}", transfer),
            ("/api/stock-takes", $"warehouseId={other}&status=Counting", take),
        ];
        foreach (var (path, filter, id) in lists)
        {
            Assert.Equal([id], Ids(await Api.Get($"{path}?{filter}")));
            var csv = await Api.Http.GetAsync($"{path}?{filter}&format=csv");
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
            var rows = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(2, rows.Length);
            Assert.StartsWith("id,number,", rows[0]);
            Assert.StartsWith($"{id},", rows[1]);
        }
        var adjustmentRow = Items(await Api.Get($"/api/stock-adjustments?warehouseId={warehouse}")).Single();
        Assert.Equal("Found in the yard", (string)adjustmentRow["reason"]!);
        Assert.Equal(1, (int)adjustmentRow["lineCount"]!);
        Assert.Empty(Ids(await Api.Get($"/api/stock-adjustments?warehouseId={warehouse}&search=nothing-like-it")));
    }

    [Fact]
    public async Task The_csv_holds_every_matching_row_past_one_page_with_text_cells_defused()
    {
        var (warehouse, product) = (await Api.Warehouse(), await Api.Product("Fifo"));
        for (var i = 0; i < 3; i++)
            await Api.PostOk("/api/stock-adjustments", new { warehouseId = warehouse, reason = "=HYPERLINK(\"x\")", lines = new[] { new { productId = product, direction = "In", quantity = 1, unitCost = 1 } } });
        var csv = await Api.Http.GetStringAsync($"/api/stock-adjustments?warehouseId={warehouse}&pageSize=1&format=csv");
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, rows.Length);
        Assert.All(rows.Skip(1), row => Assert.Contains("'=HYPERLINK", row));
    }
}
