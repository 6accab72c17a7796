using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Web;

namespace Stocktrail.Features.Users;

public static class UsersApi
{
    /// <summary>The policy of a user's own API keys: the user themself, or an Administrator.</summary>
    public const string OwnKeys = "OwnKeys";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/me", async Task<Ok<MeDto>> (HttpContext context, ManageUsers.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.MeAsync(Claims.IdOf(context.User)!.Value, ct))).WithTags("Users").Describe("GetMe", "Who am I", "The caller: user, display name and role.");

        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/", async Task<Ok<IReadOnlyList<UserDto>>> (ManageUsers.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.ListAsync(ct))).Requires(Permission.Administration).Describe("ListUsers", "List users");
        users.MapPost("/", async Task<Created<UserDto>> (ManageUsers.CreateRequest request, ManageUsers.Handler handler, CancellationToken ct) =>
        {
            var user = await handler.CreateAsync(request, ct);
            return TypedResults.Created($"/api/users/{user.Id}", user);
        }).Requires(Permission.Administration).Describe("CreateUser", "Create a user")
            .WithRequestExample("""{"userName": "sam", "displayName": "Sam Carter", "role": "Warehouse", "password": "a long pass phrase"}""");
        users.MapPatch("/{id:int}", async Task<Ok<UserDto>> (int id, ManageUsers.UpdateRequest request, ManageUsers.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.UpdateAsync(id, request, ct))).Requires(Permission.Administration)
            .Describe("UpdateUser", "Change a user", "A deactivated user's keys and sessions stop working at once.");

        users.MapPost("/{id:int}/api-keys", async Task<Created<NewApiKeyDto>> (int id, ManageApiKeys.CreateRequest request, ManageApiKeys.Handler handler, CancellationToken ct) =>
        {
            var key = await handler.CreateAsync(id, request, ct);
            return TypedResults.Created($"/api/users/{id}/api-keys", key);
        }).RequireAuthorization(OwnKeys).Describe("CreateApiKey", "Make an API key", "The key is shown this once; any user for themself, an Administrator for anyone.")
            .WithRequestExample("""{"name": "Warehouse scanner", "expiresAt": "2027-12-31T00:00:00Z"}""");
        users.MapGet("/{id:int}/api-keys", async Task<Ok<IReadOnlyList<ApiKeyDto>>> (int id, ManageApiKeys.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.ListAsync(id, ct))).RequireAuthorization(OwnKeys).Describe("ListApiKeys", "List a user's API keys", "Without their secrets.");
        api.MapDelete("/api-keys/{id:int}", async Task<NoContent> (int id, ManageApiKeys.Handler handler, CancellationToken ct) =>
        {
            await handler.RevokeAsync(id, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(OwnKeys).WithTags("Users").Describe("RevokeApiKey", "Revoke an API key", "It stops working at once.");
    }
}

/// <summary>A user's own keys (the route's user id, or the owner of the route's key id), or an Administrator.</summary>
public sealed class OwnKeysRequirement : IAuthorizationRequirement;

public sealed class OwnKeysHandler(StocktrailDbContext db) : AuthorizationHandler<OwnKeysRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OwnKeysRequirement requirement)
    {
        if (context.User.May(Permission.Administration))
        {
            context.Succeed(requirement);
            return;
        }
        if (context.Resource is not HttpContext http || Claims.IdOf(context.User) is not { } caller
            || http.GetRouteValue("id") is not string text || !int.TryParse(text, out var id)) return;
        var owner = http.Request.Path.StartsWithSegments("/api/api-keys")
            ? await db.ApiKeys.Where(k => k.Id == id).Select(k => (int?)k.UserId).FirstOrDefaultAsync(http.RequestAborted)
            : id;
        if (owner == caller) context.Succeed(requirement);
    }
}
