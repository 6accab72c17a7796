using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Webhooks;

/// <summary>
/// Where events are written: one outbox row per active webhook that asked for the event, added to the change's own
/// unit of work, so they are committed with it (and vanish with it when it rolls back). Nothing is sent from here; the
/// <see cref="WebhookSender"/> sends what was committed.
/// </summary>
public sealed class WebhookOutbox(StocktrailDbContext db, TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    private List<Webhook>? _hooks;

    public sealed record DocumentData(string Type, int Id, string Number);
    public sealed record LineData(int ProductId, int WarehouseId, string? Batch, decimal Quantity);
    public sealed record DocumentPostedData(DocumentData Document, DateTime OccurredAt, IReadOnlyList<LineData> Lines);
    public sealed record SerialData(int ProductId, string Serial, int WarehouseId, string Direction);
    public sealed record SerialsMovedData(DocumentData Document, DateTime OccurredAt, IReadOnlyList<SerialData> Serials);

    /// <summary>Adds the event for each webhook that wants it; <paramref name="data"/> is made only when one does.</summary>
    public async Task AddAsync(string eventName, Func<object> data, CancellationToken ct)
    {
        _hooks ??= await db.Webhooks.AsNoTracking().Where(h => h.IsActive).ToListAsync(ct);
        var wanting = _hooks.Where(h => h.Wants(eventName)).ToList();
        if (wanting.Count == 0) return;
        var value = data();
        var text = JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var hook in wanting) db.WebhookDeliveries.Add(new WebhookDelivery(hook.Id, eventName, text, now));
    }

    /// <summary>A posting appended to the ledger: "document.posted" with its quantities, and "serial.moved" with its serials, if any moved.</summary>
    public async Task PostingAppendedAsync(Posting posting, CancellationToken ct)
    {
        if (DocumentOf(posting) is not { } document) return;
        await AddAsync(WebhookEvents.DocumentPosted, () => new DocumentPostedData(document, posting.OccurredAt, LinesOf(posting)), ct);
        if (posting.SerialsIn.Count + posting.SerialsOut.Count == 0) return;
        await AddAsync(WebhookEvents.SerialMoved, () => new SerialsMovedData(document, posting.OccurredAt,
            posting.SerialsOut.SelectMany(s => s.Units.Select(u => new SerialData(s.ProductId, u.Serial, s.WarehouseId, "Out")))
                .Concat(posting.SerialsIn.SelectMany(s => s.Units.Select(u => new SerialData(s.ProductId, u.Serial, s.WarehouseId, "In"))))
                .ToList()), ct);
    }

    private static DocumentData? DocumentOf(Posting posting)
    {
        DocumentRef? source = posting.Sources.Select(s => (DocumentRef?)s).FirstOrDefault();
        return source is { } s ? new DocumentData(s.Type.ToString(), s.Id, s.Number) : null;
    }

    /// <summary>The quantity each product moved in each warehouse (and batch): in positive, out negative.</summary>
    private static List<LineData> LinesOf(Posting posting) =>
        posting.SerialsIn.Select(s => (s.ProductId, s.WarehouseId, Batch: (string?)null, Quantity: (decimal)s.Units.Count))
            .Concat(posting.SerialsOut.Select(s => (s.ProductId, s.WarehouseId, Batch: (string?)null, Quantity: -(decimal)s.Units.Count)))
            .Concat(posting.LayersIn.Select(l => (l.ProductId, l.WarehouseId, l.Batch, l.Quantity)))
            .Concat(posting.LayersOut.Select(l => (l.ProductId, l.WarehouseId, l.Batch, Quantity: -l.Takes.Sum(t => t.Quantity))))
            .GroupBy(l => (l.ProductId, l.WarehouseId, l.Batch))
            .Select(g => new LineData(g.Key.ProductId, g.Key.WarehouseId, g.Key.Batch, g.Sum(l => l.Quantity)))
            .ToList();
}
