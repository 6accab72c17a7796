using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stocktrail.Domain;

namespace Stocktrail.Data;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> b)
    {
        b.Property(p => p.Number).HasMaxLength(64);
        b.HasIndex(p => p.Number).IsUnique();
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasOne<Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MaterialMovementConfiguration : IEntityTypeConfiguration<MaterialMovement>
{
    public void Configure(EntityTypeBuilder<MaterialMovement> b)
    {
        b.HasIndex(m => new { m.OwnerType, m.OwnerId });
        b.HasOne<Product>().WithMany().HasForeignKey(m => m.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(m => m.WarehouseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProductionJobConfiguration : IEntityTypeConfiguration<ProductionJob>
{
    public void Configure(EntityTypeBuilder<ProductionJob> b)
    {
        b.Property(j => j.Number).HasMaxLength(64);
        b.HasIndex(j => j.Number).IsUnique();
        b.Property(j => j.Version).IsConcurrencyToken();
        b.HasOne<Product>().WithMany().HasForeignKey(j => j.OutputProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(j => j.WarehouseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ComponentLinkConfiguration : IEntityTypeConfiguration<ComponentLink>
{
    public void Configure(EntityTypeBuilder<ComponentLink> b)
    {
        b.Property(c => c.OutputBatch).HasMaxLength(TrackingCode.MaxLength);
        b.Property(c => c.ComponentBatch).HasMaxLength(TrackingCode.MaxLength);
        b.HasOne<ProductionJob>().WithMany().HasForeignKey(c => c.ProductionJobId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<SerialUnit>().WithMany().HasForeignKey(c => c.OutputSerialUnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<SerialUnit>().WithMany().HasForeignKey(c => c.ComponentSerialUnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => c.OutputSerialUnitId);
        b.HasIndex(c => c.ComponentSerialUnitId);
        b.HasIndex(c => c.ProductionJobId);
        // The recursive genealogy walk finds a batch's links by product (Features/Tracing/Genealogy.cs).
        b.HasIndex(c => c.ComponentProductId);
        b.HasIndex(c => c.OutputProductId);
    }
}

internal sealed class StockSaleConfiguration : IEntityTypeConfiguration<StockSale>
{
    public void Configure(EntityTypeBuilder<StockSale> b)
    {
        b.Property(s => s.Number).HasMaxLength(64);
        b.HasIndex(s => s.Number).IsUnique();
        b.Property(s => s.Version).IsConcurrencyToken();
        b.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(s => s.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(s => s.Lines).WithOne().HasForeignKey(l => l.StockSaleId);
        b.Navigation(s => s.Lines).AutoInclude();
    }
}

internal sealed class StockSaleLineConfiguration : IEntityTypeConfiguration<StockSaleLine>
{
    public void Configure(EntityTypeBuilder<StockSaleLine> b)
    {
        b.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        // Never more dispatched than sold, never more returned than dispatched, whatever the application believes.
        b.ToTable(t => t.HasCheckConstraint("CK_StockSaleLines_Quantities",
            "CAST(\"DispatchedQuantity\" AS NUMERIC) <= CAST(\"Quantity\" AS NUMERIC) AND CAST(\"ReturnedQuantity\" AS NUMERIC) <= CAST(\"DispatchedQuantity\" AS NUMERIC)"));
    }
}

internal sealed class StockAdjustmentConfiguration : IEntityTypeConfiguration<StockAdjustment>
{
    public void Configure(EntityTypeBuilder<StockAdjustment> b)
    {
        b.Property(a => a.Number).HasMaxLength(64);
        b.HasIndex(a => a.Number).IsUnique();
        b.Property(a => a.Reason).HasMaxLength(400);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(a => a.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Lines).WithOne().HasForeignKey(l => l.StockAdjustmentId);
        b.Navigation(a => a.Lines).AutoInclude();
    }
}

internal sealed class StockAdjustmentLineConfiguration : IEntityTypeConfiguration<StockAdjustmentLine>
{
    public void Configure(EntityTypeBuilder<StockAdjustmentLine> b) =>
        b.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
}

internal sealed class StockTransferConfiguration : IEntityTypeConfiguration<StockTransfer>
{
    public void Configure(EntityTypeBuilder<StockTransfer> b)
    {
        b.Property(t => t.Number).HasMaxLength(64);
        b.HasIndex(t => t.Number).IsUnique();
        b.HasOne<Warehouse>().WithMany().HasForeignKey(t => t.FromWarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(t => t.ToWarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(t => t.Lines).WithOne().HasForeignKey(l => l.StockTransferId);
        b.Navigation(t => t.Lines).AutoInclude();
    }
}

internal sealed class StockTransferLineConfiguration : IEntityTypeConfiguration<StockTransferLine>
{
    public void Configure(EntityTypeBuilder<StockTransferLine> b) =>
        b.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
}
