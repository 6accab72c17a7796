using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Stocktrail.Data;

public static class DatabaseSetup
{
    public const string ConnectionName = "Stocktrail";

    /// <summary>
    /// <c>Database:Provider</c> is <c>Sqlite</c> (the default) or <c>Postgres</c>; <c>ConnectionStrings:Stocktrail</c> says
    /// where. With nothing set, a SQLite file in the app's data folder (App_Data) is used.
    /// </summary>
    public static IServiceCollection AddStocktrailDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var provider = configuration["Database:Provider"] ?? "Sqlite";
        var connectionString = configuration.GetConnectionString(ConnectionName);

        if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException("Database:Provider is Postgres, so ConnectionStrings:Stocktrail must name the PostgreSQL database.");
            services.AddDbContext<StocktrailDbContext, PostgresStocktrailDbContext>((sp, o) => o.UseNpgsql(connectionString,
                npgsql => npgsql.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
                .AddInterceptors(sp.GetRequiredService<AuthorStamp>()));
        }
        else if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            connectionString = SqliteConnectionString(connectionString, environment.ContentRootPath);
            services.AddDbContext<StocktrailDbContext, SqliteStocktrailDbContext>((sp, o) => o
                // A list of serials travels as one JSON parameter (json_each), not one SQL parameter per serial:
                // SQLite allows 32,766 parameters, and binding 10,000 of them alone takes about a second.
                .UseSqlite(connectionString, sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
                // EF Core's exact decimal sum and comparison, at native speed (SqliteDecimalFunctions, docs/decisions.md).
                .AddInterceptors(new SqlitePragmas(), SqliteDecimalFunctions.Interceptor, sp.GetRequiredService<AuthorStamp>()));
        }
        else
        {
            throw new InvalidOperationException($"Database:Provider '{provider}' is not known: use Sqlite or Postgres.");
        }
        services.AddScoped<AuthorStamp>();
        return services;
    }

    /// <summary>Brings the schema up to date; run once at start-up.</summary>
    public static async Task MigrateStocktrailDatabaseAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets readers go on while a document is written; it is a property of the file.
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await db.Database.CloseConnectionAsync();
        }
        await db.Database.MigrateAsync();
    }

    private static string SqliteConnectionString(string? configured, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "" : configured);
        if (string.IsNullOrWhiteSpace(builder.DataSource))
            builder.DataSource = Path.Combine(contentRoot, "App_Data", "stocktrail.db");
        if (builder.DataSource != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) is { } folder)
            Directory.CreateDirectory(folder);
        // How long a writer waits for SQLite's one write lock before it is answered 503: 30 s unless the connection
        // string says otherwise (Default Timeout / Command Timeout).
        var given = new DbConnectionStringBuilder { ConnectionString = configured ?? "" };
        if (!given.ContainsKey("Default Timeout") && !given.ContainsKey("Command Timeout")) builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 30);
        return builder.ToString();
    }

    /// <summary>Per-connection settings: durable at each commit of the write-ahead log, without an fsync per statement.</summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
            cmd.ExecuteNonQuery();
        }
    }
}
