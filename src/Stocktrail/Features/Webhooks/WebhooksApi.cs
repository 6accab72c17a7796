using Stocktrail.Domain;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.Webhooks;

/// <summary>Webhooks are an Administrator's, reads included: their addresses and deliveries say where the business's data goes.</summary>
public static class WebhooksApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var hooks = api.MapGroup("/webhooks").WithTags("Webhooks").Requires(Permission.Administration);
        hooks.MapGet("/", (ManageWebhooks.Handler handler, CancellationToken ct) => handler.ListAsync(ct));
        hooks.MapPost("/", async (ManageWebhooks.CreateRequest request, ManageWebhooks.Handler handler, CancellationToken ct) =>
        {
            var hook = await handler.CreateAsync(request, ct);
            return TypedResults.Created($"/api/webhooks/{hook.Id}", hook);
        });
        hooks.MapGet("/{id:int}", (int id, ManageWebhooks.Handler handler, CancellationToken ct) => handler.GetAsync(id, ct));
        hooks.MapPatch("/{id:int}", (int id, ManageWebhooks.UpdateRequest request, ManageWebhooks.Handler handler, CancellationToken ct) =>
            handler.UpdateAsync(id, request, ct));
        hooks.MapDelete("/{id:int}", async (int id, ManageWebhooks.Handler handler, CancellationToken ct) =>
        {
            await handler.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });
        hooks.MapGet("/{id:int}/deliveries", (int id, int? page, int? pageSize, ManageWebhooks.Handler handler, CancellationToken ct) =>
            handler.DeliveriesAsync(id, page, pageSize, ct));
    }

    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration("Stocktrail:Webhooks");
        services.AddScoped<WebhookOutbox>();
        services.AddHostedService<WebhookSender>();
        return services;
    }
}
