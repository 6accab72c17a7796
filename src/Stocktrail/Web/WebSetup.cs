using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Scalar.AspNetCore;
using Stocktrail.Features.Users;

namespace Stocktrail.Web;

/// <summary>
/// The server-rendered web app: Razor Pages living beside their endpoints in the feature folders, the static files
/// (one stylesheet, one script), the JSON look-up the serial popup uses while a user types, and the API reference.
/// </summary>
public static class WebSetup
{
    /// <summary>Where the API reference is served (Scalar, from its own bundled script; docs/api-contract.md).</summary>
    public const string ReferencePath = "/docs";

    public static IServiceCollection AddStocktrailWeb(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            // [Needs(Permission.X)] on a page or handler: the role table decides, as it does for the API's groups.
            o.Conventions.ConfigureFilter(new PagePermissions());
        });
        services.AddScoped<SerialCheck.Handler>();
        services.AddScoped<Choices>();
        // Numbers are JSON numbers: "5" for a quantity is refused, as the published contract (integer, number) says.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        services.AddStocktrailOpenApiContract();
        services.AddSingleton<BusinessTime>();
        return services;
    }

    public static WebApplication MapStocktrailWeb(this WebApplication app)
    {
        // A time zone the server does not know stops the start, with the setting named, not the first page shown.
        app.Services.GetRequiredService<BusinessTime>();
        app.UseStaticFiles();
        app.MapRazorPages();
        app.MapPost("/api/serial-checks", async Task<Ok<SerialCheck.Result>> (SerialCheck.Request request, SerialCheck.Handler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(request, ct))).WithTags("Web")
            .ProducesProblems()
            .Describe("CheckSerials", "Check serials as they are typed", "What the serial popup asks while a user types: how many serials the text gives and what is wrong with each line. Changes nothing.");
        // Open like the OpenAPI document it reads: it holds no data, and trying a request needs a key all the same.
        app.MapScalarApiReference(ReferencePath, o => o
                .WithTitle("Stocktrail API reference")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools()
                .ShowOperationId()
                .AddPreferredSecuritySchemes(OpenApiSecurity.Scheme))
            .AllowAnonymous()
            .Add(ReferencePage.WithScriptHashes);
        return app;
    }
}
