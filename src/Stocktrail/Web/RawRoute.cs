using Microsoft.AspNetCore.Http.Features;

namespace Stocktrail.Web;

/// <summary>
/// A route value exactly as the client meant it. The server decodes every escape in the path except <c>%2F</c>, which
/// would change how the path splits into segments, so a serial <c>2023/0001</c> (sent as <c>2023%2F0001</c>) reaches
/// routing as <c>2023%2F0001</c>, and one that holds the text <c>%2F</c> (sent as <c>%252F</c>) reaches it the same
/// way: the decoded path cannot tell them apart. The raw request target can: this takes the segment from it and
/// decodes it once.
/// </summary>
public static class RawRoute
{
    /// <param name="fromEnd">0 for the last segment of the path, 1 for the one before it.</param>
    /// <param name="routeValue">What routing bound, used when the server gives no raw target.</param>
    public static string Segment(HttpContext context, int fromEnd, string routeValue)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/') return routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        var end = raw.IndexOfAny(['?', '#']);
        var segments = (end < 0 ? raw : raw[..end]).Split('/');
        return segments.Length > fromEnd + 1 ? Uri.UnescapeDataString(segments[^(fromEnd + 1)]) : routeValue;
    }
}
