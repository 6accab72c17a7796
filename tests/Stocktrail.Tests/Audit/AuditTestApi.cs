using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Audit;

/// <summary>The audit log and the users behind it, over HTTP.</summary>
public static class AuditTestApi
{
    /// <summary>A client of the role's test user, and that user's id and name.</summary>
    public static async Task<(Api Api, int Id, string UserName)> As<T>(this WebApplicationFactory<T> factory, string role) where T : class
    {
        var api = new Api(await factory.ClientAsAsync(role));
        var me = await api.Get("/api/me");
        return (api, (int)me["id"]!, (string)me["userName"]!);
    }

    /// <summary>A user of its own, made for one test: what it did is all that the log filtered by its id holds.</summary>
    public static async Task<(Api Api, int Id, string UserName)> NewUser<T>(this WebApplicationFactory<T> factory, string role) where T : class
    {
        var admin = new Api(factory.CreateClient());
        var userName = Api.Unique(role.ToLowerInvariant());
        var id = (int)(await admin.PostOk("/api/users", new { userName, role }))["id"]!;
        var key = (string)(await admin.PostOk($"/api/users/{id}/api-keys", new { name = "Test key" }))["key"]!;
        var client = factory.CreateDefaultClient();
        TestUsers.Authenticate(client, key);
        return (new Api(client), id, userName);
    }

    /// <summary>One page of the log (read by an Administrator), newest first.</summary>
    public static async Task<JsonNode> AuditPage(this Api admin, string query = "") => await admin.Get($"/api/audit{(query.Length == 0 ? "" : "?" + query)}");

    public static async Task<List<JsonNode>> Audit(this Api admin, string query = "") =>
        (await admin.AuditPage(query.Length == 0 ? "pageSize=1000" : query + "&pageSize=1000"))["items"]!.AsArray().Select(i => i!).ToList();

    /// <summary>The lines about one document, oldest first.</summary>
    public static async Task<List<JsonNode>> AuditOf(this Api admin, string documentNumber) =>
        (await admin.Audit()).Where(e => (string?)e["documentNumber"] == documentNumber).Reverse().ToList();

    public static IEnumerable<JsonNode> AsArrayOf(this JsonNode node, string name) => node[name]!.AsArray().Select(n => n!);

    public static IEnumerable<string> Actions(this IEnumerable<JsonNode> entries) => entries.Select(e => (string)e["action"]!);
}
