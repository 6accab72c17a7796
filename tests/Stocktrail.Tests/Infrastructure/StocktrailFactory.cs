using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Stocktrail.Tests.Infrastructure;

/// <summary>The whole app on a real SQLite file of its own, one per test class; each test makes its own data in it.</summary>
public sealed class StocktrailFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "stocktrail-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(_folder, "stocktrail.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_folder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Stocktrail:BootstrapApiKey", BootstrapKey);
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Stocktrail", $"Data Source={DatabasePath}");
    }

    /// <summary>The Administrator admin's key, made at the app's first start; <see cref="WebApplicationFactory{T}.CreateClient()"/> sends it.</summary>
    public string BootstrapKey { get; } = TestUsers.NewBootstrapKey();

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
