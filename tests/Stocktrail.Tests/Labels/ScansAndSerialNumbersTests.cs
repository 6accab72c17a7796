using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Labels;

public sealed class ScansAndSerialNumbersTests(StocktrailFactory factory) : ApiTest(factory)
{
    private const char GS = '\u001d';

    /// <summary>A GTIN of the test's own (GTINs are unique): twelve random digits and the check digit, as GTIN-14.</summary>
    internal static string NewGtin()
    {
        var digits = "0" + string.Concat(Enumerable.Range(0, 12).Select(_ => (char)('0' + Random.Shared.Next(10))));
        return digits + Stocktrail.Domain.Gtin.CheckDigit(digits);
    }

    private async Task<(int Id, string Sku, string Gtin)> Product(string trackingType = "Serial", string? serialPattern = null)
    {
        var (sku, gtin) = (Api.Unique("SCAN"), NewGtin());
        var product = await Api.PostOk("/api/products", new { sku, name = "Scanned thing", trackingType, gtin, serialPattern });
        return ((int)product["id"]!, sku, gtin);
    }

    private Task<JsonNode> Scan(string code) => Api.PostOk("/api/scans", new { code }, HttpStatusCode.OK);

    [Fact]
    public async Task A_product_keeps_its_gtin_as_gtin_14_and_shows_it()
    {
        var product = await Api.PostOk("/api/products", new { sku = Api.Unique("G"), name = "EAN thing", trackingType = "Fifo", gtin = "4006381333931" });
        Assert.Equal("04006381333931", (string)product["gtin"]!);
        Assert.Equal("04006381333931", (string)(await Api.Get($"/api/products/{(int)product["id"]!}"))["gtin"]!);
    }

    [Fact]
    public async Task A_gtin_with_a_wrong_check_digit_and_a_bad_pattern_are_refused_together_and_nothing_is_made()
    {
        var sku = Api.Unique("BAD");
        var problem = await Api.PostRefused("/api/products", new { sku, name = "Bad", trackingType = "Serial", gtin = "4006381333932", serialPattern = "SN-{dd}" }, HttpStatusCode.BadRequest);
        problem.Mentions("check digit", "{dd}");
        var list = await Api.Get($"/api/products?search={sku}");
        Assert.Empty(list["items"]!.AsArray());
    }

    [Fact]
    public async Task A_gtin_already_given_to_another_product_is_refused()
    {
        var (_, _, gtin) = await Product();
        var other = await Api.Product("Serial");
        var problem = await Api.Refused(HttpMethod.Patch, $"/api/products/{other}", new { gtin }, HttpStatusCode.Conflict);
        problem.Mentions(gtin, "another product");
    }

    [Fact]
    public async Task A_pattern_on_a_product_that_is_not_serialized_is_refused()
    {
        var problem = await Api.PostRefused("/api/products", new { sku = Api.Unique("F"), name = "Fifo", trackingType = "Fifo", serialPattern = "X{000}" }, HttpStatusCode.BadRequest);
        problem.Mentions("Only a serialized product has a serial pattern");
    }

    [Fact]
    public async Task An_empty_gtin_removes_it()
    {
        var (id, _, _) = await Product();
        var updated = await Api.Patch($"/api/products/{id}", new { gtin = "" });
        Assert.Null(updated["gtin"]);
    }

    [Fact]
    public async Task A_gs1_scan_in_any_of_its_forms_names_the_product_serial_batch_and_expiry()
    {
        var (id, sku, gtin) = await Product();
        foreach (var code in new[] { $"(01){gtin}(17)270331(21)SN-9", $"]C101{gtin}1727033121SN-9", $"01{gtin}1727033121SN-9", $"{GS}01{gtin}{GS}1727033121SN-9" })
        {
            var scan = await Scan(code);
            Assert.Equal((id, sku, gtin, "SN-9", "2027-03-31"), ((int)scan["productId"]!, (string)scan["sku"]!, (string)scan["gtin"]!, (string)scan["serial"]!, (string)scan["expiresOn"]!));
        }
        var batch = await Scan($"01{gtin}10LOT-1{GS}21S-2");
        Assert.Equal(("LOT-1", "S-2"), ((string)batch["batch"]!, (string)batch["serial"]!));
    }

    [Fact]
    public async Task A_plain_scan_is_a_sku_or_a_serial_of_a_product()
    {
        var warehouse = await Api.Warehouse();
        var serial = Api.Unique("PLAIN");
        var productId = await Api.SerialsInStock(warehouse, 5m, serial);
        var bySerial = await Scan(serial.ToLowerInvariant());
        Assert.Equal((productId, serial), ((int)bySerial["productId"]!, (string)bySerial["serial"]!));
        var sku = (string)(await Api.Get($"/api/products/{productId}"))["sku"]!;
        var bySku = await Scan(sku);
        Assert.Equal(productId, (int)bySku["productId"]!);
        Assert.Null(bySku["serial"]);
    }

    [Fact]
    public async Task A_scan_that_matches_nothing_is_not_found_and_a_broken_gs1_string_is_refused()
    {
        (await Api.PostRefused("/api/scans", new { code = "NOTHING-" + Guid.NewGuid() }, HttpStatusCode.NotFound)).Mentions("No product, serial or batch");
        (await Api.PostRefused("/api/scans", new { code = "(01)09501101530004(21)X" }, HttpStatusCode.BadRequest)).Mentions("check digit");
        (await Api.PostRefused("/api/scans", new { code = " " }, HttpStatusCode.BadRequest)).Mentions("empty");
    }

    [Fact]
    public async Task Proposed_serials_follow_the_pattern_and_skip_serials_the_product_already_has()
    {
        var (id, _, _) = await Product(serialPattern: "PS-{yyyy}-{0000}");
        var year = DateTime.UtcNow.Year;
        var warehouse = await Api.Warehouse();
        var (order, lines) = await Api.ApprovedOrder(warehouse, (id, 1, 1m));
        await Api.Receive(order, ReceivingApi.Line(lines[0], 1, $"PS-{year}-0002"));

        var proposed = await Api.PostOk($"/api/products/{id}/serial-numbers", new { count = 3 }, HttpStatusCode.OK);
        Assert.Equal([$"PS-{year}-0001", $"PS-{year}-0003", $"PS-{year}-0004"], proposed["serials"]!.AsArray().Select(s => (string)s!));
        var next = await Api.PostOk($"/api/products/{id}/serial-numbers", new { count = 1 }, HttpStatusCode.OK);
        Assert.Equal([$"PS-{year}-0005"], next["serials"]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public async Task Twenty_clerks_asking_at_once_never_get_the_same_serial() => await SerialRace.TwentyClerks(Api);

    [Fact]
    public async Task Proposing_serials_without_a_pattern_or_with_a_bad_count_is_refused()
    {
        var (id, _, _) = await Product();
        (await Api.PostRefused($"/api/products/{id}/serial-numbers", new { count = 2 }, HttpStatusCode.Conflict)).Mentions("has no serial pattern");
        var (withPattern, _, _) = await Product(serialPattern: "Q{000}");
        (await Api.PostRefused($"/api/products/{withPattern}/serial-numbers", new { count = 0 }, HttpStatusCode.BadRequest)).Mentions("1 to 10,000");
    }

    [Theory]
    [InlineData("Viewer")]
    [InlineData("Sales")]
    [InlineData("Production")]
    public async Task Roles_that_do_not_receive_may_not_propose_serials(string role)
    {
        var (id, _, _) = await Product(serialPattern: "R{000}");
        var client = await Factory.ClientAsAsync(role);
        var response = await client.PostAsJsonAsync($"/api/products/{id}/serial-numbers", new { count = 1 });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("receive purchase orders", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Warehouse_staff_may_propose_serials_but_not_change_a_gtin()
    {
        var (id, _, _) = await Product(serialPattern: "W{000}");
        var warehouse = await Factory.ClientAsAsync("Warehouse");
        Assert.Equal(HttpStatusCode.OK, (await warehouse.PostAsJsonAsync($"/api/products/{id}/serial-numbers", new { count = 1 })).StatusCode);
        var patch = await warehouse.PatchAsJsonAsync($"/api/products/{id}", new { gtin = NewGtin() });
        Assert.Equal(HttpStatusCode.Forbidden, patch.StatusCode);
    }
}

/// <summary>The pattern race, shared by the SQLite and PostgreSQL tests.</summary>
public static class SerialRace
{
    public static async Task TwentyClerks(Api api)
    {
        var product = await api.PostOk("/api/products", new
        {
            sku = Api.Unique("RACE"), name = "Raced", trackingType = "Serial", gtin = ScansAndSerialNumbersTests.NewGtin(), serialPattern = "RACE-{00000}",
        });
        var id = (int)product["id"]!;
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            var response = await api.Http.PostAsJsonAsync($"/api/products/{id}/serial-numbers", new { count = 5 });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonNode>())!["serials"]!.AsArray().Select(s => (string)s!).ToList();
        })));
        var all = answers.SelectMany(a => a).ToList();
        Assert.Equal(100, all.Count);
        Assert.Equal(100, all.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 100).Select(i => $"RACE-{i:00000}"), all.Order());
    }
}
