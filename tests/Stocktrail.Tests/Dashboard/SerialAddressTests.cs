using System.Net;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Dashboard;

/// <summary>The app behind a real Kestrel socket: the test server decodes paths its own way, and addresses are what these tests are about.</summary>
public sealed class KestrelFixture : IDisposable
{
    public StocktrailFactory Factory { get; } = new();
    public Api Api { get; }

    public KestrelFixture()
    {
        Factory.UseKestrel(0);
        Factory.StartServer();
        Api = new Api(Factory.CreateClient());
    }

    public void Dispose() => Factory.Dispose();
}

/// <summary>Every character a serial may hold survives the trip through every address that names it, and every link to it.</summary>
public sealed class SerialAddressTests(KestrelFixture kestrel) : IClassFixture<KestrelFixture>
{
    private Api Api => kestrel.Api;

    private static readonly string[] Awkward = ["2023/0001", "A/B/C", "SN#7", "SN?8", "100%", "SN%2F9", "SN%252F", "SN 10", "SN+11", "./SN-12", "Ünï/13"];

    [Fact]
    public async Task A_serial_with_slashes_and_other_reserved_characters_is_found_at_every_address_that_names_it()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.SerialsInStock(warehouse, 3m, Awkward);
        var productPage = await (await Api.Http.GetAsync($"/products/{product}")).Content.ReadAsStringAsync();

        foreach (var serial in Awkward)
        {
            var escaped = Uri.EscapeDataString(serial);
            var unit = await Api.Get($"/api/products/{product}/serials/{escaped}");
            Assert.Equal(serial, (string)unit["serial"]!);
            Assert.Equal("InStock", (string)unit["status"]!);

            var trace = await Api.Get($"/api/products/{product}/serials/{escaped}/trace?direction=up");
            Assert.Contains(serial, trace.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

            var found = (await Api.Get($"/api/serials/{escaped}"))["items"]!.AsArray();
            Assert.Equal(serial, (string)found.Single()!["serial"]!);

            var page = await Api.Http.GetAsync($"/products/{product}/serials/{escaped}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(serial), await page.Content.ReadAsStringAsync());

            Assert.Contains($"href=\"/products/{product}/serials/{System.Text.Encodings.Web.HtmlEncoder.Default.Encode(escaped)}\"", productPage);
        }
    }

    [Fact]
    public async Task A_serial_holding_the_text_of_an_escaped_slash_is_not_the_serial_with_the_slash()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.SerialsInStock(warehouse, 3m, "X%2FY");

        await Api.Refused(HttpMethod.Get, $"/api/products/{product}/serials/{Uri.EscapeDataString("X/Y")}", null, HttpStatusCode.NotFound);
        Assert.Equal("X%2FY", (string)(await Api.Get($"/api/products/{product}/serials/{Uri.EscapeDataString("X%2FY")}"))["serial"]!);
    }
}
