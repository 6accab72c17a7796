using Microsoft.AspNetCore.Http.Features;

namespace Stocktrail.Web;

/// <summary>
/// What every answer carries to be safe in a browser, and the bound on what a request may send.
/// <list type="bullet">
/// <item>Content-Security-Policy: scripts, styles and everything else only from this site, no inline script, no framing;</item>
/// <item>X-Content-Type-Options, Referrer-Policy, X-Frame-Options for older browsers;</item>
/// <item>a request body over <c>Stocktrail:MaxRequestBodyBytes</c> (32 MiB unless set) is refused with 413, before it is read.</item>
/// </list>
/// </summary>
public sealed class HttpSafety(RequestDelegate next, IConfiguration configuration)
{
    public const string MaxBodySetting = "Stocktrail:MaxRequestBodyBytes";
    public const long DefaultMaxBodyBytes = 32L * 1024 * 1024;

    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    private readonly long _maxBody = configuration.GetValue<long?>(MaxBodySetting) ?? DefaultMaxBodyBytes;

    public async Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";

        if (context.Request.ContentLength > _maxBody)
        {
            await TooLarge(context);
            return;
        }
        // A body without a length (chunked) is cut off by the server at the same size; that surfaces as a 413 too.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = _maxBody;
        await next(context);
    }

    private Task TooLarge(HttpContext context) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large",
            detail: $"The request body is larger than the {Describe(_maxBody)} Stocktrail accepts (setting {MaxBodySetting}); nothing was changed. " +
                    "Split a large document or count sheet into parts.").ExecuteAsync(context);

    public static string Describe(long bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes:N0} bytes";
}
