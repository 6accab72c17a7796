using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Data;

/// <summary>
/// A database made by any earlier release upgrades in place with every row intact: the current app starts on a copy of
/// a SQLite file that release 0.1 made (tests/fixtures/release-0.1.db) and migrates it.
/// </summary>
public sealed class UpgradeFromRelease01Tests(Release01SqliteFactory factory) : IClassFixture<Release01SqliteFactory>
{
    [Fact]
    public async Task A_SQLite_database_made_by_release_0_1_upgrades_in_place_with_every_row_intact()
    {
        var api = new Api(factory.CreateClient());
        using (var upgraded = new SqliteConnection($"Data Source={factory.DatabasePath};Mode=ReadOnly;Pooling=False"))
        {
            upgraded.Open();
            factory.Before!.AssertEveryRowIntact(upgraded);
        }
        await factory.Before!.AssertUpgradedThroughTheApiAsync(factory.Services, api);
        await Release01.AssertNewWorkNamesItsUserAsync(api);
    }
}

/// <summary>The app on a copy of release 0.1's SQLite file, with a bootstrap key (the file has no users, so admin is made).</summary>
public sealed class Release01SqliteFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "stocktrail-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(_folder, "stocktrail.db");

    public string BootstrapKey { get; } = TestUsers.NewBootstrapKey();

    /// <summary>The file as release 0.1 left it, read before the app first opens it.</summary>
    public Release01? Before { get; private set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (Before is null)
        {
            Directory.CreateDirectory(_folder);
            File.Copy(Release01.FixturePath("release-0.1.db"), DatabasePath);
            using var fixture = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
            fixture.Open();
            Before = Release01.Read(fixture);
        }
        builder.UseEnvironment("Testing");
        builder.UseSetting("Stocktrail:BootstrapApiKey", BootstrapKey);
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Stocktrail", $"Data Source={DatabasePath}");
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        TestUsers.Authenticate(client, BootstrapKey);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* a file still held open by the OS is left for the temp folder's own clean-up */ }
    }
}
