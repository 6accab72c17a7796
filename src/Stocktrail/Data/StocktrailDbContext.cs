using Microsoft.EntityFrameworkCore;
using Stocktrail.Domain;

namespace Stocktrail.Data;

/// <summary>
/// The one database of Stocktrail. Each provider has its own subclass, so that each keeps its own migration set
/// (Data/Migrations/Sqlite, Data/Migrations/Postgres) in this assembly.
/// </summary>
public abstract class StocktrailDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Warehouse> Warehouses => Set<Warehouse>();
    public DbSet<Supplier> Suppliers => Set<Supplier>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<StockMovement> StockMovements => Set<StockMovement>();
    public DbSet<SerialUnit> SerialUnits => Set<SerialUnit>();
    public DbSet<CostLayer> CostLayers => Set<CostLayer>();
    public DbSet<StockLevel> StockLevels => Set<StockLevel>();
    public DbSet<PurchaseOrder> PurchaseOrders => Set<PurchaseOrder>();
    public DbSet<PurchaseOrderLine> PurchaseOrderLines => Set<PurchaseOrderLine>();
    public DbSet<Receipt> Receipts => Set<Receipt>();

    public abstract SqlDialect Dialect { get; }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<decimal>().HavePrecision(28, 8);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    /// <summary>Every time is stored in UTC; SQLite forgets the kind, so it is put back on reading.</summary>
    private sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(StocktrailDbContext).Assembly, type => type.Namespace == typeof(StocktrailDbContext).Namespace);
}
