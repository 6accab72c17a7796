using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Stocktrail.Tests.Infrastructure;

/// <summary>
/// Every row of every table of a test's SQLite file, hashed per table: what a refused request must leave exactly as
/// it was. (The tables a request may touch without changing anything, the data protection keys and an idempotency
/// claim, are left out, and so are webhook deliveries, which the background sender updates on its own time; that a
/// refused request adds none is tested in WebhookTests.)
/// </summary>
public static class DatabaseFingerprint
{
    private static readonly HashSet<string> Ignored = ["__EFMigrationsHistory", "DataProtectionKeys", "IdempotentRequest", "WebhookDeliveries", "sqlite_sequence"];

    public static async Task<IReadOnlyDictionary<string, string>> OfAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var result = new SortedDictionary<string, string>();
        foreach (var table in tables.Where(t => !Ignored.Contains(t)))
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
            await using var reader = await select.ExecuteReaderAsync();
            var text = new StringBuilder();
            var rows = 0;
            while (await reader.ReadAsync())
            {
                rows++;
                for (var i = 0; i < reader.FieldCount; i++) text.Append(reader.IsDBNull(i) ? "∅" : reader.GetValue(i)).Append('|');
                text.Append('\n');
            }
            result[table] = $"{rows} rows, {Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16]}";
        }
        return result;
    }

    public static void AssertSame(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after, string what)
    {
        var changed = before.Keys.Union(after.Keys).Where(t => before.GetValueOrDefault(t) != after.GetValueOrDefault(t)).ToList();
        Assert.True(changed.Count == 0, $"{what} changed the tables {string.Join(", ", changed.Select(t => $"{t} ({before.GetValueOrDefault(t)} → {after.GetValueOrDefault(t)})"))}.");
    }
}
