using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Users;

public static class UsersApi
{
    /// <summary>The policy of a user's own API keys: the user themself, or an Administrator.</summary>
    public const string OwnKeys = "OwnKeys";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/me", (HttpContext context, ManageUsers.Handler handler, CancellationToken ct) =>
            handler.MeAsync(Claims.IdOf(context.User)!.Value, ct)).WithTags("Users");

        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/", (ManageUsers.Handler handler, CancellationToken ct) => handler.ListAsync(ct)).Requires(Permission.Administration);
        users.MapPost("/", async (ManageUsers.CreateRequest request, ManageUsers.Handler handler, CancellationToken ct) =>
        {
            var user = await handler.CreateAsync(request, ct);
            return TypedResults.Created($"/api/users/{user.Id}", user);
        }).Requires(Permission.Administration);
        users.MapPatch("/{id:int}", (int id, ManageUsers.UpdateRequest request, ManageUsers.Handler handler, CancellationToken ct) =>
            handler.UpdateAsync(id, request, ct)).Requires(Permission.Administration);

        users.MapPost("/{id:int}/api-keys", async (int id, ManageApiKeys.CreateRequest request, ManageApiKeys.Handler handler, CancellationToken ct) =>
        {
            var key = await handler.CreateAsync(id, request, ct);
            return TypedResults.Created($"/api/users/{id}/api-keys", key);
        }).RequireAuthorization(OwnKeys);
        users.MapGet("/{id:int}/api-keys", (int id, ManageApiKeys.Handler handler, CancellationToken ct) => handler.ListAsync(id, ct))
            .RequireAuthorization(OwnKeys);
        api.MapDelete("/api-keys/{id:int}", async (int id, ManageApiKeys.Handler handler, CancellationToken ct) =>
        {
            await handler.RevokeAsync(id, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(OwnKeys).WithTags("Users");
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
