using Microsoft.AspNetCore.Http.HttpResults;
using Stocktrail.Domain;
using Stocktrail.Web;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.Webhooks;

/// <summary>Webhooks are an Administrator's, reads included: their addresses and deliveries say where the business's data goes.</summary>
public static class WebhooksApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var hooks = api.MapGroup("/webhooks").WithTags("Webhooks").Requires(Permission.Administration);
        hooks.MapGet("/", async Task<Ok<ManageWebhooks.ListResult>> (ManageWebhooks.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.ListAsync(ct))).Describe("ListWebhooks", "List webhooks");
        hooks.MapPost("/", async Task<Created<CreatedWebhookDto>> (ManageWebhooks.CreateRequest request, ManageWebhooks.Handler handler, CancellationToken ct) =>
        {
            var hook = await handler.CreateAsync(request, ct);
            return TypedResults.Created($"/api/webhooks/{hook.Id}", hook);
        }).Describe("CreateWebhook", "Register a webhook", "Answers the hook with its signing secret, shown this once.")
            .WithRequestExample("""{"url": "https://erp.example.com/stocktrail", "events": ["document.posted", "serial.moved"], "description": "ERP sync"}""");
        hooks.MapGet("/{id:int}", async Task<Ok<WebhookDto>> (int id, ManageWebhooks.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.GetAsync(id, ct))).Describe("GetWebhook", "Get a webhook");
        hooks.MapPatch("/{id:int}", async Task<Ok<WebhookDto>> (int id, ManageWebhooks.UpdateRequest request, ManageWebhooks.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.UpdateAsync(id, request, ct))).Describe("UpdateWebhook", "Change a webhook", "Any of url, events, description, isActive.");
        hooks.MapDelete("/{id:int}", async Task<NoContent> (int id, ManageWebhooks.Handler handler, CancellationToken ct) =>
        {
            await handler.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        }).Describe("DeleteWebhook", "Delete a webhook");
        hooks.MapGet("/{id:int}/deliveries", async Task<Ok<ManageWebhooks.DeliveriesResult>> (int id, string? after, string? before, int? page, int? pageSize, ManageWebhooks.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.DeliveriesAsync(id, after, page, pageSize, ct, before))).Describe("ListWebhookDeliveries", "List a webhook's deliveries",
                "Newest first, with each delivery's outcome; 100 a page unless pageSize says (at most 1,000). Pass an answer's next as after for the page that follows (or page=2, 3, …); no next means the last page. " +
                "Pass its prev as before for the page just before it; no prev means the newest page.");
    }

    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration("Stocktrail:Webhooks");
        services.AddScoped<WebhookOutbox>();
        services.AddHostedService<WebhookSender>();
        return services;
    }
}
