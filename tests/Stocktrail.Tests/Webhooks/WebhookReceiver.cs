using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Stocktrail.Tests.Webhooks;

/// <summary>A receiver on a loopback port (HttpListener, 127.0.0.1, 5142–5149): it keeps every delivery and answers the statuses it is told to, then 200.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<int> _answers;
    private readonly Task _loop;

    public sealed record Delivery(DateTime ReceivedAt, byte[] Body, IReadOnlyDictionary<string, string> Headers, int Answered)
    {
        public JsonNode Json => JsonNode.Parse(Body)!;

        public bool SignedWith(string secret) =>
            Headers["Stocktrail-Signature"] == "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Body));
    }

    public WebhookReceiver(params int[] answers)
    {
        _answers = new ConcurrentQueue<int>(answers);
        foreach (var port in Enumerable.Range(5142, 8))
        {
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                Url = $"http://127.0.0.1:{port}/hooks/stocktrail";
                break;
            }
            catch (HttpListenerException)
            {
                // Taken by another test class's receiver: the next port.
            }
        }
        if (Url is null) throw new InvalidOperationException("No port from 5142 to 5149 was free for the webhook receiver.");
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; } = null!;
    public ConcurrentQueue<Delivery> Received { get; } = new();

    /// <summary>Waits until <paramref name="count"/> deliveries (counting failed answers too) have arrived, at most a minute.</summary>
    public async Task<List<Delivery>> WaitFor(int count, Func<Delivery, bool>? which = null)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (Received.Count(d => which?.Invoke(d) ?? true) < count && DateTime.UtcNow < deadline) await Task.Delay(50);
        return Received.Where(d => which?.Invoke(d) ?? true).ToList();
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var status = _answers.TryDequeue(out var next) ? next : 200;
            Received.Enqueue(new Delivery(DateTime.UtcNow, body.ToArray(),
                context.Request.Headers.AllKeys.ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase), status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
