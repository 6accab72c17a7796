using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Web;

public sealed class IdempotencyTests(StocktrailFactory factory) : ApiTest(factory)
{
    private async Task<(HttpStatusCode Status, JsonNode? Body, bool Replayed)> Post(string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        var response = await Api.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task A_receipt_repeated_with_the_same_key_returns_the_first_answer_and_receives_nothing_again()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 10, 2m));
        var receipt = new { lines = new[] { new { lineId = lines[0], quantity = 4 } } };
        var key = Guid.NewGuid().ToString();

        var first = await Post($"/api/purchase-orders/{order}/receipts", receipt, key);
        var again = await Post($"/api/purchase-orders/{order}/receipts", receipt, key);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.False(first.Replayed);
        Assert.Equal(HttpStatusCode.Created, again.Status);
        Assert.True(again.Replayed);
        Assert.Equal((int)first.Body!["id"]!, (int)again.Body!["id"]!);
        Assert.Equal(4m, await Api.OnHand(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Two_copies_sent_at_once_with_one_key_are_applied_once()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 10, 2m));
        var receipt = new { lines = new[] { new { lineId = lines[0], quantity = 3 } } };
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Post($"/api/purchase-orders/{order}/receipts", receipt, key)));

        Assert.Contains(answers, a => a.Status == HttpStatusCode.Created && !a.Replayed);
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{a.Status}: {a.Body}"));
        Assert.Equal(3m, await Api.OnHand(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_refused_request_frees_its_key_and_a_key_used_elsewhere_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 2, 2m));
        var key = Guid.NewGuid().ToString();

        var tooMany = await Post($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 5 } } }, key);
        var fixedUp = await Post($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 2 } } }, key);
        var elsewhere = await Post("/api/warehouses", new { code = Api.Unique("WH"), name = "Other" }, key);

        Assert.Equal(HttpStatusCode.Conflict, tooMany.Status);
        Assert.Equal(HttpStatusCode.Created, fixedUp.Status);
        Assert.Equal(HttpStatusCode.Conflict, elsewhere.Status);
        Assert.Contains("was already used for POST", (string)elsewhere.Body!["detail"]!);
        Assert.Equal(2m, await Api.OnHand(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_refused_and_not_applied()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 10, 2m));
        var key = Guid.NewGuid().ToString();

        var first = await Post($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 2 } } }, key);
        var other = await Post($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 5 } } }, key);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.Status);
        Assert.False(other.Replayed);
        Assert.Contains("different request body", (string)other.Body!["detail"]!);
        Assert.Equal(2m, await Api.OnHand(product));
        var same = await Post($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 2 } } }, key);
        Assert.True(same.Replayed);
        Assert.Equal(2m, await Api.OnHand(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Another_users_request_with_the_same_key_is_refused_and_never_gets_the_first_users_answer()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 10, 2m));
        var receipt = new { lines = new[] { new { lineId = lines[0], quantity = 3 } } };
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await Post($"/api/purchase-orders/{order}/receipts", receipt, key)).Status);

        using var other = await Factory.ClientAsAsync("Warehouse");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/purchase-orders/{order}/receipts") { Content = JsonContent.Create(receipt) };
        request.Headers.Add("Idempotency-Key", key);
        var response = await other.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
        Assert.Contains("by another user", await response.Content.ReadAsStringAsync());
        Assert.Equal(3m, await Api.OnHand(product));
    }

    [Fact]
    public async Task A_key_on_a_path_longer_than_can_be_kept_is_refused_with_a_problem()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/warehouses/" + new string('x', 500)) { Content = JsonContent.Create(new { }) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        var response = await Api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("at most 400 characters", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_answer_too_large_to_keep_is_not_stored_whole_and_a_repeat_applies_nothing_again()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        const int units = 40_000;
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, units, 1m));
        var prefix = "LARGE-ANSWER-" + new string('P', 24) + "-";
        var receipt = new { lines = new[] { new { lineId = lines[0], quantity = units, serials = new[] { $"{prefix}000001..{prefix}{units:D6}" } } } };
        var key = Guid.NewGuid().ToString();

        var first = await Post($"/api/purchase-orders/{order}/receipts", receipt, key);
        var again = await Post($"/api/purchase-orders/{order}/receipts", receipt, key);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.True(first.Body!.ToJsonString().Length > Stocktrail.Web.IdempotencyMiddleware.MaxStoredAnswerBytes);
        Assert.Equal(HttpStatusCode.Created, again.Status);
        Assert.True(again.Replayed);
        Assert.Contains("larger than", (string)again.Body!["detail"]!);
        Assert.Equal(units, await Api.OnHand(product));
        await Api.AssertLedgerConsistent();
    }
}
