using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;

namespace Stocktrail.Features.Expiry;

/// <summary>
/// Changes the expiry date of a batch of a product (or, with null, takes it away). The batch must be one the product
/// has had in stock. A changed date may be told again as "batch.expiring" once it comes within the notice window.
/// </summary>
public static class ChangeBatchExpiry
{
    public sealed record Request(DateOnly? ExpiresOn);
    public sealed record BatchExpiryDto(int ProductId, string Sku, string Batch, DateOnly? ExpiresOn);

    public sealed class Handler(StocktrailDbContext db, AuditTrail audit)
    {
        public async Task<BatchExpiryDto> HandleAsync(int productId, string batch, Request request, CancellationToken ct)
        {
            var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == productId, ct)
                ?? throw StockRuleException.NotFound($"There is no product with id {productId}.");
            if (product.TrackingType != TrackingType.Batch)
                throw StockRuleException.Conflict($"{product.Sku} is tracked as {product.TrackingType}, not by batch; it has no batches to date.");
            var key = TrackingCode.Key(batch);
            var name = await db.CostLayers.AsNoTracking().Where(l => l.ProductId == productId && l.BatchKey == key)
                .OrderBy(l => l.ReceivedAt).ThenBy(l => l.Id).Select(l => l.Batch).FirstOrDefaultAsync(ct)
                ?? throw new StockRuleException(new Problem(ProblemKind.NotFound, $"{product.Sku} has no batch {batch.Trim()}.") { Batch = batch.Trim() });

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var before = await db.BatchExpiries.AsNoTracking().Where(e => e.ProductId == productId && e.BatchKey == key)
                .Select(e => (DateOnly?)e.ExpiresOn).FirstOrDefaultAsync(ct);
            if (request.ExpiresOn is { } date)
            {
                // One statement either way, so two changes at once leave one date, never a failed insert.
                await db.Database.ExecuteSqlInterpolatedAsync(
                    $"INSERT INTO \"BatchExpiries\" (\"ProductId\", \"Batch\", \"BatchKey\", \"ExpiresOn\") VALUES ({productId}, {name}, {key}, {date}) ON CONFLICT (\"ProductId\", \"BatchKey\") DO UPDATE SET \"ExpiresOn\" = {date}, \"NoticeSentFor\" = NULL", ct);
            }
            else await db.BatchExpiries.Where(e => e.ProductId == productId && e.BatchKey == key).ExecuteDeleteAsync(ct);

            if (before != request.ExpiresOn)
            {
                audit.Record(AuditActions.BatchExpiryChanged,
                    $"Batch {name} of {product.Sku}: expiry {(before is { } b ? ExpiryRule.Text(b) : "none")} → {(request.ExpiresOn is { } a ? ExpiryRule.Text(a) : "none")}.",
                    "Product", product.Sku);
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
            return new BatchExpiryDto(product.Id, product.Sku, name, request.ExpiresOn);
        }
    }
}
