using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stocktrail.Domain;

namespace Stocktrail.Data;

internal sealed class StockPeriodConfiguration : IEntityTypeConfiguration<StockPeriod>
{
    public void Configure(EntityTypeBuilder<StockPeriod> b)
    {
        // One period per month: two nodes making the same month find the same row.
        b.HasIndex(p => p.PeriodEnd).IsUnique();
    }
}

internal sealed class StockSnapshotConfiguration : IEntityTypeConfiguration<StockSnapshot>
{
    public void Configure(EntityTypeBuilder<StockSnapshot> b)
    {
        // A chunk of products of one period is a range of this key.
        b.HasKey(s => new { s.PeriodId, s.ProductId, s.WarehouseId });
        // Dropping a period drops its rows in the same statement (the rebuild).
        b.HasOne<StockPeriod>().WithMany().HasForeignKey(s => s.PeriodId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Product>().WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(s => s.WarehouseId).OnDelete(DeleteBehavior.Restrict);
    }
}
