using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Labels;

/// <summary>
/// Reads what a scanner typed: a GS1 element string (product by its GTIN, serial, batch, expiry), or else a plain code
/// that is a product's SKU, a serial or a batch code. A code that matches nothing is refused, naming it.
/// </summary>
public static class ReadScan
{
    public const int MaxLength = 200;

    public sealed record Request(string? Code);
    public sealed record Response(int? ProductId, string? Sku, string? Gtin, string? Serial, string? Batch, DateOnly? ExpiresOn);

    public sealed class Handler(StocktrailDbContext db, TimeProvider clock)
    {
        public async Task<Response> HandleAsync(Request request, CancellationToken ct)
        {
            var code = request.Code?.Trim().Trim('\r', '\n') ?? "";
            if (code.Length == 0) throw StockRuleException.Invalid("The scan is empty; give the code the scanner read.");
            if (code.Length > MaxLength) throw StockRuleException.Invalid($"A scan is at most {MaxLength} characters; this one is {code.Length}.");

            var gs1 = Gs1.TryParse(code, clock.GetUtcNow().Year, out var problem);
            if (problem is not null) throw StockRuleException.Invalid(problem);
            if (gs1 is not null)
            {
                var product = gs1.Gtin is null ? null
                    : await db.Products.AsNoTracking().Where(p => p.Gtin == gs1.Gtin).Select(p => new { p.Id, p.Sku }).FirstOrDefaultAsync(ct);
                return new Response(product?.Id, product?.Sku, gs1.Gtin, gs1.Serial, gs1.Batch, gs1.ExpiresOn);
            }
            return await PlainAsync(code, ct);
        }

        private async Task<Response> PlainAsync(string code, CancellationToken ct)
        {
            var key = TrackingCode.Key(code);
            var bySku = await db.Products.AsNoTracking().Where(p => p.SkuKey == key).Select(p => new { p.Id, p.Sku, p.Gtin }).FirstOrDefaultAsync(ct);
            if (bySku is not null) return new Response(bySku.Id, bySku.Sku, bySku.Gtin, null, null, null);

            var units = await (from u in db.SerialUnits.AsNoTracking()
                               join p in db.Products on u.ProductId equals p.Id
                               where u.SerialKey == key
                               select new { p.Id, p.Sku, p.Gtin, u.Serial }).Take(2).ToListAsync(ct);
            if (units.Count == 1) return new Response(units[0].Id, units[0].Sku, units[0].Gtin, units[0].Serial, null, null);
            if (units.Count > 1)
                throw StockRuleException.Conflict($"Serial {code} belongs to more than one product ({string.Join(", ", units.Select(u => u.Sku))}); scan the product's GS1 label or choose the product first.");

            var batches = await (from l in db.CostLayers.AsNoTracking()
                                 join p in db.Products on l.ProductId equals p.Id
                                 where l.BatchKey == key
                                 select new { p.Id, p.Sku, p.Gtin, l.Batch }).Distinct().Take(2).ToListAsync(ct);
            if (batches.Count == 1) return new Response(batches[0].Id, batches[0].Sku, batches[0].Gtin, null, batches[0].Batch, null);
            if (batches.Count > 1)
                throw StockRuleException.Conflict($"Batch {code} belongs to more than one product ({string.Join(", ", batches.Select(b => b.Sku))}); scan the product's GS1 label or choose the product first.");
            throw StockRuleException.NotFound($"No product, serial or batch is '{TrackingCode.Printable(code)}'.");
        }
    }
}
