using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Labels;

public sealed class LabelsTests(StocktrailFactory factory) : ApiTest(factory)
{
    private const char GS = '\u001d';

    private async Task<int> ProductWithGtin(string trackingType, string name = "Pressure pump 40 bar")
    {
        var gtin = ScansAndSerialNumbersTests.NewGtin();
        var product = await Api.PostOk("/api/products", new { sku = Api.Unique("PUMP"), name, trackingType, gtin });
        return (int)product["id"]!;
    }

    private async Task<(byte[] Body, HttpResponseMessage Response)> Labels(string query)
    {
        var response = await Api.Http.GetAsync("/api/labels?" + query);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /api/labels?{query} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        return (body, response);
    }

    private async Task<string> GtinOf(int productId) => (string)(await Api.Get($"/api/products/{productId}"))["gtin"]!;

    [Theory]
    [InlineData("code128")]
    [InlineData("qr")]
    [InlineData("datamatrix")]
    public async Task A_png_label_scans_back_to_exactly_the_serial(string symbology)
    {
        var product = await ProductWithGtin("Serial");
        var (png, response) = await Labels($"productId={product}&serials=SN-2026/0001&format=png&symbology={symbology}&layout=roll&size=57x32");
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["SN-2026/0001"], LabelReader.DecodePng(png, symbology, 57, 32));
    }

    [Theory]
    [InlineData("gs1-128")]
    [InlineData("gs1-datamatrix")]
    public async Task A_gs1_label_carries_the_gtin_and_serial_as_an_element_string(string symbology)
    {
        var product = await ProductWithGtin("Serial");
        var gtin = await GtinOf(product);
        var (png, _) = await Labels($"productId={product}&serials=SN-77/A&format=png&symbology={symbology}&layout=roll");
        var read = Assert.Single(LabelReader.DecodePng(png, symbology, 57, 32));
        Assert.Equal($"01{gtin}21SN-77/A", read.Replace("]C1", "").Replace("]d2", "").TrimStart(GS));

        // What the scanner read, posted as a scan, names the product and the serial.
        var scan = await Api.PostOk("/api/scans", new { code = read }, HttpStatusCode.OK);
        Assert.Equal((product, "SN-77/A"), ((int)scan["productId"]!, (string?)scan["serial"]));
    }

    [Fact]
    public async Task A_gs1_batch_label_separates_the_batch_from_what_follows()
    {
        var product = await ProductWithGtin("Batch");
        var gtin = await GtinOf(product);
        var (png, _) = await Labels($"productId={product}&batch=LOT-42&format=png&symbology=gs1-128&layout=roll");
        var read = Assert.Single(LabelReader.DecodePng(png, "gs1-128", 57, 32));
        Assert.Equal($"01{gtin}10LOT-42", read.Replace("]C1", ""));
    }

    [Fact]
    public async Task A_gs1_128_label_whose_check_character_has_fnc1s_value_reads_back_and_scans_to_its_batch()
    {
        // 105 + Σ position × value over FNC1, the GTIN's digit pairs, 10, Code B and LOT-42 is 102 mod 103: FNC1's value.
        const string gtin = "03801382629790";
        var product = (int)(await Api.PostOk("/api/products", new { sku = Api.Unique("PUMP"), name = "Pressure pump 40 bar", trackingType = "Batch", gtin }))["id"]!;
        var (png, _) = await Labels($"productId={product}&batch=LOT-42&format=png&symbology=gs1-128&layout=roll");
        var read = Assert.Single(LabelReader.DecodePng(png, "gs1-128", 57, 32)).Replace("]C1", "");
        Assert.Equal($"01{gtin}10LOT-42", read);

        // What a reader that keeps the stray separator sends is read as the same batch.
        var scan = await Api.PostOk("/api/scans", new { code = read + GS }, HttpStatusCode.OK);
        Assert.Equal((product, "LOT-42"), ((int)scan["productId"]!, (string?)scan["batch"]));
    }

    /// <summary>A batch product with a GTIN, received with a dated and an undated batch; returns the product, its GTIN and the receipt.</summary>
    private async Task<(int Product, string Gtin, int Order, int Receipt)> ReceivedDatedBatches(string dated, string expiresOn, string undated)
    {
        var warehouse = await Api.Warehouse();
        var product = await ProductWithGtin("Batch", "Saline 0.9%");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 15, 2m));
        var receipt = await Api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new[] { new { lineId = lines[0], quantity = 15, batches = new object[]
            {
                new { batch = dated, quantity = 10, expiresOn },
                new { batch = undated, quantity = 5 },
            } } },
        });
        return (product, await GtinOf(product), order, (int)receipt["id"]!);
    }

    private static string HumanReadable(string scanned) =>
        Stocktrail.Domain.Gs1.HumanReadable(Stocktrail.Domain.Gs1.TryParse(scanned, 2026, out var problem)?.Elements ?? throw new InvalidOperationException(problem ?? scanned));

    [Theory]
    [InlineData("gs1-128")]
    [InlineData("gs1-datamatrix")]
    public async Task A_gs1_label_of_a_dated_batch_carries_its_expiry_as_ai_17_whatever_case_the_batch_is_asked_in(string symbology)
    {
        var batch = Api.Unique("LOT");
        var (product, gtin, _, _) = await ReceivedDatedBatches(batch, "2027-03-31", Api.Unique("NODATE"));

        // Asked in lower case: the batch is the same batch (its key), so its date is found.
        var (png, _) = await Labels($"productId={product}&batch={batch.ToLowerInvariant()}&format=png&symbology={symbology}&layout=roll");
        var read = Assert.Single(LabelReader.DecodePng(png, symbology, 57, 32));
        Assert.Equal($"(01){gtin}(17)270331(10){batch.ToLowerInvariant()}", HumanReadable(read));
        var scan = await Api.PostOk("/api/scans", new { code = read }, HttpStatusCode.OK);
        Assert.Equal("2027-03-31", (string?)scan["expiresOn"]);

        var (svg, _) = await Labels($"productId={product}&batch={batch}&format=svg&symbology={symbology}&layout=roll");
        var texts = XDocument.Parse(System.Text.Encoding.UTF8.GetString(svg)).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        Assert.Contains("Expires 2027-03-31", texts);
        Assert.Contains(texts, t => t.Contains("(17)270331", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_receipts_labels_carry_each_batchs_expiry_and_an_undated_batch_has_none()
    {
        var dated = Api.Unique("LOT");
        var undated = Api.Unique("NODATE");
        var (_, gtin, order, receipt) = await ReceivedDatedBatches(dated, "2027-01-09", undated);

        var response = await Api.Http.GetAsync($"/api/purchase-orders/{order}/receipts/{receipt}/labels?symbology=gs1-128&layout=roll&size=100x50");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = LabelReader.DecodePdf(await response.Content.ReadAsByteArrayAsync(), "gs1-128", out _);
        Assert.Equal([$"(01){gtin}(17)270109(10){dated}", $"(01){gtin}(10){undated}"], read.Select(r => HumanReadable(r!)));

        var svg = await Api.Http.GetAsync($"/api/purchase-orders/{order}/receipts/{receipt}/labels?symbology=gs1-datamatrix&format=svg");
        var texts = XDocument.Parse(await svg.Content.ReadAsStringAsync()).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        Assert.Single(texts, t => t.StartsWith("Expires", StringComparison.Ordinal));
        Assert.Contains("Expires 2027-01-09", texts);
    }

    [Fact]
    public async Task A_qr_label_carries_unicode_serials_exactly()
    {
        var product = await ProductWithGtin("Serial");
        var (png, _) = await Labels($"productId={product}&serials={Uri.EscapeDataString("Größe-№7")}&format=png&symbology=qr&layout=roll");
        Assert.Equal(["Größe-№7"], LabelReader.DecodePng(png, "qr", 57, 32));
    }

    [Theory]
    [InlineData("code128", "Code 128 cannot carry")]
    [InlineData("gs1-128", "which GS1 does not allow")]
    [InlineData("gs1-datamatrix", "which GS1 does not allow")]
    public async Task A_serial_the_symbology_cannot_carry_is_refused_naming_it(string symbology, string expected)
    {
        var product = await ProductWithGtin("Serial");
        var problem = await Api.Refused(HttpMethod.Get, $"/api/labels?productId={product}&serials=OK-1,{Uri.EscapeDataString("Größe-№7")}&symbology={symbology}", null, HttpStatusCode.BadRequest);
        problem.Mentions("Größe-№7", expected);
    }

    [Fact]
    public async Task A_gs1_label_for_a_product_without_gtin_is_refused_saying_so()
    {
        var product = await Api.Product("Serial");
        var problem = await Api.Refused(HttpMethod.Get, $"/api/labels?productId={product}&serials=A1&symbology=gs1-128", null, HttpStatusCode.BadRequest);
        problem.Mentions("has no GTIN");
    }

    [Fact]
    public async Task Unknown_options_are_all_refused_at_once()
    {
        var product = await Api.Product("Serial");
        var problem = await Api.Refused(HttpMethod.Get, $"/api/labels?productId={product}&serials=A1&format=gif&symbology=ean99&layout=roll&size=5x5", null, HttpStatusCode.BadRequest);
        Assert.Equal(3, problem.Messages.Count);
        problem.Mentions("gif", "ean99", "5x5");
    }

    [Fact]
    public async Task A_pdf_sheet_holds_24_labels_a_page_and_every_symbol_reads_back()
    {
        var product = await ProductWithGtin("Serial");
        var (pdf, response) = await Labels($"productId={product}&serials=UNIT-0001..UNIT-0030&symbology=datamatrix");
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var read = LabelReader.DecodePdf(pdf, "datamatrix", out var pages);
        Assert.Equal(2, pages);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => $"UNIT-{i:0000}"), read);
    }

    [Fact]
    public async Task A_pdf_for_a_label_printer_has_one_label_a_page_of_the_chosen_size()
    {
        var product = await ProductWithGtin("Serial");
        var (pdf, _) = await Labels($"productId={product}&serials=R-1,R-2,R-3&symbology=gs1-128&layout=roll&size=100x50");
        var read = LabelReader.DecodePdf(pdf, "gs1-128", out var pages);
        Assert.Equal(3, pages);
        var gtin = await GtinOf(product);
        Assert.Equal(new[] { "R-1", "R-2", "R-3" }.Select(s => $"]C101{gtin}21{s}"), read);
        using var document = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(pdf), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        Assert.Equal(100, document.Pages[0].Width.Millimeter, 1);
        Assert.Equal(50, document.Pages[0].Height.Millimeter, 1);
    }

    [Fact]
    public async Task An_svg_label_shows_the_product_sku_and_serial_in_text()
    {
        var product = await ProductWithGtin("Serial", "Valve <DN50> & seal");
        var sku = (string)(await Api.Get($"/api/products/{product}"))["sku"]!;
        var (svg, response) = await Labels($"productId={product}&serials=V-1,V-2&format=svg&symbology=qr");
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var document = XDocument.Parse(System.Text.Encoding.UTF8.GetString(svg));
        var texts = document.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(string.Join(" ", texts), "Valve <DN50> & seal"));
        Assert.Contains($"SKU {sku}", texts);
        Assert.Contains("S/N V-1", texts);
        Assert.Contains("S/N V-2", texts);
        Assert.Equal(2, document.Descendants().Count(e => (string?)e.Attribute("class") == "symbol"));
    }

    [Fact]
    public async Task A_receipt_labels_every_serial_it_brought_in()
    {
        var warehouse = await Api.Warehouse();
        var serialProduct = await ProductWithGtin("Serial");
        var batchProduct = await ProductWithGtin("Batch");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (serialProduct, 5, 10m), (batchProduct, 10, 2m));
        var first = await Api.Receive(order, ReceivingApi.Line(lines[0], 2, "RC-1", "RC-2"));
        var second = await Api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new object[]
            {
                new { lineId = lines[0], quantity = 3, serials = new[] { "RC-3", "RC-4", "RC-5" } },
                new { lineId = lines[1], quantity = 10, batches = new[] { new { batch = "B-9", quantity = 10 } } },
            },
        });

        var response = await Api.Http.GetAsync($"/api/purchase-orders/{order}/receipts/{(int)second["id"]!}/labels?symbology=code128");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = LabelReader.DecodePdf(await response.Content.ReadAsByteArrayAsync(), "code128", out _);
        Assert.Equal(["RC-3", "RC-4", "RC-5", "B-9"], read);

        var firstLabels = await Api.Http.GetAsync($"/api/purchase-orders/{order}/receipts/{(int)first["id"]!}/labels?symbology=qr&format=png");
        Assert.Equal(["RC-1", "RC-2"], LabelReader.DecodePng(await firstLabels.Content.ReadAsByteArrayAsync(), "qr", 70, 37));
    }

    [Fact]
    public async Task Labels_of_a_receipt_on_another_order_are_not_found()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Serial");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 1, 10m));
        var receipt = await Api.Receive(order, ReceivingApi.Line(lines[0], 1, "X-1"));
        var (other, _) = await Api.ApprovedOrder(warehouse, (product, 1, 10m));
        var problem = await Api.Refused(HttpMethod.Get, $"/api/purchase-orders/{other}/receipts/{(int)receipt["id"]!}/labels", null, HttpStatusCode.NotFound);
        problem.Mentions("no receipt");
    }

    [Fact]
    public async Task Every_role_may_print_labels_and_read_scans()
    {
        var product = await ProductWithGtin("Serial");
        var viewer = await Factory.ClientAsAsync("Viewer");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/labels?productId={product}&serials=A-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.PostAsJsonAsync("/api/scans", new { code = $"(01){await GtinOf(product)}(21)A-1" })).StatusCode);
    }
}
