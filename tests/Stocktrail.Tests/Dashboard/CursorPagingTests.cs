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

    /// <summary>
    /// Every page from the first by next, then back by prev from the last to the first, one page at a time, with
    /// <paramref name="between"/> run before each step back: the pages as read forwards and as read back, and the first
    /// page as the back steps reached it.
    /// </summary>
    private async Task<(List<List<string>> Forward, List<List<string>> Back, JsonNode First)> BackAndForthAsync(string path,
        Func<JsonNode, string> key, Func<int, Task>? between = null)
    {
        List<string> Keys(JsonNode page) => Items(page).Select(key).ToList();
        var page = await Api.Get(path);
        Assert.Null(page["prev"]);
        var forward = new List<List<string>> { Keys(page) };
        while ((string?)page["next"] is { } next && forward.Count < 100)
        {
            page = await Api.Get($"{path}&after={next}");
            Assert.NotNull(page["prev"]);
            forward.Add(Keys(page));
        }
        var back = new List<List<string>> { forward[^1] };
        while (back.Count < forward.Count)
        {
            if (between is not null) await between(back.Count);
            var prev = (string?)page["prev"];
            Assert.NotNull(prev);
            page = await Api.Get($"{path}&before={prev}");
            Assert.NotNull(page["next"]);
            back.Add(Keys(page));
        }
        back.Reverse();
        return (forward, back, page);
    }

    public async Task MovementsBackAsync()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var prefix = Api.Unique("MB");
        // Seven rows of one moment, so that pages of three start and end inside it, and three of later moments.
        await ReceiveAsync(warehouse, product, Enumerable.Range(1, 7).Select(i => $"{prefix}-{i:00}").ToArray());
        foreach (var i in new[] { 8, 9, 10 }) await ReceiveAsync(warehouse, product, $"{prefix}-{i:00}");
        var path = $"/api/products/{product}/movements?pageSize=3";

        var added = 0;
        var (forward, back, first) = await BackAndForthAsync(path, m => (string)m["serial"]!,
            async _ => await ReceiveAsync(warehouse, product, $"{prefix}-NEW-{++added}"));

        Assert.Equal([3, 3, 3, 1], forward.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"{prefix}-{i:00}"), forward.SelectMany(p => p).Order(StringComparer.Ordinal));
        // The rows added meanwhile are newer than the first page: the steps back give the pages as they were.
        Assert.Equal(forward, back);
        Assert.Equal(3, added);
        // One more step back shows them, a full page, the newest: nothing before it.
        var newest = await Api.Get($"{path}&before={(string)first["prev"]!}");
        Assert.Equal(["3", "2", "1"], Items(newest).Select(m => ((string)m["serial"]!)[^1..]));
        Assert.Null(newest["prev"]);
        var after = await Api.Get($"{path}&after={(string)newest["next"]!}");
        Assert.Equal(back[0], Items(after).Select(m => (string)m["serial"]!));
    }

    public async Task SerialsBackAsync()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        await ReceiveAsync(warehouse, product, Enumerable.Range(1, 9).Select(i => $"M-{i:00}").ToArray());
        var path = $"/api/products/{product}/serials?status=InStock&pageSize=3";

        // Before each step back, a serial that sorts before every page (A-…).
        var (forward, back, first) = await BackAndForthAsync(path, u => (string)u["serial"]!,
            async step => await ReceiveAsync(warehouse, product, $"A-{step:00}"));

        Assert.Equal(Enumerable.Range(1, 9).Select(i => $"M-{i:00}"), forward.SelectMany(p => p));
        Assert.Equal(forward, back);
        Assert.NotNull(first["prev"]);
        // A step back that reaches the start with less than a page left shows the first page, full.
        var start = await Api.Get($"{path}&before={(string)first["prev"]!}");
        Assert.Equal(["A-01", "A-02", "M-01"], Items(start).Select(u => (string)u["serial"]!));
        Assert.Null(start["prev"]);
    }

    public async Task AuditBackAsync<T>(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<T> factory) where T : class
    {
        var seller = await factory.NewUser("Sales");
        var names = Enumerable.Range(1, 5).Select(i => Api.Unique($"Back{i}")).ToList();
        foreach (var name in names) await seller.Api.PostOk("/api/customers", new { name });
        var path = $"/api/audit?userId={seller.Id}&pageSize=2";

        var (forward, back, first) = await BackAndForthAsync(path, e => (string)e["detail"]!,
            async _ => await seller.Api.PostOk("/api/customers", new { name = Api.Unique("Meanwhile") }));

        Assert.Equal(names.AsEnumerable().Reverse().Select(n => $"Customer '{n}' created."), forward.SelectMany(p => p));
        Assert.Equal(forward, back);
        Assert.NotNull(first["prev"]);
        Assert.Null(first["page"]);
        Assert.True((bool)first["hasMore"]!);
    }

    public async Task DeliveriesBackAsync()
    {
        var hook = (int)(await Api.PostOk("/api/webhooks", new { url = "http://127.0.0.1:5149/hook", events = new[] { "document.posted" } }))["id"]!;
        try
        {
            var warehouse = await Api.Warehouse();
            var product = await Api.Product("Fifo");
            Task AdjustInAsync() => Api.PostOk("/api/stock-adjustments", new
            {
                warehouseId = warehouse, reason = "Found",
                lines = new[] { new { productId = product, direction = "In", quantity = 1, unitCost = 2 } },
            });
            for (var i = 0; i < 5; i++) await AdjustInAsync();
            var path = $"/api/webhooks/{hook}/deliveries?pageSize=2";

            // Other tests post documents too: the hook's list only grows at its newest end while this pages.
            var (forward, back, first) = await BackAndForthAsync(path, d => d["id"]!.ToString(), async _ => await AdjustInAsync());

            Assert.True(forward.SelectMany(p => p).Count() >= 5);
            Assert.Equal(forward.SelectMany(p => p).Distinct().Count(), forward.SelectMany(p => p).Count());
            Assert.Equal(forward, back);
            Assert.NotNull(first["prev"]);
        }
        finally
        {
            await Api.Http.DeleteAsync($"/api/webhooks/{hook}");
        }
    }

    /// <summary>The dashboard's table, a page of products in SKU order by key, forwards and back, with the search and the empty items kept.</summary>
    public async Task StockOverviewPagesAsync()
    {
        var warehouse = await Api.Warehouse();
        var name = Api.Unique("Paged stock");
        var search = Uri.EscapeDataString(name.ToLowerInvariant());
        var stocked = new List<string>();
        var empty = new List<string>();
        var values = 0m;
        for (var i = 1; i <= 7; i++)
        {
            var sku = Api.Unique($"B{i}");
            var product = (int)(await Api.PostOk("/api/products", new { sku, name, trackingType = "Fifo" }))["id"]!;
            if (i % 3 == 0) { empty.Add(sku); continue; }
            stocked.Add(sku);
            var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 2, i));
            // Product 5 has nothing on hand, only an order's open line: incoming keeps it on the list.
            if (i == 5) continue;
            await Api.Receive(order, Line(lines[0], 1));
            values += i;
        }
        stocked.Sort(StringComparer.Ordinal);
        var path = $"/api/stock?search={search}&pageSize=2";

        var (forward, back, first) = await BackAndForthAsync(path, r => (string)r["sku"]!,
            async step => await Api.PostOk("/api/products", new { sku = Api.Unique($"A{step}"), name, trackingType = "Fifo" }));

        Assert.Equal(stocked, forward.SelectMany(p => p));
        Assert.Equal([2, 2, 1], forward.Select(p => p.Count));
        Assert.Equal(forward, back);
        // The products added meanwhile have no stock: the first page has none before it.
        Assert.Null(first["prev"]);
        Assert.Equal(values, (decimal)first["totalValue"]!);
        var page = await Api.Get(path);
        Assert.Equal(values, (decimal)page["totalValue"]!);
        Assert.Equal(stocked[1], Items(page)[1]["sku"]!.ToString());
        Assert.True(Items(page)[0]["onHand"]!.AsObject().ContainsKey(warehouse.ToString()));

        var (all, allBack, allFirst) = await BackAndForthAsync($"/api/stock?search={search}&showEmpty=true&pageSize=3", r => (string)r["sku"]!);
        var every = all.SelectMany(p => p).ToList();
        Assert.Equal(every.Order(StringComparer.Ordinal), every);
        Assert.Equal(stocked.Concat(empty).Order(StringComparer.Ordinal), every.Where(s => !s.StartsWith('A')));
        Assert.Equal(2, every.Count(s => s.StartsWith('A')));
        Assert.Equal(all, allBack);
        Assert.Null(allFirst["prev"]);

        // The page links carry the search, the empty items and the page size, forwards and back.
        var html = await Api.Http.GetStringAsync($"/?search={search}&showEmpty=true&size=3");
        var next = PagerLink(html, "next");
        Assert.Contains($"search={search}", next, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("showEmpty=true", next);
        Assert.Contains("size=3", next);
        Assert.DoesNotContain("rel=\"prev\"", html);
        var second = await Api.Http.GetStringAsync(next);
        Assert.All(all[1], sku => Assert.Contains(sku, second));
        Assert.DoesNotContain(all[0][0], second);
        var previous = await Api.Http.GetStringAsync(PagerLink(second, "prev"));
        Assert.All(all[0], sku => Assert.Contains(sku, previous));
        Assert.DoesNotContain(all[1][0], previous);
    }

    /// <summary>The address of the pager's link of a relation (next, prev, first) in a page's HTML.</summary>
    private static string PagerLink(string html, string rel)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, $"<a class=\"button\" href=\"([^\"]+)\" rel=\"{rel}\">");
        Assert.True(match.Success, $"no {rel} link");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
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
            ($"/api/products/{product}/movements?before={othersRow}", $"before '{othersRow}'"),
            ($"/api/products/{product}/serials?before=x1", "before 'x1'"),
            ($"/api/products/{product}/serials?before={othersUnit}", $"before '{othersUnit}'"),
            ("/api/audit?before=999999999999", "before '999999999999'"),
            ("/api/stock?after=nope", "after 'nope'"),
            ("/api/stock?before=999999999999", "before '999999999999'"),
        })
        {
            var problem = await Api.Refused(HttpMethod.Get, path, null, HttpStatusCode.BadRequest);
            problem.Mentions(named, "is not a page of this list");
        }
        var every = await Api.Refused(HttpMethod.Get, $"/api/products/{product}/serials?after=x&pageSize=0&status=Lost", null, HttpStatusCode.BadRequest);
        every.Mentions("after 'x'", "pageSize is 1 to 10,000 (was 0)", "status 'Lost'");
        var both = await Api.Refused(HttpMethod.Get, $"/api/products/{product}/movements?after={othersRow}&before={othersRow}&page=2", null, HttpStatusCode.BadRequest);
        both.Mentions("Pass after or before, not both", "Pass page or before, not both");
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

    [Fact]
    public Task Movements_step_back_a_page_at_a_time_to_the_pages_as_read_while_newer_rows_are_added() => Checks.MovementsBackAsync();

    [Fact]
    public Task Serials_step_back_a_page_at_a_time_and_a_step_that_reaches_the_start_shows_the_first_page() => Checks.SerialsBackAsync();

    [Fact]
    public Task The_audit_log_steps_back_a_page_at_a_time_while_lines_are_added() => Checks.AuditBackAsync(Factory);

    [Fact]
    public Task A_webhooks_deliveries_step_back_a_page_at_a_time_while_deliveries_are_added() => Checks.DeliveriesBackAsync();

    [Fact]
    public Task The_stock_overview_pages_by_key_forwards_and_back_through_every_matching_product_once() => Checks.StockOverviewPagesAsync();
}
