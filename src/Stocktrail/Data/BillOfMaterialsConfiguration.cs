using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stocktrail.Domain;

namespace Stocktrail.Data;

/// <summary>A component once per bill, never the product itself, always some of it; a product in a bill is never deleted.</summary>
internal sealed class BillOfMaterialsLineConfiguration : IEntityTypeConfiguration<BillOfMaterialsLine>
{
    public void Configure(EntityTypeBuilder<BillOfMaterialsLine> b)
    {
        b.ToTable("BillOfMaterialsLines", t =>
        {
            t.HasCheckConstraint("CK_BillOfMaterialsLines_NotItself", "\"ProductId\" <> \"ComponentId\"");
            t.HasCheckConstraint("CK_BillOfMaterialsLines_Quantity", "CAST(\"Quantity\" AS NUMERIC) > 0");
        });
        b.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Product>().WithMany().HasForeignKey(l => l.ComponentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(l => new { l.ProductId, l.ComponentId }).IsUnique();
        b.HasIndex(l => l.ComponentId);
    }
}
