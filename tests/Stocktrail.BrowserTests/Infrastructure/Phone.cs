using Microsoft.Playwright;

namespace Stocktrail.BrowserTests.Infrastructure;

/// <summary>What a page must be on a phone (390 px): no sideways scrolling, and every control big enough to tap.</summary>
public static class Phone
{
    public const int Width = 390;
    public const int MinTarget = 44;

    public static async Task AssertFitsAsync(IPage page, string name)
    {
        await FixtureScreens.SaveAsync(page, name + "-390");
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= Width, $"{name}: the page is {scrollWidth} px wide at {Width} px; widest: {await WidestAsync(page)}");
        var small = await page.EvaluateAsync<string[]>(@"(min) => Array.from(document.querySelectorAll(
                'button, .button, select, textarea, input:not([type=hidden]):not([type=checkbox]), header nav a, header .who a'))
            .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
            .map(e => ({ e, r: e.getBoundingClientRect() }))
            .filter(x => x.r.height < min - 0.5 || x.r.width < min - 0.5)
            .map(x => `${x.e.outerHTML.slice(0, 90)} is ${Math.round(x.r.width)}×${Math.round(x.r.height)}`)", MinTarget);
        Assert.True(small.Length == 0, $"{name}: tap targets under {MinTarget} px: {string.Join("; ", small)}");
    }

    /// <summary>A control (the scan field, the primary action) lies inside the screen's width.</summary>
    public static async Task AssertOnScreenAsync(ILocator control, string what)
    {
        var box = await control.BoundingBoxAsync();
        Assert.True(box is not null, $"{what} is not shown");
        Assert.True(box!.X >= 0 && box.X + box.Width <= Width + 0.5, $"{what} is at x {box.X}..{box.X + box.Width}, off a {Width} px screen");
    }

    private static Task<string> WidestAsync(IPage page) => page.EvaluateAsync<string>(@"() => {
        let widest = null;
        for (const e of document.querySelectorAll('body *')) {
            const r = e.getBoundingClientRect();
            if (r.right > document.documentElement.clientWidth && (!widest || r.right > widest.r)) widest = { r: r.right, html: e.outerHTML.slice(0, 120) };
        }
        return widest ? `${Math.round(widest.r)} px: ${widest.html}` : 'none';
    }");
}
