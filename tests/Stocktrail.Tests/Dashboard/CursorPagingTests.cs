using System.Net;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Audit;
using Stocktrail.Tests.Infrastructure;
using static Stocktrail.Tests.Infrastructure.ReceivingApi;

namespace Stocktrail.Tests.Dashboard;

/// <summary>
/// A product's movements and serials, the audit log and a webhook's deliveries page by key (after = the page before's
/// next), with no count: every row once, in order, however many rows are added while a client pages.
/// </summary>
/// <summary>The checks, on either database: each makes its own data through <paramref name="Api"/>.</summary>
public sealed class CursorPagingChecks(Api Api)
{
    private static IReadOnlyList<JsonNode> Items(JsonNode page) => page["items"]!.AsArray().Select(i => i!).ToList();

    /// <summary>Receives the serials into the product's stock, one receipt (so one moment) for all.</summary>
    private async Task ReceiveAsync(int warehouse, int product, params string[] serials)
    {
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, serials.Length, 1m));
        await Api.Receive(order, Line(lines[0], serials.Length, serials));
    }

    /// <summary>Every page from the first, by next; <paramref name="between"/> runs after each page is read.</summary>
    private async Task<(List<JsonNode> Rows, int Pages)> WalkAsync(string path, Func<int, Task>? between = null)
    {
        var rows = new List<JsonNode>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await Api.Get(path + (after is null ? "" : $"&after={after}"));
            rows.AddRange(Items(page));
            after = (string?)page["next"];
            pages++;
            if (between is not null) await between(pages);
        } while (after is not null && pages < 100);
        return (rows, pages);
    }

    public async Task MovementsWalkAsync()
    {
        var (north, south) = (await Api.Warehouse(), await Api.Warehouse());
        var product = await Api.Product("Serial");
        var prefix = Api.Unique("MK");
        // Seven rows of one moment (one receipt) and three of later ones: rows of the same time follow by id.
        await ReceiveAsync(north, product, Enumerable.Range(1, 7).Select(i => $"{prefix}-{i:00}").ToArray());
        foreach (var i in new[] { 8, 9 }) await ReceiveAsync(north, product, $"{prefix}-{i:00}");
        await ReceiveAsync(south, product, $"{prefix}-10");
        var before = (await Api.Movements(product)).Select(m => (long)m!["id"]!).ToList();
        Assert.Equal(10, before.Count);

        var added = 0;
        var (rows, pages) = await WalkAsync($"/api/products/{product}/movements?pageSize=3",
            async _ => await ReceiveAsync(north, product, $"{prefix}-NEW-{++added}"));

        Assert.Equal(4, pages);
        // The rows added meanwhile are newer than every page after the first: none of them shows, none is skipped.
        Assert.Equal(before, rows.Select(m => (long)m["id"]!));
        var times = rows.Select(m => (DateTime)m["occurredAt"]!).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.Equal(14, (await Api.Movements(product)).Count);

        var (inNorth, _) = await WalkAsync($"/api/products/{product}/movements?warehouseId={north}&pageSize=4");
        Assert.Equal(13, inNorth.Count);
        Assert.All(inNorth, m => Assert.Equal(north, (int)m["warehouseId"]!));
        Assert.Equal(inNorth.Select(m => (long)m["id"]!).Distinct().Count(), inNorth.Count);
    }

    public async Task NumberedMovementPagesAsync()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var prefix = Api.Unique("MP");
        foreach (var i in Enumerable.Range(1, 5)) await ReceiveAsync(warehouse, product, $"{prefix}-{i}");
        var all = (await Api.Movements(product)).Select(m => (long)m!["id"]!).ToList();

        var second = await Api.Get($"/api/products/{product}/movements?page=2&pageSize=2");
        Assert.Equal(all[2..4], Items(second).Select(m => (long)m["id"]!));
        Assert.Null(second["total"]);
        Assert.Equal(all[3].ToString(), (string)second["next"]!);
        Assert.Equal(all[4..5], Items(await Api.Get($"/api/products/{product}/movements?pageSize=2&after={(string)second["next"]!}")).Select(m => (long)m["id"]!));
        var last = await Api.Get($"/api/products/{product}/movements?page=3&pageSize=2");
        Assert.Equal(all[4..5], Items(last).Select(m => (long)m["id"]!));
        Assert.Null(last["next"]);
        (await Api.Refused(HttpMethod.Get, $"/api/products/{product}/movements?page=2&after={all[0]}", null, HttpStatusCode.BadRequest))
            .Mentions("Pass page or after, not both");
    }

    public async Task SerialsWalkAsync()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var originals = Enumerable.Range(1, 9).Select(i => $"M-{i:00}").ToList();
        await ReceiveAsync(warehouse, product, originals.ToArray());
        // One unit that is out: the in-stock pages pass it over.
        await ReceiveAsync(warehouse, product, "M-04X");
        var sale = await Api.PostOk("/api/stock-sales", new { customerId = await Api.Customer(), warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 1, unitPrice = 1m } } });
        await Api.PostOk($"/api/stock-sales/{(int)sale["id"]!}/dispatches", new
        {
            lines = new[] { new { lineId = (int)sale["lines"]![0]!["id"]!, quantity = 1, serials = new[] { "M-04X" } } },
        });

        // Between pages, one serial sorts before every page still to come (A-…) and one after it (Z-…).
        var (rows, pages) = await WalkAsync($"/api/products/{product}/serials?status=InStock&pageSize=2",
            async page => await ReceiveAsync(warehouse, product, $"A-{page:00}", $"Z-{page:00}"));

        var seen = rows.Select(s => (string)s["serial"]!).ToList();
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(originals, seen.Where(s => s.StartsWith("M-")));
        Assert.DoesNotContain("M-04X", seen);
        Assert.DoesNotContain(seen, s => s.StartsWith("A-"));
        Assert.Equal(seen.Where(s => s.StartsWith("Z-")), Enumerable.Range(1, pages - 1).Select(p => $"Z-{p:00}"));
        Assert.All(rows, s => Assert.Equal("InStock", (string)s["status"]!));
        Assert.Null((await Api.Get($"/api/products/{product}/serials?pageSize=2"))["total"]);

        var numbered = await Api.Get($"/api/products/{product}/serials?status=InStock&page=2&pageSize=3");
        var inStock = (await Api.Serials(product, "?status=InStock")).Select(s => (string)s["serial"]!).ToList();
        Assert.Equal(inStock[3..6], Items(numbered).Select(s => (string)s["serial"]!));
        // A search (any status) pages the same way: the serials containing the text, in order.
        var (searched, _) = await WalkAsync($"/api/products/{product}/serials?search=m-0&pageSize=4");
        Assert.Equal(originals.Append("M-04X").Order(StringComparer.Ordinal), searched.Select(s => (string)s["serial"]!));
    }

    public async Task BadKeysAsync()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.SerialsInStock(warehouse, 1m, Api.Unique("BK"));
        var serial = Api.Unique("BK");
        var other = await Api.SerialsInStock(warehouse, 1m, serial);
        var othersRow = (long)(await Api.Movements(other))[0]!["id"]!;
        var othersUnit = (long)(await Api.Serial(other, serial))["id"]!;

        foreach (var (path, named) in new[]
        {
            ($"/api/products/{product}/movements?after=abc", "after 'abc'"),
            ($"/api/products/{product}/movements?after={othersRow}", $"after '{othersRow}'"),
            ($"/api/products/{product}/movements?after=-5", "after '-5'"),
            ($"/api/products/{product}/serials?after=x1", "after 'x1'"),
            ($"/api/products/{product}/serials?after=999999999999", "after '999999999999'"),
            ($"/api/products/{product}/serials?after={othersUnit}", $"after '{othersUnit}'"),
            ("/api/audit?after=nope", "after 'nope'"),
            ("/api/audit?after=999999999999", "after '999999999999'"),
        })
        {
            var problem = await Api.Refused(HttpMethod.Get, path, null, HttpStatusCode.BadRequest);
            problem.Mentions(named, "is not a page of this list");
        }
        var every = await Api.Refused(HttpMethod.Get, $"/api/products/{product}/serials?after=x&pageSize=0&status=Lost", null, HttpStatusCode.BadRequest);
        every.Mentions("after 'x'", "pageSize is 1 to 10,000 (was 0)", "status 'Lost'");
    }

    public async Task AuditWalkAsync<T>(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<T> factory) where T : class
    {
        var seller = await factory.NewUser("Sales");
        var names = Enumerable.Range(1, 5).Select(i => Api.Unique($"Cursor{i}")).ToList();
        foreach (var name in names) await seller.Api.PostOk("/api/customers", new { name });

        var (rows, pages) = await WalkAsync($"/api/audit?userId={seller.Id}&pageSize=2",
            async _ => await seller.Api.PostOk("/api/customers", new { name = Api.Unique("Meanwhile") }));

        Assert.Equal(3, pages);
        Assert.Equal(names.AsEnumerable().Reverse().Select(n => $"Customer '{n}' created."), rows.Select(e => (string)e["detail"]!));
        var first = await Api.AuditPage($"userId={seller.Id}&pageSize=2");
        Assert.True((bool)first["hasMore"]!);
        Assert.Equal(1, (int)first["page"]!);
        var byKey = await Api.AuditPage($"userId={seller.Id}&pageSize=2&after={(string)first["next"]!}");
        var byNumber = await Api.AuditPage($"userId={seller.Id}&pageSize=2&page=2");
        Assert.Equal(Items(byNumber).Select(e => (long)e["id"]!), Items(byKey).Select(e => (long)e["id"]!));
    }

    /// <summary>The serial search's prefix is a prefix in code point order whatever the database's locale.</summary>
    public async Task SerialSearchByPrefixAsync()
    {
        var warehouse = await Api.Warehouse();
        var prefix = Api.Unique("PX");
        await Api.SerialsInStock(warehouse, 1m, $"{prefix}-1A", $"{prefix}-10", $"{prefix}10", $"{prefix}-2");

        var html = await (await Api.Http.GetAsync($"/serials?q={prefix}-1")).Content.ReadAsStringAsync();

        Assert.Contains($"{prefix}-1A", html);
        Assert.Contains($"{prefix}-10", html);
        // A locale that passes over punctuation would sort these between PX-1 and PX-2.
        Assert.DoesNotContain($"{prefix}10", html);
        Assert.DoesNotContain($"{prefix}-2", html);
    }
}

public sealed class CursorPagingTests(StocktrailFactory factory) : ApiTest(factory)
{
    private CursorPagingChecks Checks => new(Api);

    [Fact]
    public Task Movements_page_by_key_through_every_row_once_newest_first_while_rows_are_added() => Checks.MovementsWalkAsync();

    [Fact]
    public Task Numbered_movement_pages_still_give_the_rows_of_the_contract_with_a_next_and_no_total() => Checks.NumberedMovementPagesAsync();

    [Fact]
    public Task In_stock_serials_page_by_key_in_serial_order_and_serials_added_meanwhile_come_in_their_place() => Checks.SerialsWalkAsync();

    [Fact]
    public Task A_page_key_that_is_no_row_of_the_list_is_refused_naming_it() => Checks.BadKeysAsync();

    [Fact]
    public Task The_audit_log_pages_by_key_with_the_same_rows_as_numbered_pages_while_lines_are_added() => Checks.AuditWalkAsync(Factory);

    [Fact]
    public Task A_serial_search_by_prefix_finds_only_serials_starting_with_it() => Checks.SerialSearchByPrefixAsync();
}
