using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;

namespace Stocktrail.Tests.Data;

/// <summary>Each provider's migrations describe the model exactly: a model change without new migrations fails here, not at start-up.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void The_sqlite_migrations_match_the_model()
    {
        using var db = new SqliteStocktrailDbContext(new DbContextOptionsBuilder<SqliteStocktrailDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "Run scripts/add-migration.sh NameOfTheChange: the SQLite migrations lag behind the model.");
    }

    [Fact]
    public void The_postgres_migrations_match_the_model()
    {
        using var db = new PostgresStocktrailDbContext(new DbContextOptionsBuilder<PostgresStocktrailDbContext>().UseNpgsql("Host=localhost").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "Run scripts/add-migration.sh NameOfTheChange: the PostgreSQL migrations lag behind the model.");
    }
}
