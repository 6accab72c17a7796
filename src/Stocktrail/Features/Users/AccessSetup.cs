using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;

namespace Stocktrail.Features.Users;

/// <summary>
/// Who may do what. Pages sign in with Identity's cookie, integrations send an API key; either way the caller is a
/// user with one role, and each row of the role table (<see cref="RoleTable"/>) is one authorization policy, named
/// for its <see cref="Permission"/>, required where the endpoints are mapped and on the page handlers.
/// Everything else needs a signed-in caller (the fallback policy), except what says it is open.
/// </summary>
public static class AccessSetup
{
    /// <summary>The default scheme: the API key when a bearer header is sent, else the sign-in cookie.</summary>
    public const string Scheme = "Stocktrail";

    public static IServiceCollection AddStocktrailAccess(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddScoped<AuditTrail>();

        // Keys in the database: every app node signs and reads the same cookies and antiforgery tokens.
        services.AddDataProtection().SetApplicationName("Stocktrail").PersistKeysToDbContext<StocktrailDbContext>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
                o.DefaultForbidScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "API key or sign-in cookie", o => o.ForwardDefaultSelector = context =>
                ApiKeyAuthentication.HasBearer(context.Request) ? ApiKeyAuthentication.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/access-denied";
            o.Cookie.Name = "Stocktrail";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
        });
        // The stamp is checked on every request, so a deactivated user, a changed role or password takes effect at once.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);

        services.AddIdentityCore<User>(o =>
            {
                // Length over composition rules (NIST SP 800-63B): at least 12 characters of any kind.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+";
            })
            .AddEntityFrameworkStores<StocktrailDbContext>()
            .AddSignInManager<StocktrailSignInManager>()
            .AddClaimsPrincipalFactory<StocktrailClaims>()
            .AddDefaultTokenProviders();

        services.AddAuthorization(o =>
        {
            foreach (var permission in Enum.GetValues<Permission>())
                o.AddPolicy(permission.ToString(), p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission)));
            o.AddPolicy(UsersApi.OwnKeys, p => p.RequireAuthenticatedUser().AddRequirements(new OwnKeysRequirement()));
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddScoped<IAuthorizationHandler, OwnKeysHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAccessRefusals>();
        services.AddAntiforgery(o => o.HeaderName = AntiforgeryHeader);
        return services;
    }

    public const string AntiforgeryHeader = "RequestVerificationToken";

    /// <summary>Requires the permission's policy: an endpoint (or group) that changes what the permission covers.</summary>
    public static TBuilder Requires<TBuilder>(this TBuilder builder, Permission permission) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(permission.ToString());
}

public sealed record PermissionRequirement(Permission Permission) : IAuthorizationRequirement;

public sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.May(requirement.Permission)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>Adds the user's role and display name to the sign-in cookie's principal.</summary>
public sealed class StocktrailClaims(UserManager<User> users, IOptions<IdentityOptions> options) : UserClaimsPrincipalFactory<User>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, user.Role.ToString()));
        identity.AddClaim(new Claim(Claims.DisplayNameClaim, user.DisplayName));
        return identity;
    }
}

/// <summary>Identity's sign-in, refusing deactivated users both at sign-in and on every later request of their cookie.</summary>
public sealed class StocktrailSignInManager(UserManager<User> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<User> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<User>> logger, IAuthenticationSchemeProvider schemes, IUserConfirmation<User> confirmation)
    : SignInManager<User>(users, http, claims, options, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(User user) => user.IsActive && await base.CanSignInAsync(user);

    public override async Task<User?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsActive: true } ? user : null;
    }
}

/// <summary>
/// Under <c>/api</c> a refusal is problem+json: 401 without a usable key or session, 403 naming the role and the
/// action. Pages keep the cookie's answers: off to <c>/login</c>, or to the page saying the role may not.
/// </summary>
public sealed class ApiAccessRefusals : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _pages = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Succeeded || !context.Request.Path.StartsWithSegments("/api"))
        {
            await _pages.HandleAsync(next, context, policy, result);
            return;
        }
        if (result.Challenged || context.User.Identity?.IsAuthenticated != true)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Refuse(context, StatusCodes.Status401Unauthorized, "Not signed in",
                ApiKeyAuthentication.FailureOf(context) is { } why
                    ? $"{why} Send a valid key as Authorization: Bearer <api key>; nothing was changed."
                    : "This needs a signed-in user: send Authorization: Bearer <api key>, or sign in at /login. Nothing was changed.");
            return;
        }
        var failed = result.AuthorizationFailure?.FailedRequirements.ToList() ?? [];
        var permission = failed.OfType<PermissionRequirement>().FirstOrDefault()?.Permission
            ?? (failed.OfType<OwnKeysRequirement>().Any() ? Permission.Administration : null);
        await Refuse(context, StatusCodes.Status403Forbidden, "Not allowed for this role",
            permission is { } p ? $"{RoleTable.Refusal(Claims.RoleOf(context.User), p)} Nothing was changed." : "This role may not do this; nothing was changed.");
    }

    private static Task Refuse(HttpContext context, int status, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title).ExecuteAsync(context);
}

/// <summary>
/// A change under <c>/api</c> made with the sign-in cookie must carry the antiforgery token (the pages' script sends
/// it in a header), so that a form or script on another site cannot act with a user's session. A request with an API
/// key needs none: another site cannot make a browser send one.
/// </summary>
public sealed class ApiAntiforgery(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (context.Request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && !HttpMethods.IsOptions(context.Request.Method) && !ApiKeyAuthentication.HasBearer(context.Request)
            && context.User.Identity?.IsAuthenticated == true && !await antiforgery.IsRequestValidAsync(context))
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Antiforgery token missing",
                detail: $"A change made with the sign-in cookie must carry the page's antiforgery token (header {AccessSetup.AntiforgeryHeader}); nothing was changed. Reload the page and try again, or use an API key.")
                .ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}

/// <summary>A page, or one handler of a page, that only roles with the permission may use (the page's GET stays open to every role unless the page says so).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class NeedsAttribute(Permission permission) : Attribute
{
    public Permission Permission { get; } = permission;
}

/// <summary>Applies <see cref="NeedsAttribute"/> to the page handler about to run; a role without it is refused.</summary>
public sealed class PagePermissions : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var needs = context.HandlerMethod?.MethodInfo.GetCustomAttribute<NeedsAttribute>()
            ?? context.HandlerInstance.GetType().GetCustomAttribute<NeedsAttribute>();
        if (needs is not null && !context.HttpContext.User.May(needs.Permission))
        {
            context.Result = new ForbidResult();
            return;
        }
        await next();
    }
}
