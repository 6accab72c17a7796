using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.Webhooks;

public sealed record WebhookDto(int Id, string Url, IReadOnlyList<string> Events, string? Description, bool IsActive, DateTime CreatedAt)
{
    public static WebhookDto Of(Webhook h) => new(h.Id, h.Url, h.EventList, h.Description, h.IsActive, h.CreatedAt);
}

/// <summary>A webhook just made, with its secret: the one time the secret is shown.</summary>
public sealed record CreatedWebhookDto(int Id, string Url, IReadOnlyList<string> Events, string? Description, bool IsActive, DateTime CreatedAt, string Secret);

public sealed record WebhookDeliveryDto(long Id, Guid DeliveryId, string Event, WebhookDeliveryStatus Status, int Attempts, DateTime CreatedAt,
    DateTime? LastAttemptAt, DateTime? NextAttemptAt, DateTime? DeliveredAt, int? LastStatusCode, string? LastError);

/// <summary>Webhooks, made, changed, listed and deleted by an Administrator; each change writes its audit line in its own transaction.</summary>
public static class ManageWebhooks
{
    public sealed record CreateRequest(string? Url, IReadOnlyList<string>? Events, string? Description);
    public sealed record UpdateRequest(string? Url, IReadOnlyList<string>? Events, string? Description, bool? IsActive);
    public sealed record ListResult(IReadOnlyList<WebhookDto> Items);
    /// <param name="Page">The numbered page asked for (1 when neither it nor a key was); null for a page read by after or before.</param>
    public sealed record DeliveriesResult(IReadOnlyList<WebhookDeliveryDto> Items, int? Page, int PageSize, bool HasMore,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Prev = null);

    public sealed class Handler(StocktrailDbContext db, AuditTrail audit, TimeProvider clock)
    {
        public async Task<CreatedWebhookDto> CreateAsync(CreateRequest request, CancellationToken ct)
        {
            var problems = new ProblemList();
            var url = CheckUrl(request.Url, required: true, problems);
            var events = CheckEvents(request.Events, required: true, problems);
            var description = CheckDescription(request.Description, problems);
            problems.ThrowIfAny();
            var hook = new Webhook(url!, events!, description, WebhookSignature.NewSecret(), clock.GetUtcNow().UtcDateTime);
            db.Webhooks.Add(hook);
            audit.Record(AuditActions.WebhookCreated, $"Webhook to {hook.Url} for {string.Join(", ", hook.EventList)}.");
            await db.SaveChangesAsync(ct);
            return new CreatedWebhookDto(hook.Id, hook.Url, hook.EventList, hook.Description, hook.IsActive, hook.CreatedAt, hook.Secret);
        }

        public async Task<WebhookDto> UpdateAsync(int id, UpdateRequest request, CancellationToken ct)
        {
            var hook = await FindAsync(id, ct);
            var problems = new ProblemList();
            var url = CheckUrl(request.Url, required: false, problems);
            var events = CheckEvents(request.Events, required: false, problems);
            var description = request.Description is null ? null : CheckDescription(request.Description, problems) ?? "";
            problems.ThrowIfAny();
            var before = Describe(hook);
            hook.Change(url, events, description, request.IsActive);
            if (Describe(hook) != before)
            {
                audit.Record(AuditActions.WebhookUpdated, $"Webhook {hook.Id}: {before} → {Describe(hook)}.");
                await db.SaveChangesAsync(ct);
            }
            return WebhookDto.Of(hook);
        }

        /// <summary>Deletes the hook and its deliveries; what was not sent yet is not sent.</summary>
        public async Task DeleteAsync(int id, CancellationToken ct)
        {
            var hook = await FindAsync(id, ct);
            db.Webhooks.Remove(hook);
            audit.Record(AuditActions.WebhookDeleted, $"Webhook {hook.Id} to {hook.Url} deleted with its deliveries.");
            await db.SaveChangesAsync(ct);
        }

        public async Task<ListResult> ListAsync(CancellationToken ct) =>
            new((await db.Webhooks.AsNoTracking().OrderBy(h => h.Id).ToListAsync(ct)).Select(WebhookDto.Of).ToList());

        public async Task<WebhookDto> GetAsync(int id, CancellationToken ct) => WebhookDto.Of(await FindAsync(id, ct));

        /// <summary>The hook's deliveries, newest first, a page at a time (100 unless asked, at most 1,000), by key (<see cref="ListPage"/>).</summary>
        public async Task<DeliveriesResult> DeliveriesAsync(int id, string? after, int? page, int? pageSize, CancellationToken ct, string? before = null)
        {
            var problems = new ProblemList();
            var at = ListPage.Check(after, page, pageSize, problems, before: before);
            problems.ThrowIfAny();
            await FindAsync(id, ct);
            var deliveries = db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == id);
            if (at.Before is { } beforeId)
            {
                var back = await Read(deliveries.Where(d => d.Id > beforeId).OrderBy(d => d.Id).Take(at.Size + 1), ct);
                if (at.Back(back, d => d.Id) is { } paged) return new DeliveriesResult(paged.Items, null, at.Size, paged.Next is not null, paged.Next, paged.Prev);
                at = at.First;
            }
            if (at.After is { } afterId) deliveries = deliveries.Where(d => d.Id < afterId);
            var rows = at.Forward(await Read(deliveries.OrderByDescending(d => d.Id).Skip(at.Skip).Take(at.Size + 1), ct), d => d.Id);
            return new DeliveriesResult(rows.Items, at.After is null ? page ?? 1 : null, at.Size, rows.Next is not null, rows.Next, rows.Prev);
        }

        private static Task<List<WebhookDeliveryDto>> Read(IQueryable<WebhookDelivery> deliveries, CancellationToken ct) =>
            deliveries.Select(d => new WebhookDeliveryDto(d.Id, d.DeliveryId, d.Event, d.Status, d.Attempts, d.CreatedAt, d.LastAttemptAt,
                    d.Status == WebhookDeliveryStatus.Pending ? d.NextAttemptAt : null, d.DeliveredAt, d.LastStatusCode, d.LastError))
                .ToListAsync(ct);

        private async Task<Webhook> FindAsync(int id, CancellationToken ct) =>
            await db.Webhooks.FirstOrDefaultAsync(h => h.Id == id, ct) ?? throw StockRuleException.NotFound($"There is no webhook with id {id}.");

        private static string Describe(Webhook h) => $"{h.Url} for {string.Join(", ", h.EventList)}, {(h.IsActive ? "active" : "inactive")}";
    }

    /// <summary>
    /// An absolute http or https address without credentials or fragment. Where it may point is checked again when a
    /// delivery connects (<see cref="WebhookAddresses"/>), since a name can resolve elsewhere later.
    /// </summary>
    public static string? CheckUrl(string? text, bool required, ProblemList problems)
    {
        var url = text?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            if (required) problems.Add(Problem.Invalid("url is required: the http or https address the events are posted to."));
            return null;
        }
        if (url.Length > Webhook.MaxUrlLength) problems.Add(Problem.Invalid($"url is {url.Length:N0} characters long; at most {Webhook.MaxUrlLength:N0}."));
        else if (PlainText.Check(url, "url") is { } why) problems.Add(Problem.Invalid(why));
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            problems.Add(Problem.Invalid($"url '{url}' is not an absolute http or https address."));
        else if (uri.UserInfo.Length > 0) problems.Add(Problem.Invalid("url must not carry a user name or password; the signature says the delivery is from Stocktrail."));
        else if (uri.Fragment.Length > 0) problems.Add(Problem.Invalid("url must not have a fragment (#…); it is never sent."));
        else return uri.ToString();
        return null;
    }

    public static IReadOnlyList<string>? CheckEvents(IReadOnlyList<string>? events, bool required, ProblemList problems)
    {
        if (events is null)
        {
            if (required) problems.Add(Problem.Invalid($"events is required: one or more of {string.Join(", ", WebhookEvents.Available)}."));
            return null;
        }
        if (events.Count == 0) problems.Add(Problem.Invalid($"events is empty: name one or more of {string.Join(", ", WebhookEvents.Available)}."));
        foreach (var e in events)
            if (!WebhookEvents.Available.Contains(e))
                problems.Add(Problem.Invalid($"Event '{e}' is not known; the events are {string.Join(", ", WebhookEvents.Available)}."));
        return events;
    }

    private static string? CheckDescription(string? text, ProblemList problems)
    {
        var description = text?.Trim();
        if (string.IsNullOrEmpty(description)) return null;
        if (description.Length > Webhook.MaxDescriptionLength)
            problems.Add(Problem.Invalid($"description is {description.Length:N0} characters long; at most {Webhook.MaxDescriptionLength}."));
        else if (PlainText.Check(description, "description") is { } why) problems.Add(Problem.Invalid(why));
        return description;
    }
}
