using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Postgres;

/// <summary>Users, keys and the role table on PostgreSQL: the bootstrap administrator, a role's change made and refused, a deactivated user's key.</summary>
public sealed class AccessOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public async Task A_warehouse_key_receives_a_viewer_key_is_refused_and_a_deactivated_users_key_stops()
    {
        var me = await Api.Get("/api/me");
        Assert.Equal("admin", (string)me["userName"]!);

        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 2, 5m));
        var receipt = new { lines = new[] { new { lineId = lines[0], quantity = 2, serials = new[] { "PG-A1", "PG-A2" } } } };

        using var viewer = await Factory.ClientAsAsync("Viewer");
        var refused = await viewer.PostAsJsonAsync($"/api/purchase-orders/{order}/receipts", receipt);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("The role Viewer may not receive purchase orders", (string)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["detail"]!);
        Assert.Equal(0, await Api.OnHand(product));

        var (warehouseUser, key) = await TestUsers.UserAsync(Factory, "Warehouse");
        using var worker = Factory.CreateClient();
        worker.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.Created, (await worker.PostAsJsonAsync($"/api/purchase-orders/{order}/receipts", receipt)).StatusCode);
        Assert.Equal(2, await Api.OnHand(product));
        var workerName = (string)JsonNode.Parse(await worker.GetStringAsync("/api/me"))!["userName"]!;
        Assert.All(await Api.Movements(product), m => Assert.Equal(workerName, (string)m!["userName"]!));

        await Api.Patch($"/api/users/{warehouseUser}", new { isActive = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await worker.GetAsync("/api/warehouses")).StatusCode);
        await Api.AssertLedgerConsistent();
    }
}
