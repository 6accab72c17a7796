using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stocktrail.Domain;

namespace Stocktrail.Data;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.Property(p => p.Sku).HasMaxLength(64).HasConversion(s => s.Value, v => Sku.FromStored(v));
        b.Property(p => p.SkuKey).HasMaxLength(64);
        b.HasIndex(p => p.SkuKey).IsUnique();
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.Gtin).HasMaxLength(14);
        b.HasIndex(p => p.Gtin).IsUnique();
        b.Property(p => p.SerialPattern).HasMaxLength(64);
    }
}

internal sealed class WarehouseConfiguration : IEntityTypeConfiguration<Warehouse>
{
    public void Configure(EntityTypeBuilder<Warehouse> b)
    {
        b.Property(w => w.Code).HasMaxLength(32);
        b.Property(w => w.CodeKey).HasMaxLength(32);
        b.HasIndex(w => w.CodeKey).IsUnique();
        b.Property(w => w.Name).HasMaxLength(200);
    }
}

internal sealed class SupplierConfiguration : IEntityTypeConfiguration<Supplier>
{
    public void Configure(EntityTypeBuilder<Supplier> b) => b.Property(s => s.Name).HasMaxLength(200);
}

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b) => b.Property(c => c.Name).HasMaxLength(200);
}

internal sealed class StockMovementConfiguration : IEntityTypeConfiguration<StockMovement>
{
    public void Configure(EntityTypeBuilder<StockMovement> b)
    {
        b.Property(m => m.Description).HasMaxLength(400);
        b.Property(m => m.Batch).HasMaxLength(TrackingCode.MaxLength);
        b.Property(m => m.SourceNumber).HasMaxLength(64);
        b.HasOne<Product>().WithMany().HasForeignKey(m => m.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(m => m.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<SerialUnit>().WithMany().HasForeignKey(m => m.SerialUnitId).OnDelete(DeleteBehavior.Restrict);
        // A product's history is paged by key in (time, id) order, in all or in one warehouse (ProductMovements): the
        // id is in the index so that PostgreSQL reads a page in order without sorting the rows of a moment.
        b.HasIndex(m => new { m.ProductId, m.OccurredAt, m.Id });
        b.HasIndex(m => new { m.ProductId, m.WarehouseId, m.OccurredAt, m.Id });
        b.HasIndex(m => m.SerialUnitId);
        // A document's rows, and a line's in the order they were posted (LineSerials pages by row id): the id is in
        // the index because PostgreSQL, unlike SQLite, keeps no row id in one.
        b.HasIndex(m => new { m.SourceType, m.SourceId, m.SourceLineId, m.Id });
        // Every row names its layer (Fifo and batch stock) and, for a receipt, the receipt; the ledger check sums per layer.
        b.HasOne<CostLayer>().WithMany().HasForeignKey(m => m.CostLayerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Receipt>().WithMany().HasForeignKey(m => m.ReceiptId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(m => m.CostLayerId);
        b.HasIndex(m => new { m.Kind, m.OccurredAt });
        // The stock value at a past date sums the rows on one side of it, whatever their product or kind.
        b.HasIndex(m => m.OccurredAt);
    }
}

internal sealed class SerialUnitConfiguration : IEntityTypeConfiguration<SerialUnit>
{
    public void Configure(EntityTypeBuilder<SerialUnit> b)
    {
        b.Property(u => u.Serial).HasMaxLength(TrackingCode.MaxLength);
        b.Property(u => u.SerialKey).HasMaxLength(TrackingCode.MaxLength);
        b.Property(u => u.Status).IsConcurrencyToken();
        b.HasOne<Product>().WithMany().HasForeignKey(u => u.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(u => u.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        // One unit per serial per product, whatever the application believes.
        b.HasIndex(u => new { u.ProductId, u.SerialKey }).IsUnique();
        // A product's in-stock (or out) serials are paged in serial order by key (ProductSerials), in all or in one
        // warehouse; the second also serves what looked for units by (product, status, warehouse) before.
        b.HasIndex(u => new { u.ProductId, u.Status, u.SerialKey });
        b.HasIndex(u => new { u.ProductId, u.Status, u.WarehouseId, u.SerialKey });
        b.HasIndex(u => u.SerialKey);
        // A unit in stock is in exactly one warehouse; a unit that is out is in none.
        b.ToTable(t => t.HasCheckConstraint("CK_SerialUnits_Place",
            "(\"Status\" = 'InStock' AND \"WarehouseId\" IS NOT NULL) OR (\"Status\" = 'Out' AND \"WarehouseId\" IS NULL)"));
    }
}

internal sealed class CostLayerConfiguration : IEntityTypeConfiguration<CostLayer>
{
    public void Configure(EntityTypeBuilder<CostLayer> b)
    {
        b.Property(l => l.Batch).HasMaxLength(TrackingCode.MaxLength);
        b.Property(l => l.BatchKey).HasMaxLength(TrackingCode.MaxLength);
        b.Property(l => l.Version).IsConcurrencyToken();
        b.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(l => l.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(l => new { l.ProductId, l.WarehouseId, l.BatchKey });
        // A scanned batch code is looked up across products (ReadScan).
        b.HasIndex(l => l.BatchKey);
        b.HasIndex(l => new { l.SourceType, l.SourceId });
        // SQLite stores decimals as text, so each side is cast to a number; NUMERIC is exact in PostgreSQL, where
        // REAL would be a 4-byte float that lets a slightly too large value pass.
        b.ToTable(t => t.HasCheckConstraint("CK_CostLayers_Remaining",
            "CAST(\"Remaining\" AS NUMERIC) >= 0 AND CAST(\"Remaining\" AS NUMERIC) <= CAST(\"Quantity\" AS NUMERIC)"));
    }
}

internal sealed class StockLevelConfiguration : IEntityTypeConfiguration<StockLevel>
{
    public void Configure(EntityTypeBuilder<StockLevel> b)
    {
        b.HasKey(l => new { l.ProductId, l.WarehouseId });
        b.Property(l => l.Version).IsConcurrencyToken();
        b.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(l => l.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        // Stock never goes negative, whatever the application believes.
        b.ToTable(t => t.HasCheckConstraint("CK_StockLevels_OnHand", "CAST(\"OnHand\" AS NUMERIC) >= 0"));
    }
}

internal sealed class PurchaseOrderConfiguration : IEntityTypeConfiguration<PurchaseOrder>
{
    public void Configure(EntityTypeBuilder<PurchaseOrder> b)
    {
        b.Property(o => o.Number).HasMaxLength(64);
        b.HasIndex(o => o.Number).IsUnique();
        // The open orders (Approved, PartiallyReceived) are few among years of orders: what is incoming on the stock
        // pages starts from them; the list's status tab pages by id within a status.
        b.HasIndex(o => new { o.Status, o.Id });
        b.Property(o => o.Version).IsConcurrencyToken();
        b.HasOne<Supplier>().WithMany().HasForeignKey(o => o.SupplierId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(o => o.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.PurchaseOrderId);
        b.Navigation(o => o.Lines).AutoInclude();
    }
}

internal sealed class PurchaseOrderLineConfiguration : IEntityTypeConfiguration<PurchaseOrderLine>
{
    public void Configure(EntityTypeBuilder<PurchaseOrderLine> b)
    {
        b.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t => t.HasCheckConstraint("CK_PurchaseOrderLines_Received",
            "CAST(\"ReceivedQuantity\" AS NUMERIC) >= 0 AND CAST(\"ReceivedQuantity\" AS NUMERIC) <= CAST(\"Quantity\" AS NUMERIC)"));
        // Never more sent back to the supplier than was received, whatever the application believes.
        b.ToTable(t => t.HasCheckConstraint("CK_PurchaseOrderLines_Returned",
            "CAST(\"ReturnedQuantity\" AS NUMERIC) >= 0 AND CAST(\"ReturnedQuantity\" AS NUMERIC) <= CAST(\"ReceivedQuantity\" AS NUMERIC)"));
    }
}

internal sealed class ReceiptConfiguration : IEntityTypeConfiguration<Receipt>
{
    public void Configure(EntityTypeBuilder<Receipt> b)
    {
        b.HasOne<PurchaseOrder>().WithMany().HasForeignKey(r => r.PurchaseOrderId);
        b.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.ReceiptId);
        b.Navigation(r => r.Lines).AutoInclude();
    }
}

internal sealed class ReceiptLineConfiguration : IEntityTypeConfiguration<ReceiptLine>
{
    public void Configure(EntityTypeBuilder<ReceiptLine> b) =>
        b.HasOne<PurchaseOrderLine>().WithMany().HasForeignKey(l => l.PurchaseOrderLineId).OnDelete(DeleteBehavior.Restrict);
}

internal sealed class LandedCostConfiguration : IEntityTypeConfiguration<LandedCost>
{
    public void Configure(EntityTypeBuilder<LandedCost> b)
    {
        b.Property(c => c.Description).HasMaxLength(200);
        b.HasOne<PurchaseOrder>().WithMany().HasForeignKey(c => c.PurchaseOrderId);
    }
}

internal sealed class BatchExpiryConfiguration : IEntityTypeConfiguration<BatchExpiry>
{
    public void Configure(EntityTypeBuilder<BatchExpiry> b)
    {
        // One expiry date per batch of a product, whatever the application believes.
        b.HasKey(e => new { e.ProductId, e.BatchKey });
        b.Property(e => e.Batch).HasMaxLength(TrackingCode.MaxLength);
        b.Property(e => e.BatchKey).HasMaxLength(TrackingCode.MaxLength);
        b.HasOne<Product>().WithMany().HasForeignKey(e => e.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => e.ExpiresOn);
    }
}
