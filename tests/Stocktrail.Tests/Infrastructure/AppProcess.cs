using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stocktrail.Tests.Infrastructure;

/// <summary>
/// The built app as a real process of its own (an app node), on 127.0.0.1, with the settings given as environment
/// variables; several of them on one PostgreSQL database are several nodes. <see cref="Kill"/> is kill -9.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process, HttpClient client, int port) => (_process, Client, Port) = (process, client, port);

    public HttpClient Client { get; }
    public int Port { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <param name="settings">Configuration as environment variables (<c>Stocktrail__Jobs__LeaseSeconds</c>, …).</param>
    /// <param name="apiKey">The key the client sends (the bootstrap key given in <paramref name="settings"/>).</param>
    /// <param name="ports">Ports to try, in order; the first free one is taken.</param>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string apiKey, IEnumerable<int> ports)
    {
        var dll = FindAppDll();
        var port = ports.First(IsFree);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in settings) start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(3) };
        TestUsers.Authenticate(client, apiKey);
        var app = new AppProcess(process, client, port);
        process.OutputDataReceived += (_, e) => app.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => app.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90) && !process.HasExited)
        {
            try
            {
                using var health = await client.GetAsync("/health");
                if (health.StatusCode == HttpStatusCode.OK) return app;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        var output = app.Output;
        await app.DisposeAsync();
        throw new InvalidOperationException($"Stocktrail ({dll}) did not answer /health on port {port}. Its output:\n{output}");
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>kill -9: the process ends at once, without shutting down.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The app's own build output (src/Stocktrail/bin/&lt;configuration&gt;/&lt;tfm&gt;), which building the tests builds.</summary>
    private static string FindAppDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = here.Name;
        var configuration = here.Parent?.Name ?? "Debug";
        for (var dir = here; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Stocktrail", "bin", configuration, tfm, "Stocktrail.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("The built Stocktrail.dll was not found under src/Stocktrail/bin; build the solution first.");
    }
}
