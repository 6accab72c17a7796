using System.Globalization;
using System.Text.Json.Serialization;
using Stocktrail.Data;
using Stocktrail.Features;
using Stocktrail.Features.Demo;
using Stocktrail.Features.Reconciliation;
using Stocktrail.Web;

// Numbers and dates read and written the same on every machine, whatever its locale; ICU is loaded for Unicode
// normalization (serials are compared in normal form C), not for local formats.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddStocktrailDatabase(builder.Configuration, builder.Environment);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddScoped<LedgerWriter>();
builder.Services.AddFeatureHandlers();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemHandling>();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
    o.SerializerOptions.Converters.Add(new PlainTextJsonConverter());
});
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddOpenApi();
builder.Services.AddStocktrailWeb();

var app = builder.Build();

await app.Services.MigrateStocktrailDatabaseAsync();
if (ReconcileCommand.IsAsked(args))
{
    Environment.ExitCode = await ReconcileCommand.RunAsync(app.Services);
    return;
}
await app.SeedDemoDataIfAskedAsync(args);

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<TextGuardMiddleware>();
app.UseMiddleware<IdempotencyMiddleware>();
app.MapOpenApi();
app.MapFeatures();
app.MapStocktrailWeb();

app.Run();

public partial class Program;
