using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Stocktrail.Tests.Infrastructure;

/// <summary>
/// The whole app on a PostgreSQL database of its own, made fresh for each test class and dropped after it. The server
/// is named by STOCKTRAIL_TEST_POSTGRES (a connection string whose database is only used to create and drop the test
/// databases); scripts/test.sh sets it up on the local server.
/// </summary>
public sealed class PostgresFactory : WebApplicationFactory<Program>
{
    private readonly string _database = $"stocktrail_test_{Guid.NewGuid():N}";
    private bool _created;

    public string ConnectionString => new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = _database }.ToString();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Made here rather than in the constructor, so that a test class whose tests are all skipped touches no server;
        // this runs again for each test while the app fails to start, hence the flag.
        if (!_created) PostgresServer.Execute($"CREATE DATABASE \"{_database}\"");
        _created = true;
        builder.UseEnvironment("Testing");
        builder.UseSetting("Stocktrail:BootstrapApiKey", BootstrapKey);
        builder.UseSetting("Database:Provider", "Postgres");
        builder.UseSetting("ConnectionStrings:Stocktrail", ConnectionString);
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
        if (!disposing || !_created) return;
        using (var connection = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(connection);
        PostgresServer.DropDatabase(_database);
    }
}

/// <summary>The PostgreSQL server the tests use, and whether it can be reached.</summary>
public static class PostgresServer
{
    public const string Variable = "STOCKTRAIL_TEST_POSTGRES";

    // What scripts/test.sh makes on the local server.
    public const string Default = "Host=127.0.0.1;Port=5432;Username=stocktrail;Password=stocktrail;Database=postgres";

    public static string ConnectionString { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? configured : Default;

    private static readonly Lazy<string?> WhyUnreachable = new(Probe);

    /// <summary>The server and user the tests use, without the password, for messages.</summary>
    public static string Describe()
    {
        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL at {b.Host}:{b.Port} as {b.Username} ({(Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } ? $"from {Variable}" : $"the default; set {Variable} to change it")})";
    }

    /// <summary>Null when the server answers; otherwise what went wrong and how to fix it.</summary>
    public static string? Unreachable => WhyUnreachable.Value;

    /// <summary>
    /// Drops a test database and whatever is still connected to it. An autovacuum worker that has just started on it
    /// belongs to the server, which a role that may only create databases cannot end ("must be a member of the role
    /// whose process is being terminated"); the worker stops by itself in a moment, so the drop is tried again.
    /// </summary>
    public static void DropDatabase(string database)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Execute($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 10)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }

    public static void Execute(string sql)
    {
        if (Unreachable is { } why) throw new InvalidOperationException(why);
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string? Probe()
    {
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Timeout = 5, Pooling = false }.ToString());
            connection.Open();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException)
        {
            return $"{Describe()} cannot be reached: {e.Message.TrimEnd('.')}. Run scripts/test.sh, which installs, starts and prepares the local server, " +
                   $"or start the server yourself (e.g. pg_ctlcluster 15 main start) with a role that may create databases, as {Variable} names it.";
        }
    }
}

/// <summary>
/// A test that needs PostgreSQL. Without a server it is skipped, saying why, on a developer's machine; in CI (the
/// variable CI is set) it runs and fails with the same reason, so that a missing server never passes unnoticed.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 }) return;
        if (PostgresServer.Unreachable is { } why) Skip = why;
    }
}
