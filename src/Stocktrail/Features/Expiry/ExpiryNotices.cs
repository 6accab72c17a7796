using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Webhooks;
using Stocktrail.Web;

namespace Stocktrail.Features.Expiry;

/// <summary>Settings of the expiry notices: the window (<c>Stocktrail:ExpiryNoticeDays</c>) and how often it is looked at.</summary>
public sealed class ExpiryNoticeOptions(IConfiguration configuration)
{
    public const string DaysSetting = "Stocktrail:ExpiryNoticeDays";
    public const string CheckSetting = "Stocktrail:ExpiryNoticeCheckSeconds";

    /// <summary>Batches expiring within this many days are on the dashboard's notice and told as "batch.expiring" (default 30).</summary>
    public int Days { get; } = configuration.GetValue<int?>(DaysSetting) is { } days
        ? days is >= 0 and <= ExpiryReport.MaxDays ? days : throw new InvalidOperationException($"{DaysSetting} must be between 0 and {ExpiryReport.MaxDays} (was {days}).")
        : 30;

    public TimeSpan CheckEvery { get; } = TimeSpan.FromSeconds(configuration.GetValue<double?>(CheckSetting) ?? 300);
}

/// <summary>
/// Tells webhooks of each batch in stock that comes within the notice window ("batch.expiring"), once per batch of a
/// product and date, with what each warehouse holds of it. What was told is a column of the batch's row
/// (<see cref="BatchExpiry.NoticeSentFor"/>), set by a conditional update in the same transaction as the outbox rows:
/// a restart, or two nodes looking at once, never tells a batch twice or forgets one. A changed date is told again.
/// </summary>
public sealed class ExpiryNotices(IServiceScopeFactory scopes, ExpiryNoticeOptions options, ILogger<ExpiryNotices> logger) : BackgroundService
{
    public sealed record WarehouseStock(int WarehouseId, decimal OnHand);
    public sealed record BatchExpiringData(int ProductId, string Sku, string Batch, DateOnly ExpiresOn, int DaysLeft, IReadOnlyList<WarehouseStock> Warehouses);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await TellDueAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The expiry notices failed; they look again after {Interval}", options.CheckEvery);
            }
            await Task.Delay(options.CheckEvery, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    /// <summary>Tells every batch due now; returns how many were told.</summary>
    public static async Task<int> TellDueAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<StocktrailDbContext>();
        var outbox = services.GetRequiredService<WebhookOutbox>();
        var days = services.GetRequiredService<ExpiryNoticeOptions>().Days;
        var today = services.GetRequiredService<BusinessTime>().Today(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var until = today.AddDays(days);

        var due = await (
            from e in db.BatchExpiries.AsNoTracking()
            where e.ExpiresOn <= until && (e.NoticeSentFor == null || e.NoticeSentFor != e.ExpiresOn)
                && db.CostLayers.Any(l => l.ProductId == e.ProductId && l.BatchKey == e.BatchKey && l.Remaining > 0)
            join p in db.Products.AsNoTracking() on e.ProductId equals p.Id
            orderby e.ExpiresOn
            select new { e.ProductId, p.Sku, e.Batch, e.BatchKey, e.ExpiresOn }).Take(500).ToListAsync(ct);

        var told = 0;
        foreach (var batch in due)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.BatchExpiries
                .Where(e => e.ProductId == batch.ProductId && e.BatchKey == batch.BatchKey && e.ExpiresOn == batch.ExpiresOn
                    && (e.NoticeSentFor == null || e.NoticeSentFor != e.ExpiresOn))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.NoticeSentFor, (DateOnly?)batch.ExpiresOn), ct);
            if (claimed == 0) continue;
            var stock = await db.CostLayers.AsNoTracking()
                .Where(l => l.ProductId == batch.ProductId && l.BatchKey == batch.BatchKey && l.Remaining > 0)
                .Select(l => new { l.WarehouseId, l.Remaining }).ToListAsync(ct);
            await outbox.AddAsync(WebhookEvents.BatchExpiring, () => new BatchExpiringData(batch.ProductId, batch.Sku, batch.Batch, batch.ExpiresOn,
                ExpiryRule.DaysLeft(batch.ExpiresOn, today),
                stock.GroupBy(s => s.WarehouseId).OrderBy(g => g.Key).Select(g => new WarehouseStock(g.Key, g.Sum(s => s.Remaining))).ToList()), ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            told++;
        }
        return told;
    }
}
