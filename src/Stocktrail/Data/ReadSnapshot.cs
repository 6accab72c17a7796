using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Stocktrail.Data;

/// <summary>
/// A read-only transaction that sees one state of the database from its first read to its end, for an answer made of
/// several statements (the ledger check's chunks, a stock value from the levels less later rows), without holding
/// writers back. PostgreSQL: <c>REPEATABLE READ</c>, <c>READ ONLY</c>. SQLite: a deferred <c>BEGIN</c>, which reads one
/// snapshot of the write-ahead log from its first read; the provider's default <c>BEGIN IMMEDIATE</c> would take the
/// write lock for as long as the reads last. Ending it rolls back, which for reads only is the same as a commit.
/// </summary>
public sealed class ReadSnapshot : IAsyncDisposable
{
    private readonly StocktrailDbContext _db;
    private readonly DbTransaction _transaction;

    private ReadSnapshot(StocktrailDbContext db, DbTransaction transaction) => (_db, _transaction) = (db, transaction);

    public static async Task<ReadSnapshot> BeginAsync(StocktrailDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        DbTransaction transaction = db.Database.GetDbConnection() switch
        {
            NpgsqlConnection postgres => await postgres.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct),
            SqliteConnection sqlite => sqlite.BeginTransaction(deferred: true),
            var other => throw new InvalidOperationException($"No read snapshot for {other.GetType().Name}."),
        };
        await db.Database.UseTransactionAsync(transaction, ct);
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync("SET TRANSACTION READ ONLY", ct);
        return new ReadSnapshot(db, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        await _db.Database.UseTransactionAsync(null);
        await _transaction.DisposeAsync();
        await _db.Database.CloseConnectionAsync();
    }
}
