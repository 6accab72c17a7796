using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stocktrail.Data;

namespace Stocktrail.Features.Users;

/// <summary>
/// <c>Authorization: Bearer &lt;api key&gt;</c>: the key's hash is looked up on every request, so a revoked or expired
/// key, or one whose user was deactivated, stops working at once, on every app node.
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    StocktrailDbContext db, TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string Prefix = "Bearer ";

    /// <summary>Why the key of this request was not accepted, for the 401's detail.</summary>
    public static string? FailureOf(HttpContext context) => context.Items[typeof(ApiKeyAuthentication)] as string;

    public static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!HasBearer(Request)) return AuthenticateResult.NoResult();
        var key = Request.Headers.Authorization.ToString()[Prefix.Length..].Trim();
        if (key.Length is 0 or > ApiKeys.MaxLength) return Refuse("The Authorization header carries no usable API key.");

        var hash = ApiKeys.Hash(key);
        var found = await db.Set<ApiKey>().AsNoTracking().Where(k => k.Hash == hash)
            .Join(db.Users.AsNoTracking(), k => k.UserId, u => u.Id, (k, u) => new { Key = k, User = u })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (found is null) return Refuse("The API key is not known.");
        if (!found.Key.IsUsableAt(clock.GetUtcNow().UtcDateTime))
            return Refuse(found.Key.RevokedAt is null ? $"The API key '{found.Key.Name}' has expired." : $"The API key '{found.Key.Name}' was revoked.");
        if (!found.User.IsActive) return Refuse($"The user {found.User.UserName} is deactivated; their API keys no longer work.");

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, found.User.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, found.User.UserName!),
            new Claim(ClaimTypes.Role, found.User.Role.ToString()),
            new Claim(ApiKeys.KeyIdClaim, found.Key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private AuthenticateResult Refuse(string why)
    {
        Context.Items[typeof(ApiKeyAuthentication)] = why;
        return AuthenticateResult.Fail(why);
    }
}

/// <summary>How keys are made and recognised.</summary>
public static class ApiKeys
{
    public const int MaxLength = 512;
    public const string KeyIdClaim = "stocktrail:api_key";

    /// <summary>A new key: <c>st_</c> and 32 random bytes, base64url.</summary>
    public static string NewKey() => "st_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>What is shown of a key after it was made: enough to tell keys apart, not to use one.</summary>
    public static string PrefixOf(string key) => key.Length <= 10 ? key[..Math.Min(3, key.Length)] : key[..10];

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
