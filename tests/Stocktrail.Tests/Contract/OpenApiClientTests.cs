using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Contract;

/// <summary>
/// Node and npm are needed to generate and compile the TypeScript client. Off CI, a machine without node skips the
/// test and says why; on CI (CI=true) node is there, so a missing node fails it.
/// </summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (OpenApiClientTests.Node is null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "node is not on PATH: the generated TypeScript client cannot be checked here (CI has it).";
    }
}

/// <summary>
/// As an integrator would: the served document through openapi-typescript 7.13.0 (tests/openapi-client, installed with
/// npm ci from its lock), a small client (tests/openapi-client/client.ts) type-checked by tsc --strict against the
/// generated types, then run with node against the app on Kestrel: receive serials on an order, list, dispatch one,
/// and read a refusal's errors.
/// </summary>
public sealed class OpenApiClientTests
{
    public static string? Node { get; } = Which("node");

    private static string ClientFolder { get; } = Path.Combine(RepositoryRoot(), "tests", "openapi-client");

    [NodeFact]
    public Task A_typescript_client_generated_from_the_served_document_compiles_and_receives_and_dispatches_serials() =>
        WithServedDocumentAsync(["client.ts", "tsconfig.json"], async (app, work) =>
        {
            var bin = Path.Combine(ClientFolder, "node_modules", ".bin");
            var generated = await RunAsync(Path.Combine(bin, "openapi-typescript"), ["openapi.json", "-o", "schema.d.ts"], work);
            Assert.True(generated.Code == 0, "openapi-typescript failed:\n" + generated.Output);
            var compiled = await RunAsync(Path.Combine(bin, "tsc"), ["-p", "."], work);
            Assert.True(compiled.Code == 0, "The client does not type-check against the generated types:\n" + compiled.Output);
            var ran = await RunAsync(Node!, [Path.Combine("out", "client.js")], work,
                ("STOCKTRAIL_URL", app.Address.ToString()), ("STOCKTRAIL_KEY", app.BootstrapKey));
            Assert.True(ran.Code == 0 && ran.Output.Contains("client ok", StringComparison.Ordinal), "The client failed against the app:\n" + ran.Output);
        });

    /// <summary>The rules (recommended, one off) and the one ignored problem are committed beside the client; each says why.</summary>
    [NodeFact]
    public Task The_served_document_passes_redocly_lint_with_the_recommended_rules() =>
        WithServedDocumentAsync(["redocly.yaml", ".redocly.lint-ignore.yaml"], async (_, work) =>
        {
            var linted = await RunAsync(Path.Combine(ClientFolder, "node_modules", ".bin", "redocly"), ["lint", "openapi.json", "--format=stylish"], work,
                ("REDOCLY_TELEMETRY", "off"), ("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true"));
            Assert.True(linted.Code == 0, "redocly lint found problems in the served document:\n" + linted.Output);
        });

    /// <summary>
    /// The app on Kestrel, its served document written as openapi.json into a folder of its own with the given files
    /// from tests/openapi-client beside it, for a check run there.
    /// </summary>
    private static async Task WithServedDocumentAsync(string[] files, Func<KestrelApp, string, Task> check)
    {
        Assert.True(Node is not null, "node is not on PATH");
        await EnsurePackagesAsync();

        await using var app = new KestrelApp();
        app.Start();
        using var http = new HttpClient { BaseAddress = app.Address };
        var document = await http.GetStringAsync("/openapi/v1.json");

        var work = Directory.CreateTempSubdirectory("stocktrail-openapi-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(work, "openapi.json"), document);
            foreach (var file in files) File.Copy(Path.Combine(ClientFolder, file), Path.Combine(work, file));
            await check(app, work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The pinned packages from the committed lock, installed once (scripts/test.sh does it before the run too).</summary>
    private static async Task EnsurePackagesAsync()
    {
        if (File.Exists(Path.Combine(ClientFolder, "node_modules", ".bin", "tsc")) && File.Exists(Path.Combine(ClientFolder, "node_modules", ".bin", "redocly"))) return;
        var npm = Which("npm") ?? throw new InvalidOperationException("npm is not on PATH");
        var installed = await RunAsync(npm, ["ci", "--no-audit", "--no-fund"], ClientFolder);
        Assert.True(installed.Code == 0, "npm ci in tests/openapi-client failed:\n" + installed.Output);
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] arguments, string folder, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Stocktrail.slnx"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("The repository root (Stocktrail.slnx) was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The app on Kestrel at a free 127.0.0.1 port, on a SQLite file of its own, for a client outside the test process.</summary>
    private sealed class KestrelApp : WebApplicationFactory<Program>
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "stocktrail-tests", Guid.NewGuid().ToString("N"));

        public KestrelApp() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

        public string BootstrapKey { get; } = TestUsers.NewBootstrapKey();
        public Uri Address { get; private set; } = null!;

        public void Start()
        {
            StartServer();
            Address = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            Directory.CreateDirectory(_folder);
            builder.UseEnvironment("Testing");
            builder.UseSetting("Stocktrail:BootstrapApiKey", BootstrapKey);
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:Stocktrail", $"Data Source={Path.Combine(_folder, "stocktrail.db")}");
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, recursive: true); }
            catch (IOException) { /* a file still held open is left for the temp folder's own clean-up */ }
        }
    }
}
