using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Stocktrail.Tests.Infrastructure;

/// <summary>
/// How the tests sign in: every test app starts with the bootstrap key (so its first client is the Administrator
/// admin, as a script on a fresh installation would be), and a client of any other role is a user made through the
/// API with an API key of its own. Authentication is never turned off.
/// </summary>
public static class TestUsers
{
    /// <summary>Each test app's own bootstrap key, random, as an installation's would be.</summary>
    public static string NewBootstrapKey() => "test-bootstrap-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    public static void Authenticate(HttpClient client, string key) =>
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<string, Lazy<Task<(int Id, string Key)>>>> Made = new();

    /// <summary>A user of <paramref name="role"/> with an API key, made once per test app; returns a client acting as them.</summary>
    public static async Task<HttpClient> ClientAsAsync<T>(this WebApplicationFactory<T> factory, string role) where T : class
    {
        var (_, key) = await UserAsync(factory, role);
        var client = factory.CreateDefaultClient();
        Authenticate(client, key);
        return client;
    }

    /// <summary>The id and key of the test user of <paramref name="role"/> (made by the Administrator on first use).</summary>
    public static Task<(int Id, string Key)> UserAsync<T>(WebApplicationFactory<T> factory, string role) where T : class
    {
        var users = Made.GetOrCreateValue(factory);
        return users.GetOrAdd(role, r => new Lazy<Task<(int, string)>>(() => MakeAsync(factory, r))).Value;
    }

    private static async Task<(int, string)> MakeAsync<T>(WebApplicationFactory<T> factory, string role) where T : class
    {
        using var admin = factory.CreateClient();
        var userName = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..24];
        var user = await Post(admin, "/api/users", new { userName, role, displayName = $"Test {role}" });
        var id = (int)user["id"]!;
        var key = await Post(admin, $"/api/users/{id}/api-keys", new { name = "Test key" });
        return (id, (string)key["key"]!);
    }

    private static async Task<JsonNode> Post(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}
