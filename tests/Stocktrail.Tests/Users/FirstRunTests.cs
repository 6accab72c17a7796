using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Stocktrail.Tests.Users;

/// <summary>How the first user comes to be on an empty database, and that a database with users ignores all of it.</summary>
public sealed class FirstRunTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "stocktrail-tests", Guid.NewGuid().ToString("N"));
    private readonly List<IDisposable> _apps = [];

    private string DatabasePath => Path.Combine(_folder, "stocktrail.db");

    /// <summary>A start of the app on this test's database, with the settings given, its log kept.</summary>
    private (WebApplicationFactory<Program> App, ConcurrentQueue<string> Log) Start(params (string Key, string Value)[] settings)
    {
        Directory.CreateDirectory(_folder);
        var log = new ConcurrentQueue<string>();
        var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("Database:Provider", "Sqlite");
            b.UseSetting("ConnectionStrings:Stocktrail", $"Data Source={DatabasePath}");
            foreach (var (key, value) in settings) b.UseSetting(key, value);
            b.ConfigureLogging(l => l.AddProvider(new KeptLog(log)));
        });
        _apps.Add(app);
        _ = app.Services; // starts it: migrations and the first-run rules run now
        return (app, log);
    }

    private static HttpClient With(WebApplicationFactory<Program> app, string key)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private long Count(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    [Fact]
    public async Task The_bootstrap_key_makes_an_administrator_named_admin_on_an_empty_database_only()
    {
        var first = "first-key-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        var (app, _) = Start(("Stocktrail:BootstrapApiKey", first));
        using (var admin = With(app, first))
        {
            var me = await admin.GetStringAsync("/api/me");
            Assert.Contains("\"userName\":\"admin\"", me);
            Assert.Contains("\"role\":\"Administrator\"", me);
        }
        app.Dispose();

        // A second start with another key on a database that has users gets nothing; the first key still works.
        var second = "second-key-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        var (again, log) = Start(("Stocktrail:BootstrapApiKey", second));
        using (var intruder = With(again, second))
            Assert.Equal(HttpStatusCode.Unauthorized, (await intruder.GetAsync("/api/me")).StatusCode);
        using (var admin = With(again, first))
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/me")).StatusCode);
        Assert.Equal(1, Count("SELECT COUNT(*) FROM \"Users\""));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM \"ApiKeys\""));
        Assert.Contains(log, l => l.Contains("is ignored: the database already has users"));
    }

    [Fact]
    public void Without_a_bootstrap_key_or_demo_data_the_first_start_prints_a_one_time_setup_link_and_makes_no_user()
    {
        var (app, log) = Start(("Stocktrail:BootstrapApiKey", ""));
        app.CreateClient(); // the link is printed once the server has started
        Assert.Equal(0, Count("SELECT COUNT(*) FROM \"Users\""));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM \"SetupTokens\" WHERE \"UsedAt\" IS NULL"));
        var line = Assert.Single(log, l => l.Contains("/setup/first-admin?token="));
        var token = line.Split("token=")[1].Split(' ')[0];
        Assert.True(token.Length >= 40, $"The token '{token}' is a long random one.");
        // Only its hash is kept.
        Assert.Equal(0, Count($"SELECT COUNT(*) FROM \"SetupTokens\" WHERE \"Hash\" LIKE '%{token}%'"));
    }

    [Fact]
    public void With_demo_data_a_user_of_every_role_is_made_with_a_random_password_printed_once_and_the_demo_is_made_by_admin()
    {
        var (_, log) = Start(("Stocktrail:BootstrapApiKey", ""), ("Stocktrail:DemoData", "true"));
        var printed = Assert.Single(log, l => l.Contains("Demo users, one per role"));
        foreach (var (name, role) in new[] { ("admin", "Administrator"), ("purchasing", "Purchasing"), ("warehouse", "Warehouse"), ("production", "Production"), ("sales", "Sales"), ("viewer", "Viewer") })
        {
            Assert.Equal(1, Count($"SELECT COUNT(*) FROM \"Users\" WHERE \"UserName\" = '{name}' AND \"Role\" = '{role}' AND \"PasswordHash\" IS NOT NULL"));
            Assert.Contains(name, printed);
        }
        Assert.Equal(0, Count("SELECT COUNT(*) FROM \"SetupTokens\""));
        var admin = Count("SELECT \"Id\" FROM \"Users\" WHERE \"UserName\" = 'admin'");
        Assert.True(Count("SELECT COUNT(*) FROM \"StockMovements\"") > 0);
        Assert.Equal(0, Count($"SELECT COUNT(*) FROM \"StockMovements\" WHERE \"UserId\" IS NOT {admin}"));
        Assert.Equal(0, Count($"SELECT COUNT(*) FROM \"PurchaseOrders\" WHERE \"CreatedById\" IS NOT {admin}"));

        // Two installations never share a password.
        var passwords = printed.Split('\n').Skip(1).Select(l => l.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Last()).ToList();
        Assert.Equal(6, passwords.Distinct().Count());
        Assert.All(passwords, p => Assert.True(p.Length >= 12, $"Password '{p}' has at least 12 characters."));
    }

    public void Dispose()
    {
        foreach (var app in _apps) app.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* left for the temp folder's own clean-up */ }
    }

    private sealed class KeptLog(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines);
        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
