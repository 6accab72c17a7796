using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Labels;

/// <summary>
/// The next serials of a product's pattern that the product has never had. The counter is advanced by one UPDATE in
/// the database before anything is read, so two clerks asking at once wait on each other's row lock and get different
/// numbers; numbers whose serial the product already has (received by hand, say) are skipped.
/// </summary>
public static class ProposeSerialNumbers
{
    public const int MaxCount = 10_000;
    private const int MaxRounds = 50;

    public sealed record Request(int? Count);
    public sealed record Response(int ProductId, string Pattern, IReadOnlyList<string> Serials);

    public sealed class Handler(StocktrailDbContext db, TimeProvider clock)
    {
        public async Task<Response> HandleAsync(int productId, Request request, CancellationToken ct)
        {
            var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == productId, ct)
                ?? throw StockRuleException.NotFound($"There is no product with id {productId}.");
            if (request.Count is not (>= 1 and <= MaxCount))
                throw StockRuleException.Invalid($"Ask for 1 to {MaxCount:N0} serial numbers at a time (count was {request.Count?.ToString() ?? "missing"}).");
            if (product.SerialPattern is null)
                throw StockRuleException.Conflict($"Product {product.Sku} has no serial pattern; give it one (e.g. SN-{{yyyy}}-{{00000}}) before serials can be proposed.");
            var pattern = SerialPattern.Create(product.SerialPattern);
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

            var serials = new List<string>();
            for (var round = 0; serials.Count < request.Count && round < MaxRounds; round++)
            {
                var need = request.Count.Value - serials.Count;
                var last = await AdvanceAsync(productId, need, ct);
                var candidates = Enumerable.Range(0, need).Select(i => pattern.Format(last - need + 1 + i, today)).ToList();
                var keys = candidates.Select(TrackingCode.Key).ToList();
                var used = (await db.SerialUnits.Where(u => u.ProductId == productId && keys.Contains(u.SerialKey))
                    .Select(u => u.SerialKey).ToListAsync(ct)).ToHashSet();
                serials.AddRange(candidates.Where(c => !used.Contains(TrackingCode.Key(c))));
            }
            if (serials.Count < request.Count)
                throw StockRuleException.Conflict($"Product {product.Sku} already has nearly every serial its pattern {pattern.Text} makes next; give it a new pattern.");
            return new Response(productId, pattern.Text, serials);
        }

        /// <summary>Moves the counter on by <paramref name="count"/> and returns its new value: the last number that is ours.</summary>
        private async Task<long> AdvanceAsync(int productId, int count, CancellationToken ct)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Products.Where(p => p.Id == productId)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.SerialCounter, p => p.SerialCounter + count), ct);
            var last = await db.Products.Where(p => p.Id == productId).Select(p => p.SerialCounter).FirstAsync(ct);
            await tx.CommitAsync(ct);
            return last;
        }
    }
}
