using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace Stocktrail.BrowserTests.Infrastructure;

/// <summary>
/// axe-core (npm, pinned in tests/axe's lock file and installed there with npm ci, as scripts/test.sh does) run inside
/// a page. The script is evaluated through Playwright rather than added as a script tag, so the page keeps its own
/// Content-Security-Policy (no inline script) while it is checked.
/// </summary>
public static class Axe
{
    private static readonly SemaphoreSlim Installing = new(1, 1);
    private static string? _source;

    private static string Folder { get; } = Path.Combine(BrowserFixture.RepositoryRoot(), "tests", "axe");

    /// <summary>Every serious or critical violation on the page as it is now, one line per rule with the elements it names.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        var source = await SourceAsync();
        if (await page.EvaluateAsync<bool>("() => typeof window.axe === 'undefined'"))
            await page.EvaluateAsync(source + "\n;void 0");
        var found = await page.EvaluateAsync<JsonElement>("""
            async () => {
                const result = await axe.run(document, { resultTypes: ['violations'] });
                return result.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => `${v.impact} ${v.id} (${v.help}): ` + v.nodes.slice(0, 8).map(n => n.target.join(' ') + ' [' + (n.failureSummary || '').replace(/\s+/g, ' ') + ']').join('; '));
            }
            """);
        return found.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    private static async Task<string> SourceAsync()
    {
        if (_source is not null) return _source;
        await Installing.WaitAsync();
        try
        {
            var file = Path.Combine(Folder, "node_modules", "axe-core", "axe.min.js");
            if (!File.Exists(file)) await NpmCiAsync();
            return _source ??= await File.ReadAllTextAsync(file);
        }
        finally
        {
            Installing.Release();
        }
    }

    private static async Task NpmCiAsync()
    {
        var npm = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "npm")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("npm is not on PATH; the accessibility check needs axe-core from tests/axe (npm ci there).");
        var start = new ProcessStartInfo(npm) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "npm ci in tests/axe failed:\n" + await output + await error);
    }
}
