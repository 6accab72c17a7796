using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Stocktrail.Data;

public sealed class SqliteStocktrailDbContext(DbContextOptions<SqliteStocktrailDbContext> options) : StocktrailDbContext(options)
{
    public override SqlDialect Dialect { get; } = new SqliteDialect();
}

public sealed class PostgresStocktrailDbContext(DbContextOptions<PostgresStocktrailDbContext> options) : StocktrailDbContext(options)
{
    public override SqlDialect Dialect { get; } = new PostgresDialect();
}

/// <summary>For <c>dotnet ef migrations add</c>: a context without the running app.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteStocktrailDbContext>
{
    public SqliteStocktrailDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteStocktrailDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresStocktrailDbContext>
{
    public PostgresStocktrailDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresStocktrailDbContext>().UseNpgsql("Host=localhost;Database=stocktrail_design").Options);
}
