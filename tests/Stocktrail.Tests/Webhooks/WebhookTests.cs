using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Webhooks;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.StockTakes;

namespace Stocktrail.Tests.Webhooks;

/// <summary>
/// Webhooks end to end: registered by an Administrator, written to the outbox with the change, sent signed to a
/// receiver on a loopback port, retried with back-off. Each test runs its own app node (retries 0.2 s apart, doubling,
/// at most 4 attempts) on the class's database, and deletes its hooks at the end.
/// </summary>
public sealed class WebhookTests : IClassFixture<StocktrailFactory>, IAsyncLifetime
{
    private readonly StocktrailFactory _database;
    private readonly WebApplicationFactory<Program> _app;
    private readonly List<WebApplicationFactory<Program>> _nodes = [];
    private readonly Api _api;
    private readonly List<int> _hooks = [];

    public WebhookTests(StocktrailFactory database)
    {
        _database = database;
        _app = Node();
        _api = ApiOf(_app);
    }

    private WebApplicationFactory<Program> Node()
    {
        var node = _database.WithWebHostBuilder(b => b
            .UseSetting("Stocktrail:Webhooks:RetryBaseSeconds", "0.2")
            .UseSetting("Stocktrail:Webhooks:MaxAttempts", "4")
            .UseSetting("Stocktrail:Jobs:PollSeconds", "0.1"));
        _nodes.Add(node);
        return node;
    }

    private Api ApiOf(WebApplicationFactory<Program> node)
    {
        var client = node.CreateClient();
        TestUsers.Authenticate(client, _database.BootstrapKey);
        return new Api(client);
    }

    private async Task<(int Id, string Secret)> Hook(string url, params string[] events)
    {
        var hook = await _api.PostOk("/api/webhooks", new { url, events, description = "Test receiver" });
        _hooks.Add((int)hook["id"]!);
        return ((int)hook["id"]!, (string)hook["secret"]!);
    }

    private async Task<int> AdjustIn(int warehouse, int product, decimal quantity) =>
        (int)(await _api.PostOk("/api/stock-adjustments", new
        {
            warehouseId = warehouse, reason = "Found",
            lines = new[] { new { productId = product, direction = "In", quantity, unitCost = 2 } },
        }))["id"]!;

    private async Task<JsonArray> Deliveries(int hook) => (await _api.Get($"/api/webhooks/{hook}/deliveries"))["items"]!.AsArray();

    private async Task<JsonArray> DeliveriesWhenDone(int hook, int count)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        JsonArray items;
        do
        {
            await Task.Delay(100);
            items = await Deliveries(hook);
        } while ((items.Count < count || items.Any(d => (string)d!["status"]! is "Pending" or "Sending")) && DateTime.UtcNow < deadline);
        return items;
    }

    [Fact]
    public async Task A_receipt_is_delivered_signed_as_a_posted_document_and_moved_serials()
    {
        using var receiver = new WebhookReceiver();
        var (hook, secret) = await Hook(receiver.Url, WebhookEvents.DocumentPosted, WebhookEvents.SerialMoved);
        var warehouse = await _api.Warehouse();

        var product = await _api.SerialsInStock(warehouse, 5m, "WH-1", "WH-2");

        var received = await receiver.WaitFor(2);
        Assert.Equal(2, received.Count);
        Assert.All(received, d => Assert.True(d.SignedWith(secret), "The signature is HMAC-SHA256 of the body with the hook's secret."));
        Assert.All(received, d => Assert.Equal(d.Headers["Stocktrail-Delivery"], (string)d.Json["id"]!));
        Assert.All(received, d => Assert.Equal(d.Headers["Stocktrail-Timestamp"], d.Json["timestamp"]!.ToString()));
        var posted = received.Single(d => d.Headers["Stocktrail-Event"] == WebhookEvents.DocumentPosted).Json;
        Assert.Equal("document.posted", (string)posted["event"]!);
        Assert.Equal("PurchaseOrder", (string)posted["data"]!["document"]!["type"]!);
        var line = posted["data"]!["lines"]!.AsArray().Single()!;
        Assert.Equal(product, (int)line["productId"]!);
        Assert.Equal(2m, (decimal)line["quantity"]!);
        var moved = received.Single(d => d.Headers["Stocktrail-Event"] == WebhookEvents.SerialMoved).Json;
        Assert.Equal(["WH-1", "WH-2"], moved["data"]!["serials"]!.AsArray().Select(s => (string)s!["serial"]!).Order());
        Assert.All(moved["data"]!["serials"]!.AsArray(), s => Assert.Equal("In", (string)s!["direction"]!));
        Assert.False(received[0].SignedWith(secret + "x"));

        var deliveries = await DeliveriesWhenDone(hook, 2);
        Assert.All(deliveries, d =>
        {
            Assert.Equal("Succeeded", (string)d!["status"]!);
            Assert.Equal(1, (int)d["attempts"]!);
            Assert.Equal(200, (int)d["lastStatusCode"]!);
        });
    }

    [Fact]
    public async Task A_completed_stock_take_is_delivered()
    {
        using var receiver = new WebhookReceiver();
        var (hook, secret) = await Hook(receiver.Url, WebhookEvents.StockTakeCompleted);
        var warehouse = await _api.Warehouse();
        await _api.SerialsInStock(warehouse, 3m, "STC-1", "STC-2");
        var take = await _api.StartStockTake(warehouse);
        await _api.ImportCsvOk(take, StockTakeTestApi.Csv(StockTakeTestApi.Count(await _api.ExportCsv(take), r => r[3] == "STC-2" ? "0" : "1")));

        var completed = await _api.CompleteStockTake(take);

        var delivery = (await receiver.WaitFor(1)).Single();
        Assert.True(delivery.SignedWith(secret));
        Assert.Equal("stock-take.completed", (string)delivery.Json["event"]!);
        Assert.Equal((string)completed["number"]!, (string)delivery.Json["data"]!["stockTake"]!["number"]!);
        Assert.Equal(1, (int)delivery.Json["data"]!["summary"]!["missing"]!);
        Assert.Single(await DeliveriesWhenDone(hook, 1));
    }

    [Fact]
    public async Task A_batch_coming_within_the_notice_window_is_delivered_once_and_again_after_its_date_changes()
    {
        using var receiver = new WebhookReceiver();
        var (hook, secret) = await Hook(receiver.Url, WebhookEvents.BatchExpiring);
        var warehouse = await _api.Warehouse();
        var product = await _api.Product("Batch");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var (order, lines) = await _api.ApprovedOrder(warehouse, (product, 7, 2m));
        await _api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new[] { new { lineId = lines[0], quantity = 7m, batches = new object[]
            {
                new { batch = "SOON", quantity = 4m, expiresOn = today.AddDays(5).ToString("yyyy-MM-dd") },
                new { batch = "LATER", quantity = 3m, expiresOn = today.AddDays(200).ToString("yyyy-MM-dd") },
            } } },
        });
        // A node that looks at the window often (the default is every 5 minutes).
        var watcher = _database.WithWebHostBuilder(b => b
            .UseSetting("Stocktrail:ExpiryNoticeCheckSeconds", "0.2")
            .UseSetting("Stocktrail:Jobs:PollSeconds", "0.1"));
        _nodes.Add(watcher);
        watcher.CreateClient().Dispose();

        var delivery = (await receiver.WaitFor(1)).Single();
        Assert.True(delivery.SignedWith(secret));
        Assert.Equal("batch.expiring", (string)delivery.Json["event"]!);
        var data = delivery.Json["data"]!;
        Assert.Equal((product, "SOON", today.AddDays(5).ToString("yyyy-MM-dd"), 5), ((int)data["productId"]!, (string)data["batch"]!, (string)data["expiresOn"]!, (int)data["daysLeft"]!));
        Assert.Equal([(warehouse, 4m)], data["warehouses"]!.AsArray().Select(w => ((int)w!["warehouseId"]!, (decimal)w["onHand"]!)).ToList());

        // Looked at many times more, the batch is not told again ...
        await Task.Delay(1500);
        Assert.Single(receiver.Received);
        // ... until its date changes.
        var changed = await _api.Http.PatchAsJsonAsync($"/api/products/{product}/batches/SOON", new { expiresOn = today.AddDays(2).ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var again = await receiver.WaitFor(2);
        Assert.Equal(2, (int)again[1].Json["data"]!["daysLeft"]!);
        Assert.Equal(2, (await DeliveriesWhenDone(hook, 2)).Count);
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_with_growing_waits_until_it_answers()
    {
        using var receiver = new WebhookReceiver(500, 500, 503);
        var (hook, secret) = await Hook(receiver.Url, WebhookEvents.DocumentPosted);
        var warehouse = await _api.Warehouse();

        await AdjustIn(warehouse, await _api.Product("Fifo"), 3);

        var attempts = await receiver.WaitFor(4);
        Assert.Equal([500, 500, 503, 200], attempts.Select(a => a.Answered));
        Assert.Single(attempts.Select(a => a.Headers["Stocktrail-Delivery"]).Distinct());
        Assert.Equal([1, 2, 3, 4], attempts.Select(a => (int)a.Json["attempt"]!));
        Assert.All(attempts, a => Assert.True(a.SignedWith(secret)));
        // Each wait is at least the back-off: 0.2 s, then 0.4 s, then 0.8 s.
        for (var i = 1; i < attempts.Count; i++)
            Assert.True(attempts[i].ReceivedAt - attempts[i - 1].ReceivedAt >= TimeSpan.FromSeconds(0.2 * Math.Pow(2, i - 1)) - TimeSpan.FromMilliseconds(20),
                $"Attempt {i + 1} came {(attempts[i].ReceivedAt - attempts[i - 1].ReceivedAt).TotalSeconds:0.000} s after attempt {i}.");
        var delivery = (await DeliveriesWhenDone(hook, 1)).Single()!;
        Assert.Equal("Succeeded", (string)delivery["status"]!);
        Assert.Equal(4, (int)delivery["attempts"]!);
        Assert.Equal(200, (int)delivery["lastStatusCode"]!);
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_is_given_up_after_the_last_attempt_saying_why()
    {
        using var receiver = new WebhookReceiver(500, 500, 500, 500, 500, 500);
        var (hook, _) = await Hook(receiver.Url, WebhookEvents.DocumentPosted);

        await AdjustIn(await _api.Warehouse(), await _api.Product("Fifo"), 1);

        var delivery = (await DeliveriesWhenDone(hook, 1)).Single()!;
        Assert.Equal("Failed", (string)delivery["status"]!);
        Assert.Equal(4, (int)delivery["attempts"]!);
        Assert.Equal(500, (int)delivery["lastStatusCode"]!);
        Assert.Contains("answered 500", (string)delivery["lastError"]!);
        Assert.Equal(4, receiver.Received.Count);
    }

    [Fact]
    public async Task A_refused_or_rolled_back_document_sends_nothing()
    {
        using var receiver = new WebhookReceiver();
        var (hook, _) = await Hook(receiver.Url, WebhookEvents.DocumentPosted, WebhookEvents.SerialMoved);
        var warehouse = await _api.Warehouse();
        var product = await _api.Product("Fifo");

        await _api.PostRefused("/api/stock-adjustments", new
        {
            warehouseId = warehouse, reason = "Lost",
            lines = new[] { new { productId = product, direction = "Out", quantity = 5 } },
        }, HttpStatusCode.Conflict);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            // A posting appended and then rolled back, as a request that fails after appending would be.
            var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            var posting = new Posting(DateTime.UtcNow);
            posting.LayersIn.Add(new LayerIn(product, warehouse, null, 7, 1, new DocumentRef(SourceType.StockAdjustment, 1, "ADJ-ROLLED-BACK"), MovementKind.AdjustedIn, "Rolled back"));
            await scope.ServiceProvider.GetRequiredService<LedgerWriter>().AppendAsync(posting, CancellationToken.None);
            Assert.Equal(1, await db.WebhookDeliveries.CountAsync(d => d.WebhookId == hook));
            await tx.RollbackAsync();
        }
        await AdjustIn(warehouse, product, 2);

        var deliveries = await DeliveriesWhenDone(hook, 1);
        var only = Assert.Single(deliveries)!;
        Assert.Equal("Succeeded", (string)only["status"]!);
        var body = Assert.Single(await receiver.WaitFor(1)).Json;
        Assert.Equal(2m, (decimal)body["data"]!["lines"]!.AsArray().Single()!["quantity"]!);
        Assert.Equal(2m, await _api.OnHand(product, warehouse));
    }

    [Fact]
    public async Task Two_nodes_send_each_delivery_once()
    {
        var second = Node();
        _ = second.Services; // the second node starts, and its sender with it
        using var receiver = new WebhookReceiver();
        var (hook, _) = await Hook(receiver.Url, WebhookEvents.DocumentPosted);
        var warehouse = await _api.Warehouse();
        var product = await _api.Product("Fifo");

        for (var i = 1; i <= 8; i++) await AdjustIn(warehouse, product, i);

        var deliveries = await DeliveriesWhenDone(hook, 8);
        Assert.Equal(8, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal("Succeeded", (string)d!["status"]!));
        var ids = receiver.Received.Select(d => d.Headers["Stocktrail-Delivery"]).ToList();
        Assert.Equal(8, ids.Count);
        Assert.Equal(8, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_hook_is_made_with_a_secret_shown_once_and_bad_ones_are_refused_with_every_problem()
    {
        var (id, secret) = await Hook("https://example.invalid/stocktrail", WebhookEvents.DocumentPosted);
        Assert.StartsWith("whsec_", secret);
        var read = await _api.Get($"/api/webhooks/{id}");
        Assert.Null(read["secret"]);
        Assert.DoesNotContain(secret, (await _api.Get("/api/webhooks")).ToJsonString());

        var problem = await _api.PostRefused("/api/webhooks",
            new { url = "ftp://files.example/hook", events = new[] { "batch.expiring", "stock.teleported" } }, HttpStatusCode.BadRequest);
        problem.Mentions("not an absolute http or https address", "'stock.teleported' is not known");
        (await _api.PostRefused("/api/webhooks", new { url = "https://user:secret@example.invalid/hook", events = new[] { "document.posted" } }, HttpStatusCode.BadRequest))
            .Mentions("must not carry a user name or password");
        (await _api.PostRefused("/api/webhooks", new { url = "https://example.invalid/hook" }, HttpStatusCode.BadRequest)).Mentions("events is required");

        var changed = await _api.Refused(HttpMethod.Patch, $"/api/webhooks/{id}", new { events = Array.Empty<string>() }, HttpStatusCode.BadRequest);
        changed.Mentions("events is empty");
        var patch = await _api.Http.PatchAsJsonAsync($"/api/webhooks/{id}", new { isActive = false, events = new[] { "serial.moved", "document.posted" } });
        var patched = JsonNode.Parse(await patch.Content.ReadAsStringAsync())!;
        Assert.False((bool)patched["isActive"]!);
        Assert.Equal(["document.posted", "serial.moved"], patched["events"]!.AsArray().Select(e => (string)e!));
    }

    [Fact]
    public async Task Other_roles_may_not_see_or_make_webhooks()
    {
        foreach (var role in new[] { "Purchasing", "Warehouse", "Production", "Sales", "Viewer" })
        {
            using var client = await _app.ClientAsAsync(role);
            var list = await client.GetAsync("/api/webhooks");
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
            var made = await client.PostAsJsonAsync("/api/webhooks", new { url = "http://127.0.0.1:5149/", events = new[] { "document.posted" } });
            Assert.Equal(HttpStatusCode.Forbidden, made.StatusCode);
            Assert.Contains($"The role {role} may not", await made.Content.ReadAsStringAsync());
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var id in _hooks) await _api.Http.DeleteAsync($"/api/webhooks/{id}");
        foreach (var node in _nodes) await node.DisposeAsync();
    }
}

/// <summary>The rules of sending that need no app: where a webhook may go, and how long a retry waits.</summary>
public sealed class WebhookRulesTests
{
    [Theory]
    [InlineData("169.254.169.254", false, "a link-local address")]
    [InlineData("fe80::1", false, "a link-local address")]
    [InlineData("0.0.0.0", false, "an unspecified address")]
    [InlineData("224.0.0.1", false, "a multicast or reserved address")]
    [InlineData("127.0.0.1", false, null)]
    [InlineData("192.168.1.20", false, null)]
    [InlineData("127.0.0.1", true, "a loopback address")]
    [InlineData("10.1.2.3", true, "a private-network address")]
    [InlineData("172.20.0.5", true, "a private-network address")]
    [InlineData("fd00::5", true, "a private-network address")]
    [InlineData("93.184.216.34", true, null)]
    public void Webhooks_are_never_sent_to_link_local_or_reserved_addresses_and_optionally_not_to_private_ones(string address, bool blockPrivate, string? refusal) =>
        Assert.Equal(refusal, WebhookAddresses.Refusal(IPAddress.Parse(address), blockPrivate));

    [Fact]
    public void The_wait_before_a_retry_doubles_from_the_base_and_stops_growing_at_six_hours()
    {
        var options = new WebhookOptions { RetryBaseSeconds = 10 };
        Assert.Equal([10, 20, 40, 80], Enumerable.Range(1, 4).Select(n => options.RetryAfter(n).TotalSeconds));
        Assert.Equal(TimeSpan.FromHours(6), options.RetryAfter(30));
    }
}
