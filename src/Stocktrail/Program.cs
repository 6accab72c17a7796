using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.HttpOverrides;
using Stocktrail.Data;
using Stocktrail.Features;
using Stocktrail.Features.Demo;
using Stocktrail.Features.Operations;
using Stocktrail.Features.Reconciliation;
using Stocktrail.Features.Users;
using Stocktrail.Web;

// Numbers and dates read and written the same on every machine, whatever its locale; ICU is loaded for Unicode
// normalization (serials are compared in normal form C), not for local formats.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddStocktrailDatabase(builder.Configuration, builder.Environment);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddScoped<LedgerWriter>();
builder.Services.AddStocktrailAccess();
builder.Services.AddFeatureHandlers();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemHandling>();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
    o.SerializerOptions.Converters.Add(new PlainTextJsonConverter());
});
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddOpenApi(o => o.AddDocumentTransformer<OpenApiSecurity>().AddOperationTransformer<OpenApiSecurity>());
builder.Services.AddStocktrailWeb();
builder.AddStocktrailOperations();

var app = builder.Build();

// Before migrating: a backup copies the database exactly as it is, beside a running app of whatever version.
if (BackupCommand.IsAsked(args))
{
    Environment.ExitCode = await BackupCommand.RunAsync(app.Services, args, Console.Out, Console.Error);
    return;
}
await app.Services.MigrateStocktrailDatabaseAsync();
if (ReconcileCommand.IsAsked(args))
{
    Environment.ExitCode = await ReconcileCommand.RunAsync(app.Services);
    return;
}
var demo = DemoData.IsAsked(app, args);
var firstAdministrator = await app.PrepareFirstUsersAsync(demo);
if (demo) await app.SeedDemoDataAsync(firstAdministrator);

// Behind a reverse proxy that terminates HTTPS (docs/decisions.md, "People, roles and access"): the scheme and client address it forwards.
if (app.Configuration.GetValue<bool>("ForwardedHeaders:Enabled"))
    app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<HttpSafety>();
app.UseMiddleware<TextGuardMiddleware>();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<ApiAntiforgery>();
app.UseMiddleware<IdempotencyMiddleware>();
app.MapOpenApi().AllowAnonymous();
app.MapFeatures();
app.MapOperations();
app.MapStocktrailWeb();

app.Run();

public partial class Program;
