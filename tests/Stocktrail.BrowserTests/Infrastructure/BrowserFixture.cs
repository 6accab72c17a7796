using Microsoft.Playwright;

namespace Stocktrail.BrowserTests.Infrastructure;

/// <summary>One app and one browser for all browser tests; each test opens its own page and makes its own data.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public AppServer App { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    public Api Api { get; private set; } = null!;

    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        App.Start();
        var http = new HttpClient { BaseAddress = App.Address };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", App.BootstrapKey);
        Api = new Api(http);
        if (!Infrastructure.Browser.IsInstalled) return; // each test reports it: skipped off CI, failed on CI
        (_playwright, Browser) = await Infrastructure.Browser.LaunchAsync();
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async Task<IPage> NewPageAsync()
    {
        Assert.True(Infrastructure.Browser.IsInstalled, Infrastructure.Browser.MissingMessage);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.Address.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(10_000);
        return await context.NewPageAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.CloseAsync();
            _playwright.Dispose();
        }
        Api?.Dispose();
        await App.DisposeAsync();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Stocktrail.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"No Stocktrail.slnx above {AppContext.BaseDirectory}; cannot tell where artifacts/ goes.");
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
