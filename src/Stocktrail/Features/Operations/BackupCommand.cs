using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;

namespace Stocktrail.Features.Operations;

/// <summary>
/// <c>backup PATH</c>: a consistent copy of the SQLite database, taken while the app keeps running and writing.
/// SQLite's online backup API copies every page in one step under a read transaction; with the write-ahead log,
/// writers go on meanwhile and the copy is the database as of one commit, never half a document. PostgreSQL is
/// refused: pg_dump does the same there (README, "Backups").
/// </summary>
public static class BackupCommand
{
    public static bool IsAsked(string[] args) => args.Length > 0 && args[0] == "backup";

    /// <returns>0 when the copy was made and checked, 2 when it was refused (nothing written).</returns>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter errors)
    {
        if (args.Length != 2 || string.IsNullOrWhiteSpace(args[1]))
        {
            await errors.WriteLineAsync("Usage: backup PATH — PATH is the new file the copy of the SQLite database is written to.");
            return 2;
        }
        var target = Path.GetFullPath(args[1]);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
        if (!db.Database.IsSqlite())
        {
            await errors.WriteLineAsync("backup copies a SQLite database, and this installation uses PostgreSQL. Back it up with PostgreSQL's own tools: " +
                "pg_dump --format=custom --file=stocktrail.dump \"$DATABASE\" (restore with pg_restore); see the README, \"Backups\".");
            return 2;
        }
        if (File.Exists(target))
        {
            await errors.WriteLineAsync($"{target} already exists; nothing was written. Give a new file for the backup.");
            return 2;
        }
        var source = (SqliteConnection)db.Database.GetDbConnection();
        if (Path.GetFullPath(source.DataSource) == target)
        {
            await errors.WriteLineAsync($"{target} is the database itself; give another file for the backup.");
            return 2;
        }
        if (Path.GetDirectoryName(target) is { } folder) Directory.CreateDirectory(folder);

        await db.Database.OpenConnectionAsync();
        await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString()))
        {
            await copy.OpenAsync();
            source.BackupDatabase(copy);
            await using var check = copy.CreateCommand();
            // The copy as one file of its own: no write-ahead log beside it, so it can be moved anywhere as it is.
            check.CommandText = "PRAGMA journal_mode=DELETE; PRAGMA integrity_check;";
            await using var reader = await check.ExecuteReaderAsync();
            await reader.NextResultAsync();
            var verdict = await reader.ReadAsync() ? reader.GetString(0) : "no answer";
            if (verdict != "ok")
            {
                await errors.WriteLineAsync($"The copy at {target} failed SQLite's integrity check ({verdict}); do not use it.");
                return 1;
            }
        }
        await output.WriteLineAsync($"Backed up {source.DataSource} to {target} ({new FileInfo(target).Length:N0} bytes), checked.");
        return 0;
    }
}
