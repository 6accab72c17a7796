using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Products;

/// <summary>
/// A product's GTIN and serial pattern as a create or update request gives them: null leaves them as they are, an
/// empty text removes them. Checked together so that a request's problems are all reported at once.
/// </summary>
internal sealed record ProductCodes(bool SetsGtin, string? Gtin, bool SetsPattern, SerialPattern? Pattern)
{
    public static async Task<ProductCodes> CheckAsync(StocktrailDbContext db, Product? product, TrackingType trackingType,
        string? gtinText, string? patternText, ProblemList problems, CancellationToken ct)
    {
        string? gtin = null;
        if (!string.IsNullOrWhiteSpace(gtinText))
        {
            gtin = Domain.Gtin.Normalise(gtinText, out var problem);
            if (problem is not null) problems.Add(Problem.Invalid(problem));
            else if (await db.Products.AnyAsync(p => p.Gtin == gtin && (product == null || p.Id != product.Id), ct))
                problems.Add(Problem.Conflict($"GTIN {gtin} is already given to another product; a GTIN names one product."));
        }
        SerialPattern? pattern = null;
        if (!string.IsNullOrWhiteSpace(patternText))
        {
            if (trackingType != TrackingType.Serial)
                problems.Add(Problem.Invalid($"Only a serialized product has a serial pattern; this one is tracked as {trackingType}."));
            else if (!SerialPattern.TryCreate(patternText, out pattern, out var problem)) problems.Add(Problem.Invalid(problem!));
        }
        return new ProductCodes(gtinText is not null, gtin, patternText is not null, pattern);
    }

    public void ApplyTo(Product product)
    {
        if (SetsGtin) product.SetGtin(Gtin);
        if (SetsPattern) product.SetSerialPattern(Pattern);
    }

    public string Audit() =>
        (Gtin is null ? "" : $", GTIN {Gtin}") + (Pattern is null ? "" : $", serial pattern {Pattern.Text}");
}
