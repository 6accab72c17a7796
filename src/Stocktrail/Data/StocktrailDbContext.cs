using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Domain;
using Stocktrail.Features.Users;

namespace Stocktrail.Data;

/// <summary>
/// The one database of Stocktrail. Each provider has its own subclass, so that each keeps its own migration set
/// (Data/Migrations/Sqlite, Data/Migrations/Postgres) in this assembly. Users are ASP.NET Core Identity's (one role
/// each, a column of the user, so no role tables), and the Data Protection keys that sign cookies live here too, so
/// that every app node reads the same.
/// </summary>
public abstract class StocktrailDbContext(DbContextOptions options) : IdentityUserContext<User, int>(options), IDataProtectionKeyContext
{
    public DbSet<Product> Products => Set<Product>();
    public DbSet<BillOfMaterialsLine> BillOfMaterialsLines => Set<BillOfMaterialsLine>();
    public DbSet<Warehouse> Warehouses => Set<Warehouse>();
    public DbSet<Supplier> Suppliers => Set<Supplier>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<StockMovement> StockMovements => Set<StockMovement>();
    public DbSet<SerialUnit> SerialUnits => Set<SerialUnit>();
    public DbSet<CostLayer> CostLayers => Set<CostLayer>();
    public DbSet<StockLevel> StockLevels => Set<StockLevel>();
    public DbSet<StockPeriod> StockPeriods => Set<StockPeriod>();
    public DbSet<StockSnapshot> StockSnapshots => Set<StockSnapshot>();
    public DbSet<BatchExpiry> BatchExpiries => Set<BatchExpiry>();
    public DbSet<PurchaseOrder> PurchaseOrders => Set<PurchaseOrder>();
    public DbSet<PurchaseOrderLine> PurchaseOrderLines => Set<PurchaseOrderLine>();
    public DbSet<LandedCost> LandedCosts => Set<LandedCost>();
    public DbSet<Receipt> Receipts => Set<Receipt>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<MaterialMovement> MaterialMovements => Set<MaterialMovement>();
    public DbSet<ProductionJob> ProductionJobs => Set<ProductionJob>();
    public DbSet<ComponentLink> ComponentLinks => Set<ComponentLink>();
    public DbSet<StockSale> StockSales => Set<StockSale>();
    public DbSet<StockSaleLine> StockSaleLines => Set<StockSaleLine>();
    public DbSet<StockAdjustment> StockAdjustments => Set<StockAdjustment>();
    public DbSet<StockTransfer> StockTransfers => Set<StockTransfer>();
    public DbSet<StockTake> StockTakes => Set<StockTake>();
    public DbSet<StockTakeLine> StockTakeLines => Set<StockTakeLine>();
    public DbSet<StockTakeRecount> StockTakeRecounts => Set<StockTakeRecount>();
    public DbSet<BackgroundJob> BackgroundJobs => Set<BackgroundJob>();
    public DbSet<BackgroundJobInput> BackgroundJobInputs => Set<BackgroundJobInput>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Features.Audit.AuditEntry> AuditEntries => Set<Features.Audit.AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Features.Webhooks.Webhook> Webhooks => Set<Features.Webhooks.Webhook>();
    public DbSet<Features.Webhooks.WebhookDelivery> WebhookDeliveries => Set<Features.Webhooks.WebhookDelivery>();

    public abstract SqlDialect Dialect { get; }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<decimal>().HavePrecision(28, 8).HaveConversion<NormalizedDecimalConverter>();
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    /// <summary>Reads 20.0 back as 20, so that quantities read the same in messages and JSON whatever the provider stored.</summary>
    private sealed class NormalizedDecimalConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<decimal, decimal>(
        v => v,
        v => v / 1.000000000000000000000000000000000m);

    /// <summary>Every time is stored in UTC; SQLite forgets the kind, so it is put back on reading.</summary>
    private sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<int>>().ToTable("UserClaims");
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<int>>().ToTable("UserLogins");
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<int>>().ToTable("UserTokens");
        modelBuilder.ApplyConfiguration(new UserConfiguration());
        modelBuilder.ApplyConfiguration(new ApiKeyConfiguration());
        modelBuilder.ApplyConfiguration(new SetupTokenConfiguration());
        modelBuilder.ApplyConfiguration(new Features.Audit.AuditEntryConfiguration());
        modelBuilder.ApplyConfiguration(new Features.Webhooks.WebhookConfiguration());
        modelBuilder.ApplyConfiguration(new Features.Webhooks.WebhookDeliveryConfiguration());
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(StocktrailDbContext).Assembly, type => type.Namespace == typeof(StocktrailDbContext).Namespace);
        modelBuilder.ApplyConfiguration(new Web.IdempotentRequestConfiguration());
        // A serial search by prefix is a range on the key (SerialSearch), which is a prefix only in code point order:
        // SQLite compares text so by default; PostgreSQL would use the database's locale (where "SN-10" sorts between
        // "SN-1" and "SN-2" once punctuation is ignored), so the key column, and its indexes, compare as "C".
        if (this is PostgresStocktrailDbContext) modelBuilder.Entity<SerialUnit>().Property(u => u.SerialKey).UseCollation("C");
    }
}
