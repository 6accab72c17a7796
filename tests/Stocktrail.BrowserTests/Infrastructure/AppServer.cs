using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Stocktrail.BrowserTests.Infrastructure;

/// <summary>The whole app served by Kestrel on a free 127.0.0.1 port, on a fresh SQLite file of its own, for a real browser.</summary>
public sealed class AppServer : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "stocktrail-browser-tests", Guid.NewGuid().ToString("N"));

    public AppServer() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    public Uri Address { get; private set; } = null!;

    /// <summary>The Administrator admin's key: the tests make their data through the API with it.</summary>
    public string BootstrapKey { get; } = "browser-bootstrap-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    public void Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = new Uri(addresses.First());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_folder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Stocktrail:BootstrapApiKey", BootstrapKey);
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Stocktrail", $"Data Source={Path.Combine(_folder, "stocktrail.db")}");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* a file still held open is left for the temp folder's own clean-up */ }
    }
}
