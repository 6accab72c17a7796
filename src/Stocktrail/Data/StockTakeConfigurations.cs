using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stocktrail.Domain;

namespace Stocktrail.Data;

internal sealed class StockTakeConfiguration : IEntityTypeConfiguration<StockTake>
{
    public void Configure(EntityTypeBuilder<StockTake> b)
    {
        b.Property(t => t.Number).HasMaxLength(64);
        b.HasIndex(t => t.Number).IsUnique();
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasOne<Warehouse>().WithMany().HasForeignKey(t => t.WarehouseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StockTakeLineConfiguration : IEntityTypeConfiguration<StockTakeLine>
{
    public void Configure(EntityTypeBuilder<StockTakeLine> b)
    {
        b.Property(l => l.Serial).HasMaxLength(TrackingCode.MaxLength);
        b.Property(l => l.Batch).HasMaxLength(TrackingCode.MaxLength);
        b.Ignore(l => l.Difference);
        b.HasOne<StockTake>().WithMany().HasForeignKey(l => l.StockTakeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<SerialUnit>().WithMany().HasForeignKey(l => l.SerialUnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(l => new { l.StockTakeId, l.Row });
    }
}

internal sealed class StockTakeRecountConfiguration : IEntityTypeConfiguration<StockTakeRecount>
{
    public void Configure(EntityTypeBuilder<StockTakeRecount> b)
    {
        b.Property(r => r.BatchKey).HasMaxLength(TrackingCode.MaxLength);
        b.HasOne<StockTake>().WithMany().HasForeignKey(r => r.StockTakeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Product>().WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => r.StockTakeId);
    }
}

internal sealed class BackgroundJobConfiguration : IEntityTypeConfiguration<BackgroundJob>
{
    public void Configure(EntityTypeBuilder<BackgroundJob> b)
    {
        b.Property(j => j.Kind).HasMaxLength(64);
        b.Property(j => j.LeaseOwner).HasMaxLength(200);
        b.HasOne<StockTake>().WithMany().HasForeignKey(j => j.StockTakeId).OnDelete(DeleteBehavior.Restrict);
        // The claim looks for queued jobs and for running ones whose lease ran out.
        b.HasIndex(j => new { j.Status, j.LeaseExpiresAt });
    }
}

internal sealed class BackgroundJobInputConfiguration : IEntityTypeConfiguration<BackgroundJobInput>
{
    public void Configure(EntityTypeBuilder<BackgroundJobInput> b)
    {
        b.HasKey(i => new { i.JobId, i.Sequence });
        b.HasOne<BackgroundJob>().WithMany().HasForeignKey(i => i.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
