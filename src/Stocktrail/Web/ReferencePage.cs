using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Stocktrail.Web;

/// <summary>
/// The API reference at /docs (Scalar) renders under the site's Content-Security-Policy, loosened for that page alone
/// by as little as it needs: its one inline start-up script is allowed by its SHA-256 hash (not 'unsafe-inline'),
/// and styles may be inline because the reference's components set their own at run time. Scripts still come only
/// from this site (Scalar's bundled scalar.js, no CDN), and connect-src 'self' keeps it from calling anywhere else.
/// </summary>
public static partial class ReferencePage
{
    /// <summary>Wraps the reference's endpoint: its HTML page is buffered (under 1 KB) so the header can name the script's hash.</summary>
    public static void WithScriptHashes(EndpointBuilder endpoint)
    {
        var inner = endpoint.RequestDelegate!;
        endpoint.RequestDelegate = async context =>
        {
            var path = context.Request.Path.Value ?? "";
            if (!path.EndsWith('/') && !path.EndsWith("/index.html", StringComparison.Ordinal))
            {
                await inner(context);
                return;
            }
            var body = context.Response.Body;
            await using var page = new MemoryStream();
            context.Response.Body = page;
            try
            {
                await inner(context);
            }
            finally
            {
                context.Response.Body = body;
            }
            var html = Encoding.UTF8.GetString(page.ToArray());
            var hashes = InlineScript().Matches(html)
                .Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups[1].Value)))}'");
            context.Response.Headers.ContentSecurityPolicy =
                $"default-src 'self'; script-src 'self' {string.Join(' ', hashes)}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
                "font-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
            context.Response.ContentLength = page.Length;
            page.Position = 0;
            await page.CopyToAsync(body, context.RequestAborted);
        };
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
