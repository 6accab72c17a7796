using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stocktrail.Data;
using Stocktrail.Features.Jobs;

namespace Stocktrail.Features.Webhooks;

/// <summary>Settings of webhook sending (<c>Stocktrail:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>Attempts before a delivery is failed for good.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>The wait after the first failed attempt; it doubles after each (10 s, 20 s, 40 s, … at most 6 hours).</summary>
    public double RetryBaseSeconds { get; set; } = 10;
    public double TimeoutSeconds { get; set; } = 10;
    /// <summary>Also refuse loopback and private-network addresses (for an installation whose receivers are all on the internet).</summary>
    public bool BlockPrivateNetworks { get; set; }

    public TimeSpan RetryAfter(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(RetryBaseSeconds * Math.Pow(2, Math.Max(0, attempts - 1)), TimeSpan.FromHours(6).TotalSeconds));
}

/// <summary>How a delivery is signed: HMAC-SHA256 of the exact body with the hook's secret, hex, as <c>sha256=…</c>.</summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "Stocktrail-Signature";
    public const string TimestampHeader = "Stocktrail-Timestamp";
    public const string DeliveryHeader = "Stocktrail-Delivery";
    public const string EventHeader = "Stocktrail-Event";

    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>The body of one attempt: the delivery's id, event and the attempt's time around the event's data, all signed.</summary>
    public static string Body(WebhookDelivery delivery, long timestamp, int attempt) =>
        $"{{\"id\":\"{delivery.DeliveryId}\",\"event\":\"{delivery.Event}\",\"timestamp\":{timestamp},\"attempt\":{attempt},\"occurredAt\":\"{delivery.CreatedAt:O}\",\"data\":{delivery.DataJson}}}";

    public static string NewSecret() => "whsec_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// Sends what the outbox committed. Each node claims a due delivery with a lease (the same claim as jobs), posts it,
/// and records the outcome: sent on a 2xx answer; otherwise tried again after an exponentially growing wait, and failed
/// after the last attempt. A node that dies while sending leaves its lease to run out; the delivery is then sent again
/// (a receiver tells a repeat by its delivery id).
/// </summary>
public sealed class WebhookSender(IServiceScopeFactory scopes, NodeIdentity node, IOptions<JobOptions> jobs,
    IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookSender> logger) : BackgroundService
{
    private readonly HttpClient _http = new(Guard(options.Value)) { Timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds) };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Outbox rows are committed by the changes themselves, so an idle sender looks again after the poll interval.
                if (!await SendNextAsync(stoppingToken)) await Task.Delay(jobs.Value.Poll, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The webhook sender of {Node} failed; it tries again", node.Name);
                await Task.Delay(jobs.Value.Poll, stoppingToken);
            }
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private async Task<bool> SendNextAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var id = await Leases.ClaimAsync(db, "WebhookDeliveries",
            "((\"Status\" = 'Pending' AND \"NextAttemptAt\" <= @now) OR (\"Status\" = 'Sending' AND \"LeaseExpiresAt\" < @now))",
            nameof(WebhookDeliveryStatus.Sending), node.Name, now, now + jobs.Value.Lease, ct);
        if (id is null) return false;
        var delivery = await db.WebhookDeliveries.AsNoTracking().FirstAsync(d => d.Id == id, ct);
        var hook = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(h => h.Id == delivery.WebhookId, ct);

        var (status, error) = hook is { IsActive: true } ? await PostAsync(hook, delivery, ct) : (null, "The webhook was deactivated before this was sent.");
        var at = clock.GetUtcNow().UtcDateTime;
        var succeeded = status is >= 200 and < 300;
        var final = succeeded || hook is not { IsActive: true } || delivery.Attempts >= options.Value.MaxAttempts;
        var state = succeeded ? WebhookDeliveryStatus.Succeeded : final ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending;
        var next = final ? delivery.NextAttemptAt : at + options.Value.RetryAfter(delivery.Attempts);
        if (error?.Length > WebhookDelivery.MaxErrorLength) error = error[..WebhookDelivery.MaxErrorLength];
        var recorded = await db.WebhookDeliveries
            .Where(d => d.Id == delivery.Id && d.LeaseOwner == node.Name && d.Status == WebhookDeliveryStatus.Sending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, state).SetProperty(d => d.LastAttemptAt, at).SetProperty(d => d.NextAttemptAt, next)
                .SetProperty(d => d.LastStatusCode, status).SetProperty(d => d.LastError, error)
                .SetProperty(d => d.DeliveredAt, succeeded ? at : null)
                .SetProperty(d => d.LeaseOwner, (string?)null).SetProperty(d => d.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
        if (recorded == 0) logger.LogWarning("Webhook delivery {DeliveryId} was taken over by another node while {Node} sent it", delivery.DeliveryId, node.Name);
        else if (!succeeded) logger.LogWarning("Webhook delivery {DeliveryId} to hook {HookId} attempt {Attempt} failed: {Error}", delivery.DeliveryId, delivery.WebhookId, delivery.Attempts, error);
        return true;
    }

    private async Task<(int? Status, string? Error)> PostAsync(Webhook hook, WebhookDelivery delivery, CancellationToken ct)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var body = Encoding.UTF8.GetBytes(WebhookSignature.Body(delivery, timestamp, delivery.Attempts));
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(hook.Secret, body));
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.DeliveryId.ToString());
        request.Headers.Add(WebhookSignature.EventHeader, delivery.Event);
        request.Headers.UserAgent.ParseAdd("Stocktrail-Webhooks/0.2");
        try
        {
            // Only the status is kept: the receiver's answer is never stored or shown, so a hook cannot be used to read another service.
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var code = (int)response.StatusCode;
            return (code, code is >= 200 and < 300 ? null : $"The receiver answered {code} {response.ReasonPhrase}.");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return (null, e is TaskCanceledException ? $"No answer within {options.Value.TimeoutSeconds:0.#} s." : $"Not sent: {e.Message}");
        }
    }

    /// <summary>
    /// Redirects are not followed, and the address a host name resolves to is checked when connecting (so a name that
    /// resolves to a forbidden address is refused too): never link-local (cloud metadata at 169.254.169.254), multicast
    /// or unspecified; with <see cref="WebhookOptions.BlockPrivateNetworks"/>, not loopback or private networks either.
    /// </summary>
    private static SocketsHttpHandler Guard(WebhookOptions options) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectCallback = async (context, ct) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
            var allowed = addresses.FirstOrDefault(a => WebhookAddresses.Refusal(a, options.BlockPrivateNetworks) is null)
                ?? throw new HttpRequestException($"{context.DnsEndPoint.Host} is at {string.Join(", ", addresses.Select(a => a.ToString()))}, " +
                    $"{(addresses.Length == 0 ? "nowhere" : WebhookAddresses.Refusal(addresses[0], options.BlockPrivateNetworks))}; webhooks are not sent there.");
            var socket = new Socket(allowed.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}

/// <summary>Which addresses a webhook may be sent to (see docs/jobs.md, "Webhooks").</summary>
public static class WebhookAddresses
{
    public static string? Refusal(IPAddress address, bool blockPrivateNetworks)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var b = address.GetAddressBytes();
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return "an unspecified address";
        if (address.IsIPv6LinkLocal || (address.AddressFamily == AddressFamily.InterNetwork && b[0] == 169 && b[1] == 254)) return "a link-local address";
        if (address.IsIPv6Multicast || (address.AddressFamily == AddressFamily.InterNetwork && b[0] >= 224)) return "a multicast or reserved address";
        if (!blockPrivateNetworks) return null;
        if (IPAddress.IsLoopback(address)) return "a loopback address";
        var isPrivate = address.AddressFamily == AddressFamily.InterNetwork
            ? b[0] == 10 || (b[0] == 172 && b[1] is >= 16 and < 32) || (b[0] == 192 && b[1] == 168) || (b[0] == 100 && b[1] is >= 64 and < 128) || b[0] == 0
            : (b[0] & 0xFE) == 0xFC || address.IsIPv6SiteLocal;
        return isPrivate ? "a private-network address" : null;
    }
}
