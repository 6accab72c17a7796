using System.Collections.Concurrent;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

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

    /// <summary>A page in a browser of its own (its own cookies), signed in as no one.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        Assert.True(Infrastructure.Browser.IsInstalled, Infrastructure.Browser.MissingMessage);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.Address.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout(10_000);
        return await context.NewPageAsync();
    }

    private readonly ConcurrentDictionary<string, Lazy<Task<(string UserName, string Password)>>> _users = new();

    /// <summary>The test user of a role, with a password, made once through the API by the bootstrap Administrator.</summary>
    public Task<(string UserName, string Password)> UserAsync(string role) =>
        _users.GetOrAdd(role, r => new Lazy<Task<(string, string)>>(() => NewUserAsync(r))).Value;

    /// <summary>A user of its own, for a test that changes or locks what it signs in with.</summary>
    public async Task<(string UserName, string Password)> NewUserAsync(string role)
    {
        var userName = $"{role.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..6]}";
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await Api.PostAsync("/api/users", new { userName, displayName = $"Test {role}", role, password });
        return (userName, password);
    }

    /// <summary>A page signed in through the login form, as a user of <paramref name="role"/> signs in.</summary>
    public async Task<IPage> SignedInPageAsync(string role, int width = 1280)
    {
        var (userName, password) = await UserAsync(role);
        var page = await NewPageAsync(width);
        await SignInAsync(page, userName, password);
        return page;
    }

    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("header .who")).ToBeVisibleAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        // A full-page picture of a long page is slow on a busy machine; it is a record for people, not a check, so it may take its time.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true, Timeout = 120_000 });

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

    internal static string RepositoryRoot()
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
