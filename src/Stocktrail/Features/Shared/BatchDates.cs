using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Shared;

/// <summary>
/// The expiry dates given where batches enter stock (receipts, adjustments in, production output, stock take found
/// rows). A batch of a product has one date: the first one given is kept; the same date again is fine; a different
/// one is refused (409) and changed only by <c>PATCH /api/products/{id}/batches/{batch}</c>. The primary key
/// (product, batch) keeps it so when two requests give a new batch different dates at once.
/// </summary>
public sealed class BatchDates(StocktrailDbContext db)
{
    private readonly Dictionary<(int ProductId, string Key), (string Batch, DateOnly ExpiresOn, int Line, string At)> _given = [];

    /// <summary>Checks the dates one line gives against each other and against the dates kept, collecting every problem.</summary>
    public async Task CheckAsync(Product product, int line, string at, IReadOnlyList<BatchQuantity>? batches, ProblemList problems, CancellationToken ct)
    {
        if (product.TrackingType != TrackingType.Batch || batches is null) return;
        foreach (var b in batches)
        {
            if (b?.ExpiresOn is not { } date || !BatchCode.TryCreate(b.Batch, out var code, out _)) continue;
            var key = (product.Id, code.Key);
            if (_given.TryGetValue(key, out var earlier))
            {
                if (earlier.ExpiresOn != date)
                    problems.Add(new Problem(ProblemKind.Invalid,
                        $"{at}: batch {code} is given expiry {ExpiryRule.Text(date)} here and {ExpiryRule.Text(earlier.ExpiresOn)} on line {earlier.Line}; a batch has one expiry date.") { Line = line, Batch = code.Value });
                continue;
            }
            var kept = await KeptAsync(product.Id, code.Key, ct);
            if (kept is { } k && k.ExpiresOn != date)
                problems.Add(Different(product, at, line, k.Batch, k.ExpiresOn, date));
            else _given[key] = (code.Value, date, line, at);
        }
    }

    /// <summary>Keeps the dates checked, after the request's problems were thrown; a date given meanwhile by another request is refused.</summary>
    public async Task SaveAsync(CancellationToken ct)
    {
        foreach (var ((productId, key), given) in _given)
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO \"BatchExpiries\" (\"ProductId\", \"Batch\", \"BatchKey\", \"ExpiresOn\") VALUES ({productId}, {given.Batch}, {key}, {given.ExpiresOn}) ON CONFLICT (\"ProductId\", \"BatchKey\") DO NOTHING", ct);
            var kept = (await KeptAsync(productId, key, ct))!;
            if (kept.ExpiresOn != given.ExpiresOn)
            {
                var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == productId, ct);
                throw new StockRuleException(Different(product, given.At, given.Line, kept.Batch, kept.ExpiresOn, given.ExpiresOn));
            }
        }
        _given.Clear();
    }

    private Task<BatchExpiry?> KeptAsync(int productId, string key, CancellationToken ct) =>
        db.BatchExpiries.AsNoTracking().FirstOrDefaultAsync(e => e.ProductId == productId && e.BatchKey == key, ct);

    private static Problem Different(Product product, string at, int line, string batch, DateOnly kept, DateOnly given) =>
        new(ProblemKind.Conflict,
            $"{at}: batch {batch} of {product.Sku} already expires on {ExpiryRule.Text(kept)}; it cannot be given {ExpiryRule.Text(given)}. A batch has one expiry date: change it with PATCH /api/products/{product.Id}/batches/{batch}.")
        { Line = line, Batch = batch };
}
