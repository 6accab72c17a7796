using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Stocktrail.Tests.Infrastructure;

/// <summary>
/// Stocktrail as a real process (<c>dotnet Stocktrail.dll</c>, the app's own build), for what an in-process
/// <c>WebApplicationFactory</c> cannot show: a <c>kill -9</c>, a SIGTERM, two nodes on one database.
///
/// Reuse it like this (one or two processes per test class, as a class fixture, since each start takes seconds):
/// <code>
/// await using var app = await AppProcess.StartAsync(AppProcess.Sqlite(file), bootstrapKey);   // or AppProcess.Postgres(cs)
/// var api = new Api(app.Client);          // authenticated with the bootstrap key, which makes admin on an empty database
/// app.Kill();                             // kill -9: no shutdown code runs
/// await app.TerminateAsync();             // SIGTERM: the orderly stop; returns the exit code
/// await using var again = await AppProcess.StartAsync(AppProcess.Sqlite(file), bootstrapKey);   // same database, same key
/// </code>
/// Settings go in as environment variables (<c>extra</c>: <c>Stocktrail__Something</c>). Ports come from
/// <c>STOCKTRAIL_TEST_PORTS</c> (<c>5150-5159</c> unless set), the first one free; <see cref="Output"/> holds what the
/// process printed, for a failure message.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private readonly int _port;

    private AppProcess(Process process, int port, HttpClient client) =>
        (_process, _port, Address, Client) = (process, port, client.BaseAddress!, client);

    public Uri Address { get; }
    public HttpClient Client { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static Dictionary<string, string> Sqlite(string file) => new()
    {
        ["Database__Provider"] = "Sqlite", ["ConnectionStrings__Stocktrail"] = $"Data Source={file}",
    };

    public static Dictionary<string, string> Postgres(string connectionString) => new()
    {
        ["Database__Provider"] = "Postgres", ["ConnectionStrings__Stocktrail"] = connectionString,
    };

    public static async Task<AppProcess> StartAsync(Dictionary<string, string> database, string bootstrapKey, IReadOnlyDictionary<string, string>? extra = null)
    {
        var dll = AppDll();
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["Stocktrail__BootstrapApiKey"] = bootstrapKey;
        foreach (var (name, value) in database) start.Environment[name] = value;
        foreach (var (name, value) in extra ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var address = new Uri($"http://127.0.0.1:{port}");
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
        TestUsers.Authenticate(client, bootstrapKey);
        var app = new AppProcess(process, port, client);
        process.OutputDataReceived += (_, e) => app.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => app.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(90) && !process.HasExited)
        {
            try
            {
                using var ready = await client.GetAsync("/health/ready");
                if (ready.StatusCode == HttpStatusCode.OK) return app;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            await Task.Delay(200);
        }
        var output = app.Output;
        await app.DisposeAsync();
        throw new InvalidOperationException($"Stocktrail ({dll}) did not become ready on port {port}. Its output:\n{output}");
    }

    /// <summary>kill -9: the process ends at once, in the middle of whatever it was doing.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as a service manager or a container runtime stops it; waits for the exit and returns its code.</summary>
    public async Task<int> TerminateAsync(TimeSpan? timeout = null)
    {
        if (sys_kill(_process.Id, 15) != 0) throw new InvalidOperationException($"SIGTERM to {_process.Id} failed: {Marshal.GetLastPInvokeError()}");
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) Kill();
        await _process.WaitForExitAsync();
        Client.Dispose();
        _process.Dispose();
        lock (PortLock) Handed.Remove(_port);
    }

    private void Capture(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int sys_kill(int pid, int signal);

    /// <summary>The app's own build output (src/Stocktrail/bin/&lt;configuration&gt;/&lt;tfm&gt;), else the copy beside the tests.</summary>
    private static string AppDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var (configuration, tfm) = (here.Parent?.Name ?? "Debug", here.Name);
        for (var dir = here; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Stocktrail", "bin", configuration, tfm, "Stocktrail.dll");
            if (File.Exists(candidate)) return candidate;
        }
        return Path.Combine(AppContext.BaseDirectory, "Stocktrail.dll");
    }

    private static readonly object PortLock = new();
    private static readonly HashSet<int> Handed = [];

    /// <summary>The first port of the range that is free now and not handed to another process of this test run.</summary>
    private static int FreePort()
    {
        var range = Environment.GetEnvironmentVariable("STOCKTRAIL_TEST_PORTS") is { Length: > 0 } r ? r : "5150-5159";
        var bounds = range.Split('-').Select(int.Parse).ToArray();
        lock (PortLock)
        {
            for (var port = bounds[0]; port <= bounds[^1]; port++)
            {
                if (Handed.Contains(port)) continue;
                try
                {
                    using var probe = new TcpListener(IPAddress.Loopback, port);
                    probe.Start();
                    probe.Stop();
                }
                catch (SocketException) { continue; }
                Handed.Add(port);
                return port;
            }
        }
        throw new InvalidOperationException($"No free port in {range} (STOCKTRAIL_TEST_PORTS).");
    }
}
