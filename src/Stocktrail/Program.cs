using System.Text.Json.Serialization;
using Stocktrail.Data;
using Stocktrail.Features;
using Stocktrail.Features.Demo;
using Stocktrail.Features.Reconciliation;
using Stocktrail.Web;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddStocktrailDatabase(builder.Configuration, builder.Environment);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddScoped<LedgerWriter>();
builder.Services.AddFeatureHandlers();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemHandling>();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
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
app.UseMiddleware<IdempotencyMiddleware>();
app.MapOpenApi();
app.MapFeatures();
app.MapStocktrailWeb();

app.Run();

public partial class Program;
