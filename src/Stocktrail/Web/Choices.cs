using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Web;

/// <summary>What the forms' drop-downs list: warehouses, products (with their tracking type), suppliers and customers.</summary>
public sealed class Choices(StocktrailDbContext db)
{
    public sealed record Option(int Id, string Text);
    public sealed record ProductOption(int Id, string Sku, string Name, TrackingType TrackingType, bool IsActive, decimal? CostPrice = null);

    public async Task<IReadOnlyList<Option>> WarehousesAsync(CancellationToken ct) =>
        await db.Warehouses.AsNoTracking().OrderBy(w => w.CodeKey).Select(w => new Option(w.Id, w.Code)).ToListAsync(ct);

    public async Task<IReadOnlyList<ProductOption>> ProductsAsync(CancellationToken ct) =>
        await db.Products.AsNoTracking().OrderBy(p => p.SkuKey)
            .Select(p => new ProductOption(p.Id, p.Sku, p.Name, p.TrackingType, p.IsActive, p.CostPrice)).ToListAsync(ct);

    public async Task<IReadOnlyList<Option>> SuppliersAsync(CancellationToken ct) =>
        await db.Suppliers.AsNoTracking().OrderBy(s => s.Name).Select(s => new Option(s.Id, s.Name)).ToListAsync(ct);

    public async Task<IReadOnlyList<Option>> CustomersAsync(CancellationToken ct) =>
        await db.Customers.AsNoTracking().OrderBy(c => c.Name).Select(c => new Option(c.Id, c.Name)).ToListAsync(ct);
}
