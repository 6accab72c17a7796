using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Stocktrail.Tests.Data;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Postgres;

/// <summary>
/// The same upgrade on PostgreSQL: a fresh database is loaded with release 0.1's dump (tests/fixtures/release-0.1.postgres.sql)
/// and the current app starts on it.
/// </summary>
public sealed class UpgradeFromRelease01OnPostgresTests(Release01PostgresFactory factory) : IClassFixture<Release01PostgresFactory>
{
    [PostgresFact]
    public async Task A_PostgreSQL_database_made_by_release_0_1_upgrades_in_place_with_every_row_intact()
    {
        var api = new Api(factory.CreateClient());
        using (var upgraded = new NpgsqlConnection(factory.ConnectionString))
        {
            upgraded.Open();
            factory.Before!.AssertEveryRowIntact(upgraded);
        }
        await factory.Before!.AssertUpgradedThroughTheApiAsync(factory.Services, api);
        await Release01.AssertNewWorkNamesItsUserAsync(api);
    }
}

/// <summary>The app on a database of its own loaded from release 0.1's dump, dropped after the class.</summary>
public sealed class Release01PostgresFactory : WebApplicationFactory<Program>
{
    private readonly string _database = $"stocktrail_test_{Guid.NewGuid():N}";
    private bool _created;

    public string ConnectionString => new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = _database, Pooling = false }.ToString();

    public string BootstrapKey { get; } = TestUsers.NewBootstrapKey();

    /// <summary>The database as release 0.1's dump made it, read before the app first opens it.</summary>
    public Release01? Before { get; private set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (!_created)
        {
            PostgresServer.Execute($"CREATE DATABASE \"{_database}\"");
            _created = true;
            using var connection = new NpgsqlConnection(ConnectionString);
            connection.Open();
            // pg_dump's plain SQL, less psql's own backslash commands, which only psql understands.
            var dump = string.Join('\n', File.ReadLines(Release01.FixturePath("release-0.1.postgres.sql")).Where(l => !l.StartsWith('\\')));
            using (var load = new NpgsqlCommand(dump, connection)) load.ExecuteNonQuery();
            using (var reset = new NpgsqlCommand("RESET search_path", connection)) reset.ExecuteNonQuery();
            Before = Release01.Read(connection);
        }
        builder.UseEnvironment("Testing");
        builder.UseSetting("Stocktrail:BootstrapApiKey", BootstrapKey);
        builder.UseSetting("Database:Provider", "Postgres");
        builder.UseSetting("ConnectionStrings:Stocktrail", new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = true }.ToString());
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        TestUsers.Authenticate(client, BootstrapKey);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || !_created) return;
        NpgsqlConnection.ClearAllPools();
        PostgresServer.DropDatabase(_database);
    }
}
