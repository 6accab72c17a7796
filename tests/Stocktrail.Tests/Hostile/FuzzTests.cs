using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stocktrail.Data;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Postgres;
using Stocktrail.Tests.Sales;
using Stocktrail.Tests.StockTakes;

namespace Stocktrail.Tests.Hostile;

public sealed class FuzzTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public Task Malformed_bodies_on_every_post_and_patch_never_give_5xx_and_refusals_change_nothing() => Fuzz.RunAsync(Api, Factory.Services);
}

public sealed class FuzzOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public Task Malformed_bodies_on_every_post_and_patch_never_give_5xx_and_refusals_change_nothing() => Fuzz.RunAsync(Api, Factory.Services);
}

/// <summary>
/// Sends seeded random malformed bodies (wrong types, nulls, huge and negative numbers, long strings, control
/// characters, missing fields, arrays where objects go, huge serial ranges) to every POST and PATCH route the app maps,
/// as its endpoint data source lists them, so new endpoints are covered without touching this test. Every answer must be
/// below 500, and after every refusal each table must hold exactly the rows it held before (row counts and a checksum
/// of every row). A failure names the seed, route and body, so it can be replayed.
/// </summary>
public static class Fuzz
{
    private const int Seed = 20261201;
    private const int BodiesPerRoute = 12;

    private static readonly string[] Fields =
    [
        "lines", "productId", "quantity", "serials", "batches", "batch", "warehouseId", "lineId", "unitCost", "unitPrice", "direction",
        "reason", "effectiveDate", "name", "code", "sku", "trackingType", "costPrice", "sellPrice", "isActive", "from", "to",
        "customerId", "supplierId", "description", "amount", "actualQuantity", "outputs", "components", "serial", "fromWarehouseId",
        "toWarehouseId", "outputProductId", "text", "mode", "number", "expiresOn", "pick",
    ];

    public static async Task RunAsync(Api api, IServiceProvider services)
    {
        await SeedAsync(api);
        var routes = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Pattern: e.RoutePattern.RawText ?? "")))
            .Where(r => r.Method is "POST" or "PATCH")
            .Distinct().OrderBy(r => r.Pattern).ThenBy(r => r.Method).ToList();
        Assert.True(routes.Count >= 25, $"Only {routes.Count} POST and PATCH routes were found: {string.Join(", ", routes)}");

        var random = new Random(Seed);
        var before = await SnapshotAsync(services);
        foreach (var (method, pattern) in routes)
        {
            for (var i = 0; i < BodiesPerRoute; i++)
            {
                var path = FillRoute(pattern, random);
                var (body, contentType) = Body(random);
                var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
                var response = await api.Http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var what = $"seed {Seed}, {method} {path} ({contentType}) with {Shorten(body)}";
                Assert.True((int)response.StatusCode < 500, $"{what} answered {(int)response.StatusCode}: {Shorten(text)}");

                // An accepted request may have queued background work (a 202 with its job): it is let finish first,
                // or its later writes would be charged to the next, refused, request.
                if ((int)response.StatusCode < 400) await BackgroundJobsIdle.UntilIdleAsync(services);
                var after = await SnapshotAsync(services);
                if ((int)response.StatusCode >= 400)
                {
                    var changed = after.Where(t => before.GetValueOrDefault(t.Key) != t.Value).Select(t => t.Key).ToList();
                    Assert.True(changed.Count == 0, $"{what} was refused ({(int)response.StatusCode}) but changed {string.Join(", ", changed)}: {Shorten(text)}");
                }
                before = after;
            }
        }
        await api.AssertLedgerConsistent();
    }

    /// <summary>Documents of every kind, so that ids 1 and 2 in a route mostly name something that exists.</summary>
    private static async Task SeedAsync(Api api)
    {
        var warehouse = await api.Warehouse();
        await api.Warehouse();
        var customer = await api.Customer();
        var serial = await api.SerialsInStock(warehouse, 2m, "FZ-1", "FZ-2", "FZ-3");
        var fifo = await api.FifoInStock(warehouse, (10, 1.5m));
        await api.NewSale(warehouse, (fifo, 2, 3m));
        await api.NewSale(warehouse, (serial, 1, 3m));
        await api.PostOk("/api/projects", new { name = "Fuzz project", customerId = customer });
        await api.PostOk("/api/production-jobs", new { outputProductId = serial, quantity = 1, warehouseId = warehouse });
        var take = await api.StartStockTake(warehouse);
        await api.ExportCsv(take);
    }

    private static string FillRoute(string pattern, Random random)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{([^}:]+)(:[^}]*)?\}", m => m.Groups[1].Value.Contains("serial", StringComparison.OrdinalIgnoreCase)
            ? Uri.EscapeDataString(Pick(random, ["FZ-1", "NOPE", "", "x".PadRight(100, 'x'), "%00", "..", "FZ-1..FZ-9"]))
            : Pick(random, ["1", "1", "2", "2", "3", "0", "-1", "2147483648", "abc", "99999"]));
        return "/" + path.TrimStart('/') + Pick(random, ["", "", "", "?async=true", "?format=xlsx", "?x=%00"]);
    }

    private static (string Body, string ContentType) Body(Random random) => random.Next(10) switch
    {
        0 => (Pick(random, ["", "{", "[", "nul", "{\"lines\":", "\"text\"", "12", "[1,2,3]", "{\"a\":1}}"]), "application/json"),
        1 => ("Sku,Name,Warehouse,SerialOrBatch,UnitCost,OnHand,Counted\nX,Y,Z,FZ-1,1e30,-1,abc\n" + Text(random), "text/csv"),
        2 => (Value(random, 0)?.ToJsonString() ?? "null", Pick(random, ["text/plain", "application/xml", "application/json"])),
        3 or 4 or 5 => (Almost(random).ToJsonString(), "application/json"),
        _ => (Object(random, 0).ToJsonString(), "application/json"),
    };

    /// <summary>A body of the usual shape (ids that exist, lines) with random values in it, to get past the binder into the checks.</summary>
    private static JsonObject Almost(Random random)
    {
        JsonNode? Id() => random.Next(4) == 0 ? Value(random, 2) : JsonValue.Create(random.Next(1, 4));
        JsonNode? Number() => random.Next(3) == 0 ? Value(random, 2) : JsonValue.Create(Pick(random, [1m, 2m, 0m, -3m, 0.333333333m, 1e12m, 999999999999.99999999m]));
        var o = Object(random, 1);
        o["warehouseId"] = Id();
        o["reason"] = JsonValue.Create(Text(random));
        o["lines"] = new JsonArray(Enumerable.Range(0, random.Next(1, 4)).Select(_ => (JsonNode?)new JsonObject
        {
            ["productId"] = Id(), ["lineId"] = Id(), ["quantity"] = Number(), ["unitCost"] = Number(), ["unitPrice"] = Number(),
            ["direction"] = JsonValue.Create(Pick(random, ["In", "Out", "in", "sideways", ""])),
            ["serials"] = random.Next(3) == 0 ? Value(random, 2) : new JsonArray(Enumerable.Range(0, random.Next(0, 4)).Select(_ => (JsonNode?)JsonValue.Create(Text(random))).ToArray()),
            ["batches"] = random.Next(2) == 0 ? null : new JsonArray(new JsonObject { ["batch"] = JsonValue.Create(Text(random)), ["quantity"] = Number() }),
        }).ToArray());
        return o;
    }

    private static JsonObject Object(Random random, int depth)
    {
        var o = new JsonObject();
        foreach (var field in Fields.OrderBy(_ => random.Next()).Take(random.Next(0, 7))) o[field] = Value(random, depth + 1);
        return o;
    }

    private static JsonNode? Value(Random random, int depth) => random.Next(depth >= 3 ? 6 : 9) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(Pick(random, [0m, -1m, 1m, 2m, 0.5m, 1e-9m, 1e12m, 79228162514264337593543950335m, -79228162514264337593543950335m, 3m, 1_000_000m])),
        3 => JsonValue.Create(Pick(random, [double.MaxValue, 1e300, -1e-300, 1.5])),
        4 or 5 => JsonValue.Create(Text(random)),
        6 => new JsonArray(Enumerable.Range(0, random.Next(0, 4)).Select(_ => Value(random, depth + 1)).ToArray()),
        7 => new JsonArray(Enumerable.Range(0, random.Next(1, 3)).Select(_ => (JsonNode?)Object(random, depth + 1)).ToArray()),
        _ => Object(random, depth + 1),
    };

    // NUL among them: PostgreSQL cannot store it, so it must be refused before it gets there (finding 7).
    private static string Text(Random random) => Pick(random,
    [
        "", " ", "FZ-1", "fz-2", "In", "Out", "Serial", "Fifo", "Batch", "NonStock", "2026-01-01", "9999-12-31T00:00:00Z", "not a date",
        "SN-0000001..SN-9999999", "X-0000001..", "A..B", "1..2", "FZ-1,FZ-2\nFZ-3", new string('x', 5_000), "tab\there", "bell\u0007",
        "esc\u001b[31m", "nul\u0000here", "\u0000", "zero\u200bwidth", "\u202eSN", "SN-\uD800", "'; DROP TABLE \"Products\"; --", "{\"nested\":1}", "١٢٣",
    ]);

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + $"… ({text.Length} characters)";

    /// <summary>Per table: its row count and a SHA-256 of every row, read in key order.</summary>
    private static async Task<Dictionary<string, string>> SnapshotAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Order().ToList();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var snapshot = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
            await using var reader = await command.ExecuteReaderAsync();
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var rows = 0;
            while (await reader.ReadAsync())
            {
                rows++;
                for (var c = 0; c < reader.FieldCount; c++)
                    sha.AppendData(Encoding.UTF8.GetBytes(Convert.ToString(reader.GetValue(c), System.Globalization.CultureInfo.InvariantCulture) + "\u001f"));
                sha.AppendData("\n"u8);
            }
            snapshot[table] = $"{rows} rows, {Convert.ToHexString(sha.GetHashAndReset())}";
        }
        return snapshot;
    }
}
