using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Stocktrail.Data;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Web;

namespace Stocktrail.Tests.Web;

/// <summary>Idempotency keys expire, a claim left by a request that died is freed, and old keys are pruned.</summary>
public sealed class IdempotencyExpiryTests(StocktrailFactory factory) : ApiTest(factory)
{
    private static async Task<(HttpStatusCode Status, JsonNode? Body, bool Replayed)> Post(HttpClient http, string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(IdempotencyMiddleware.Header, key);
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers.Contains("Idempotent-Replayed"));
    }

    private (Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> App, FakeTimeProvider Clock) AppWithFakeClock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        return (Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock))), clock);
    }

    [Fact]
    public async Task A_key_is_replayed_for_24_hours_and_after_that_a_repeat_is_a_new_request()
    {
        var (app, clock) = AppWithFakeClock();
        using var _ = app;
        var http = app.CreateClient();
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 10, 2m));
        var receipt = new { lines = new[] { new { lineId = lines[0], quantity = 2 } } };
        var key = Guid.NewGuid().ToString();

        var first = await Post(http, $"/api/purchase-orders/{order}/receipts", receipt, key);
        clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        var withinADay = await Post(http, $"/api/purchase-orders/{order}/receipts", receipt, key);
        clock.Advance(TimeSpan.FromSeconds(2));
        var nextDay = await Post(http, $"/api/purchase-orders/{order}/receipts", receipt, key);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.True(withinADay.Replayed);
        Assert.Equal((int)first.Body!["id"]!, (int)withinADay.Body!["id"]!);
        Assert.Equal(HttpStatusCode.Created, nextDay.Status);
        Assert.False(nextDay.Replayed);
        Assert.NotEqual((int)first.Body!["id"]!, (int)nextDay.Body!["id"]!);
        Assert.Equal(4m, await Api.OnHand(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_claim_left_by_a_request_that_never_answered_is_freed_after_the_claim_timeout()
    {
        var (app, clock) = AppWithFakeClock();
        using var _ = app;
        var http = app.CreateClient();
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 10, 2m));
        var path = $"/api/purchase-orders/{order}/receipts";
        var key = Guid.NewGuid().ToString();
        // What a request whose process was killed between claiming and answering leaves behind.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
            db.Add(new IdempotentRequest(key, "POST", path, null, clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        }
        var receipt = new { lines = new[] { new { lineId = lines[0], quantity = 3 } } };

        var meanwhile = await Post(http, path, receipt, key);
        clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        var later = await Post(http, path, receipt, key);
        var repeat = await Post(http, path, receipt, key);

        Assert.Equal(HttpStatusCode.Conflict, meanwhile.Status);
        Assert.Contains("still being answered", (string)meanwhile.Body!["detail"]!);
        Assert.Equal(HttpStatusCode.Created, later.Status);
        Assert.False(later.Replayed);
        Assert.True(repeat.Replayed);
        Assert.Equal(3m, await Api.OnHand(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task The_sweep_deletes_keys_past_their_day_and_abandoned_claims_and_keeps_the_rest()
    {
        var options = new IdempotencyOptions();
        var now = DateTime.UtcNow;
        var prefix = Guid.NewGuid().ToString("N");
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
        IdempotentRequest Key(string name, TimeSpan age, bool answered)
        {
            var request = new IdempotentRequest($"{prefix}-{name}", "POST", "/api/x", null, now - age);
            if (answered) request.Answered(201, "application/json", [1]);
            return request;
        }
        db.AddRange(
            Key("old", TimeSpan.FromHours(25), answered: true),
            Key("fresh", TimeSpan.FromHours(23), answered: true),
            Key("abandoned", TimeSpan.FromMinutes(3), answered: false),
            Key("running", TimeSpan.FromSeconds(30), answered: false));
        await db.SaveChangesAsync();

        await IdempotencySweep.PruneAsync(db, options, now, CancellationToken.None);

        var left = await db.Set<IdempotentRequest>().AsNoTracking().Where(r => r.Key.StartsWith(prefix)).Select(r => r.Key).OrderBy(k => k).ToListAsync();
        Assert.Equal([$"{prefix}-fresh", $"{prefix}-running"], left);
    }

    [Fact]
    public void The_times_are_settings_with_a_day_and_two_minutes_by_default()
    {
        var configured = Factory.Services.GetRequiredService<IOptions<IdempotencyOptions>>().Value;
        Assert.Equal(TimeSpan.FromHours(24), configured.KeepFor);
        Assert.Equal(TimeSpan.FromMinutes(2), configured.ClaimTimeout);
        using var app = Factory.WithWebHostBuilder(b => b.UseSetting("Stocktrail:Idempotency:KeepFor", "01:00:00"));
        Assert.Equal(TimeSpan.FromHours(1), app.Services.GetRequiredService<IOptions<IdempotencyOptions>>().Value.KeepFor);
    }
}
