using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Stocktrail.Data;

namespace Stocktrail.Web;

/// <summary>The first answer to a POST that carried an <c>Idempotency-Key</c>, kept so that a repeat gets it again.</summary>
public sealed class IdempotentRequest
{
    private IdempotentRequest() { }

    public IdempotentRequest(string key, string method, string path, string? requestHash, DateTime createdAt)
    {
        Key = key;
        Method = method;
        Path = path;
        RequestHash = requestHash;
        CreatedAt = createdAt;
    }

    public string Key { get; private set; } = "";
    public string Method { get; private set; } = "";
    public string Path { get; private set; } = "";
    /// <summary>SHA-256 (hex) of the method, path with query, and body; null for keys kept before it was recorded.</summary>
    public string? RequestHash { get; private set; }
    /// <summary>Null while the first request is still being answered.</summary>
    public int? StatusCode { get; private set; }
    public string? ContentType { get; private set; }
    public byte[]? Body { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public void Answered(int statusCode, string? contentType, byte[] body)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        Body = body;
    }
}

internal sealed class IdempotentRequestConfiguration : IEntityTypeConfiguration<IdempotentRequest>
{
    public void Configure(EntityTypeBuilder<IdempotentRequest> b)
    {
        b.HasKey(r => r.Key);
        b.Property(r => r.Key).HasMaxLength(200);
        b.Property(r => r.Method).HasMaxLength(10);
        b.Property(r => r.Path).HasMaxLength(IdempotencyMiddleware.MaxPathLength);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.Property(r => r.ContentType).HasMaxLength(200);
    }
}

/// <summary>
/// A POST with an <c>Idempotency-Key</c> header is answered once: a repeat with the same key gets the first answer
/// again (with <c>Idempotent-Replayed: true</c>) and changes nothing. The key is claimed in the database before the
/// request runs, so two copies sent at once (a double click, a retrying scanner) cannot both run: the second is told
/// the first is still in progress. A refused or failed request changed nothing and releases its key, so a repeat is
/// checked again. A key used for another path is refused (409); a key used again for the same path with another body
/// is refused (422), as the hash of the request kept with the key tells. An answer larger than
/// <see cref="MaxStoredAnswerBytes"/> is not kept whole: a repeat gets its status and a short note instead.
/// A key is kept for <see cref="IdempotencyOptions.KeepFor"/> (then a repeat runs as new, and the sweep deletes it); a
/// claim whose request never answered (its process died) is freed after <see cref="IdempotencyOptions.ClaimTimeout"/>.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;
    public const int MaxPathLength = 400;
    public const int MaxStoredAnswerBytes = 1024 * 1024;

    public async Task InvokeAsync(HttpContext context, StocktrailDbContext db, TimeProvider clock, IOptions<IdempotencyOptions> options)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.StartsWithSegments("/api")
            || context.Request.Headers[Header].FirstOrDefault() is not { Length: > 0 } key)
        {
            await next(context);
            return;
        }
        if (key.Length > MaxKeyLength)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, $"An {Header} has at most {MaxKeyLength} characters.");
            return;
        }
        var path = context.Request.Path.Value ?? "";
        if (path.Length > MaxPathLength)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest,
                $"An {Header} can be kept only for paths of at most {MaxPathLength} characters; this one has {path.Length}. Send it without the key, or to a shorter path.");
            return;
        }
        var hash = await HashAsync(context.Request, context.RequestAborted);

        // Whole microseconds, as PostgreSQL keeps them: the claim is found again by its key and this time.
        var now = clock.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % 10));
        var known = await db.Set<IdempotentRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, context.RequestAborted);
        if (known is not null && !options.Value.IsOver(known, now))
        {
            await ReplayAsync(context, known, path, hash);
            return;
        }
        if (known is not null)
        {
            // Expired, or a claim its request never answered: gone, and this request is new. Only that very row is
            // deleted, so two requests freeing it at once still race for the claim below and one of them wins.
            await db.Set<IdempotentRequest>().Where(r => r.Key == key && r.CreatedAt == known.CreatedAt).ExecuteDeleteAsync(context.RequestAborted);
        }

        var claim = new IdempotentRequest(key, context.Request.Method, path, hash, now);
        db.Add(claim);
        try
        {
            await db.SaveChangesAsync(context.RequestAborted);
        }
        catch (DbUpdateException)
        {
            // Another request claimed the key a moment ago.
            db.ChangeTracker.Clear();
            var first = await db.Set<IdempotentRequest>().AsNoTracking().FirstAsync(r => r.Key == key, context.RequestAborted);
            await ReplayAsync(context, first, path, hash);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            // A refusal (answered by the exception handler further out) or a failure changed nothing: free the key,
            // so that a repeat is checked again and gets the same answer.
            context.Response.Body = original;
            db.ChangeTracker.Clear();
            await db.Set<IdempotentRequest>().Where(r => r.Key == key && r.CreatedAt == now).ExecuteDeleteAsync();
            throw;
        }
        context.Response.Body = original;
        db.ChangeTracker.Clear();
        // Null when this request outlived its claim and another took the key over; its answer is then not kept.
        var stored = await db.Set<IdempotentRequest>().FirstOrDefaultAsync(r => r.Key == key && r.CreatedAt == now);
        if (stored is not null)
        {
            if (context.Response.StatusCode >= 500) db.Remove(stored);
            else if (buffer.Length <= MaxStoredAnswerBytes) stored.Answered(context.Response.StatusCode, context.Response.ContentType, buffer.ToArray());
            else stored.Answered(context.Response.StatusCode, "application/json", TooLargeToKeep(context.Response.StatusCode, buffer.Length));
            await db.SaveChangesAsync();
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original);
    }

    /// <summary>What a repeat of a request whose answer was too large to keep gets instead of it.</summary>
    private static byte[] TooLargeToKeep(int status, long length) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        status,
        detail = $"The request was applied once; its answer ({length:N0} bytes) was larger than the {MaxStoredAnswerBytes:N0} bytes kept for repeats, so it is not repeated here. Nothing was changed again; read the document to see it.",
    });

    /// <summary>
    /// SHA-256 of the caller, the method, the path with its query (letter case ignored in the path, as routing does)
    /// and the body. The caller is part of it so that one user's key never replays another user's answer.
    /// </summary>
    private static async Task<string> HashAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var caller = Features.Users.Claims.IdOf(request.HttpContext.User);
        sha.AppendData(Encoding.UTF8.GetBytes($"user {caller}\n{request.Method}\n{request.Path.Value?.ToLowerInvariant()}{request.QueryString}\n"));
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0) sha.AppendData(chunk, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    private static async Task ReplayAsync(HttpContext context, IdempotentRequest first, string path, string hash)
    {
        if (!string.Equals(first.Path, path, StringComparison.OrdinalIgnoreCase))
            await RefuseAsync(context, StatusCodes.Status409Conflict, $"{Header} '{first.Key}' was already used for POST {first.Path}; use a new key for another request.");
        else if (first.RequestHash is not null && first.RequestHash != hash)
            await RefuseAsync(context, StatusCodes.Status422UnprocessableEntity,
                $"{Header} '{first.Key}' was already used for POST {first.Path} with a different request body or by another user; nothing was changed. Use a new key for a different request.");
        else if (first.StatusCode is not { } status)
            await RefuseAsync(context, StatusCodes.Status409Conflict, $"A request with {Header} '{first.Key}' is still being answered; ask again in a moment.");
        else
        {
            context.Response.StatusCode = status;
            if (first.ContentType is not null) context.Response.ContentType = first.ContentType;
            context.Response.Headers["Idempotent-Replayed"] = "true";
            await context.Response.Body.WriteAsync(first.Body ?? []);
        }
    }

    private static Task RefuseAsync(HttpContext context, int status, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: status == 400 ? "Invalid request" : "Refused").ExecuteAsync(context);
}

/// <summary>How long idempotency keys live (settings <c>Stocktrail:Idempotency:*</c>).</summary>
public sealed class IdempotencyOptions
{
    /// <summary>A key and its answer are kept this long; a repeat after it runs as a new request.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// A claim with no answer after this long was left by a request that died with its process, and is freed. Longer
    /// than any request takes (the largest receipt takes seconds), so a slow request is never run twice.
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the sweep deletes keys past <see cref="KeepFor"/> and claims past <see cref="ClaimTimeout"/>.</summary>
    public TimeSpan SweepEvery { get; set; } = TimeSpan.FromMinutes(10);

    public bool IsOver(IdempotentRequest request, DateTime now) =>
        request.CreatedAt <= now - KeepFor || (request.StatusCode is null && request.CreatedAt <= now - ClaimTimeout);
}

/// <summary>Deletes idempotency keys that are over (<see cref="IdempotencyOptions"/>) every <see cref="IdempotencyOptions.SweepEvery"/>.</summary>
public sealed class IdempotencySweep(IServiceScopeFactory scopes, TimeProvider clock, IOptions<IdempotencyOptions> options, ILogger<IdempotencySweep> log)
    : BackgroundService
{
    public static async Task<int> PruneAsync(StocktrailDbContext db, IdempotencyOptions options, DateTime now, CancellationToken ct)
    {
        var (expired, abandoned) = (now - options.KeepFor, now - options.ClaimTimeout);
        return await db.Set<IdempotentRequest>()
            .Where(r => r.CreatedAt <= expired || (r.StatusCode == null && r.CreatedAt <= abandoned))
            .ExecuteDeleteAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepEvery, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
                var pruned = await PruneAsync(db, options.Value, clock.GetUtcNow().UtcDateTime, stoppingToken);
                if (pruned > 0) log.LogInformation("Pruned {Count} idempotency keys past their time", pruned);
            }
            catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or TimeoutException)
            {
                // A busy or unreachable database: the next sweep tries again; nothing is lost by waiting.
                log.LogWarning(e, "The idempotency key sweep failed; it runs again in {Interval}", options.Value.SweepEvery);
            }
        }
    }

    public static void AddTo(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<IdempotencyOptions>(configuration.GetSection("Stocktrail:Idempotency"));
        services.AddHostedService<IdempotencySweep>();
    }
}
