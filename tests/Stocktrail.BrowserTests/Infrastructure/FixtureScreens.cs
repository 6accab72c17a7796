using Microsoft.Playwright;

namespace Stocktrail.BrowserTests.Infrastructure;

/// <summary>Screenshots for a reviewer, under artifacts/screenshots/ at the repository root (not committed).</summary>
public static class FixtureScreens
{
    public static Task SaveAsync(IPage page, string name) => BrowserFixture.ScreenshotAsync(page, name);
}
