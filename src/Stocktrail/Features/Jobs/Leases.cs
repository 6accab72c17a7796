using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Stocktrail.Data;

namespace Stocktrail.Features.Jobs;

/// <summary>
/// Settings of the background work (<c>Stocktrail:Jobs</c>): how long a node's lease on a job or webhook delivery lasts
/// before another node may take it over, how often an idle node looks for work, and how many times a job is started
/// before it is failed.
/// </summary>
public sealed class JobOptions
{
    public double LeaseSeconds { get; set; } = 30;
    public double PollSeconds { get; set; } = 1;
    public int MaxAttempts { get; set; } = 3;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
    public TimeSpan Poll => TimeSpan.FromSeconds(PollSeconds);

    /// <summary>A lease is renewed three times in its life, and at least every second so that progress shows.</summary>
    public TimeSpan Heartbeat => TimeSpan.FromSeconds(Math.Min(1, LeaseSeconds / 3));
}

/// <summary>This app process, as the owner of the leases it holds: host, process id and a random part, so two apps in one process differ too.</summary>
public sealed class NodeIdentity
{
    public string Name { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
}

/// <summary>
/// The claim shared by background jobs and webhook deliveries: one statement that takes the oldest ready row and
/// writes this node's lease on it. On PostgreSQL the row is chosen <c>FOR UPDATE SKIP LOCKED</c>, so nodes claiming at
/// once each get a different row and none waits; on SQLite there is one writer at a time, so the same conditional
/// UPDATE is exclusive by itself.
/// </summary>
public static class Leases
{
    /// <param name="table">The table (its rows have Id, Status, LeaseOwner, LeaseExpiresAt and Attempts).</param>
    /// <param name="ready">The SQL condition of a claimable row; it may use @now.</param>
    /// <returns>The id of the row claimed, or null when none is ready.</returns>
    public static async Task<long?> ClaimAsync(StocktrailDbContext db, string table, string ready, string claimedStatus,
        string owner, DateTime now, DateTime until, CancellationToken ct)
    {
        var skipLocked = db.Database.IsNpgsql() ? " FOR UPDATE SKIP LOCKED" : "";
        var sql =
            $"UPDATE \"{table}\" SET \"Status\" = @claimed, \"LeaseOwner\" = @owner, \"LeaseExpiresAt\" = @until, \"Attempts\" = \"Attempts\" + 1 " +
            $"WHERE \"Id\" = (SELECT \"Id\" FROM \"{table}\" WHERE {ready} ORDER BY \"Id\" LIMIT 1{skipLocked}) RETURNING \"Id\"";
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            Add(command, "claimed", claimedStatus);
            Add(command, "owner", owner);
            Add(command, "now", now);
            Add(command, "until", until);
            return await command.ExecuteScalarAsync(ct) is { } id and not DBNull ? Convert.ToInt64(id) : null;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
