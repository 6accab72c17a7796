using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stocktrail.Data;

namespace Stocktrail.Web;

/// <summary>The first answer to a POST that carried an <c>Idempotency-Key</c>, kept so that a repeat gets it again.</summary>
public sealed class IdempotentRequest
{
    private IdempotentRequest() { }

    public IdempotentRequest(string key, string method, string path, DateTime createdAt)
    {
        Key = key;
        Method = method;
        Path = path;
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
        b.Property(r => r.Path).HasMaxLength(400);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.Property(r => r.ContentType).HasMaxLength(200);
    }
}

/// <summary>
/// A POST with an <c>Idempotency-Key</c> header is answered once: a repeat with the same key gets the first answer
/// again (with <c>Idempotent-Replayed: true</c>) and changes nothing. The key is claimed in the database before the
/// request runs, so two copies sent at once (a double click, a retrying scanner) cannot both run: the second is told
/// the first is still in progress. A refused or failed request changed nothing and releases its key, so a repeat is
/// checked again. A key used for another path is refused.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";

    public async Task InvokeAsync(HttpContext context, StocktrailDbContext db, TimeProvider clock)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.StartsWithSegments("/api")
            || context.Request.Headers[Header].FirstOrDefault() is not { Length: > 0 } key)
        {
            await next(context);
            return;
        }
        if (key.Length > 200)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, $"An {Header} has at most 200 characters.");
            return;
        }

        var path = context.Request.Path.Value ?? "";
        var known = await db.Set<IdempotentRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, context.RequestAborted);
        if (known is not null)
        {
            await ReplayAsync(context, known, path);
            return;
        }

        var claim = new IdempotentRequest(key, context.Request.Method, path, clock.GetUtcNow().UtcDateTime);
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
            await ReplayAsync(context, first, path);
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
            await db.Set<IdempotentRequest>().Where(r => r.Key == key).ExecuteDeleteAsync();
            throw;
        }
        context.Response.Body = original;
        db.ChangeTracker.Clear();
        var stored = await db.Set<IdempotentRequest>().FirstAsync(r => r.Key == key);
        if (context.Response.StatusCode >= 500) db.Remove(stored);
        else stored.Answered(context.Response.StatusCode, context.Response.ContentType, buffer.ToArray());
        await db.SaveChangesAsync();
        buffer.Position = 0;
        await buffer.CopyToAsync(original);
    }

    private static async Task ReplayAsync(HttpContext context, IdempotentRequest first, string path)
    {
        if (!string.Equals(first.Path, path, StringComparison.OrdinalIgnoreCase))
            await RefuseAsync(context, StatusCodes.Status409Conflict, $"{Header} '{first.Key}' was already used for POST {first.Path}; use a new key for another request.");
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
