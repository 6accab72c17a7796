using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stocktrail.Domain;

namespace Stocktrail.Features.Webhooks;

/// <summary>The events a webhook may ask for. "batch.expiring" is sent by the expiry notices (Features/Expiry/ExpiryNotices.cs).</summary>
public static class WebhookEvents
{
    public const string DocumentPosted = "document.posted";
    public const string SerialMoved = "serial.moved";
    public const string StockTakeCompleted = "stock-take.completed";
    public const string BatchExpiring = "batch.expiring";

    public static IReadOnlyList<string> Available { get; } = [DocumentPosted, SerialMoved, StockTakeCompleted, BatchExpiring];
}

/// <summary>
/// An address an Administrator registered to be told of events. The secret signs each delivery; it is shown once, when
/// the hook is made, and kept (not hashed: every delivery is signed with it).
/// </summary>
public sealed class Webhook
{
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 200;

    private Webhook() { }

    public Webhook(string url, IEnumerable<string> events, string? description, string secret, DateTime createdAt)
    {
        Url = url;
        Events = Join(events);
        Description = description;
        Secret = secret;
        IsActive = true;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }
    public string Url { get; private set; } = "";
    /// <summary>The events asked for, separated by spaces.</summary>
    public string Events { get; private set; } = "";
    public string? Description { get; private set; }
    public string Secret { get; private set; } = "";
    public bool IsActive { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public int? CreatedById { get; private set; }

    public IReadOnlyList<string> EventList => Events.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool Wants(string eventName) => IsActive && EventList.Contains(eventName);

    public void Change(string? url, IEnumerable<string>? events, string? description, bool? isActive)
    {
        if (url is not null) Url = url;
        if (events is not null) Events = Join(events);
        if (description is not null) Description = description.Length == 0 ? null : description;
        if (isActive is { } active) IsActive = active;
    }

    private static string Join(IEnumerable<string> events) => string.Join(' ', events.Distinct().Order(StringComparer.Ordinal));
}

public enum WebhookDeliveryStatus { Pending, Sending, Succeeded, Failed }

/// <summary>
/// One event for one webhook: the outbox row, written in the same transaction as the change it tells of, and then the
/// record of its sending. A node sends it under a lease (as jobs are run), retrying with exponential back-off.
/// </summary>
public sealed class WebhookDelivery
{
    public const int MaxErrorLength = 500;

    private WebhookDelivery() { }

    public WebhookDelivery(int webhookId, string eventName, string dataJson, DateTime createdAt)
    {
        WebhookId = webhookId;
        DeliveryId = Guid.NewGuid();
        Event = eventName;
        DataJson = dataJson;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
        Status = WebhookDeliveryStatus.Pending;
    }

    public long Id { get; private set; }
    public int WebhookId { get; private set; }
    /// <summary>Sent with every attempt, so a receiver can tell a retry of a delivery it already has.</summary>
    public Guid DeliveryId { get; private set; }
    public string Event { get; private set; } = "";
    /// <summary>The event's <c>data</c>, as JSON; the body sent wraps it with the delivery's id, event and time.</summary>
    public string DataJson { get; private set; } = "";
    public WebhookDeliveryStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime NextAttemptAt { get; private set; }
    public DateTime? LastAttemptAt { get; private set; }
    public DateTime? DeliveredAt { get; private set; }
    public int? LastStatusCode { get; private set; }
    public string? LastError { get; private set; }
    public string? LeaseOwner { get; private set; }
    public DateTime? LeaseExpiresAt { get; private set; }
}

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> b)
    {
        b.Property(h => h.Url).HasMaxLength(Webhook.MaxUrlLength);
        b.Property(h => h.Events).HasMaxLength(400);
        b.Property(h => h.Description).HasMaxLength(Webhook.MaxDescriptionLength);
        b.Property(h => h.Secret).HasMaxLength(100);
        b.Ignore(h => h.EventList);
        b.HasOne<Users.User>().WithMany().HasForeignKey(h => h.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.Property(d => d.Event).HasMaxLength(64);
        b.Property(d => d.LastError).HasMaxLength(WebhookDelivery.MaxErrorLength);
        b.Property(d => d.LeaseOwner).HasMaxLength(200);
        b.HasIndex(d => d.DeliveryId).IsUnique();
        // The sender looks for pending deliveries that are due, and for sending ones whose lease ran out.
        b.HasIndex(d => new { d.Status, d.NextAttemptAt });
        b.HasIndex(d => new { d.WebhookId, d.Id });
        b.HasOne<Webhook>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
    }
}
