using Microsoft.Playwright;

namespace Stocktrail.BrowserTests.Infrastructure;

/// <summary>
/// Debian's Chromium, driven by Playwright. No browser is ever downloaded: the executable is the one apt installs
/// (scripts/ensure-chromium.sh). Where it is missing the browser tests skip, except on CI (CI set), where they fail.
/// </summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static bool IsInstalled => File.Exists(ChromiumPath);

    public static bool OnCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    public static string MissingMessage =>
        $"Chromium is not installed at {ChromiumPath}; the browser tests need Debian's chromium package. " +
        "Install it with: sudo bash scripts/ensure-chromium.sh (apt-get install chromium).";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!IsInstalled) throw new InvalidOperationException(MissingMessage);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--no-first-run"],
        });
        return (playwright, browser);
    }
}

/// <summary>A browser test: skipped with the reason when Chromium is missing off CI; on CI it runs, and fails saying why.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Browser.IsInstalled && !Browser.OnCi) Skip = Browser.MissingMessage;
    }
}
