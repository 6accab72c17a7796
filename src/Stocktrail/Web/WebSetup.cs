using Stocktrail.Features.Users;

namespace Stocktrail.Web;

/// <summary>
/// The server-rendered web app: Razor Pages living beside their endpoints in the feature folders, the static files
/// (one stylesheet, one script), and the JSON look-up the serial popup uses while a user types.
/// </summary>
public static class WebSetup
{
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
        services.AddSingleton<BusinessTime>();
        return services;
    }

    public static WebApplication MapStocktrailWeb(this WebApplication app)
    {
        // A time zone the server does not know stops the start, with the setting named, not the first page shown.
        app.Services.GetRequiredService<BusinessTime>();
        app.UseStaticFiles();
        app.MapRazorPages();
        app.MapPost("/api/serial-checks", (SerialCheck.Request request, SerialCheck.Handler handler, CancellationToken ct) =>
            handler.HandleAsync(request, ct)).WithTags("Web");
        return app;
    }
}
