using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.StockTakes;

/// <summary>Spreadsheet bombs: every limit of an uploaded count sheet is checked before it is parsed, and the refusal says it.</summary>
public sealed class SheetLimitTests(StocktrailFactory factory) : ApiTest(factory)
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static string Cell(string reference, string text) => $"""<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>""";

    private static readonly string HeaderRow =
        "<row r=\"1\">" + string.Concat(StockTakeTestApi.Header.Select((h, i) => Cell($"{(char)('A' + i)}1", h))) + "</row>";

    /// <summary>A minimal workbook made by hand, so that each test can hold exactly the hostile part it is about.</summary>
    private static byte[] Xlsx(string rows, string? sharedStrings = null, (string Name, long Bytes)? padding = null)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open());
                writer.Write(text);
            }
            Add("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
            Add("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Add("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Count sheet" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Add("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");
            Add("xl/worksheets/sheet1.xml", $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{HeaderRow}{rows}</sheetData></worksheet>""");
            if (sharedStrings is not null) Add("xl/sharedStrings.xml", sharedStrings);
            if (padding is { } pad)
            {
                using var part = zip.CreateEntry(pad.Name, CompressionLevel.Fastest).Open();
                var zeros = new byte[64 * 1024];
                for (long written = 0; written < pad.Bytes; written += zeros.Length) part.Write(zeros);
            }
        }
        return buffer.ToArray();
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> Import(HttpClient http, int take, byte[] sheet, string mediaType = XlsxType)
    {
        var content = new ByteArrayContent(sheet);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var response = await http.PostAsync($"/api/stock-takes/{take}/sheet", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonNode.Parse(text)!);
    }

    private async Task<(int Take, string Sku)> Counting()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo", costPrice: 1m);
        await Api.ReceiveFifo(warehouse, product, 10, 1m);
        return (await Api.StartStockTake(warehouse), await Api.SkuOf(product));
    }

    private async Task AssertNothingImported(int take) => Assert.Null((await Api.Get($"/api/stock-takes/{take}"))["importedAt"]);

    [Fact]
    public async Task A_shared_text_longer_than_a_cell_may_be_is_refused_before_it_is_read_whole()
    {
        var (take, sku) = await Counting();
        var huge = new string('x', 3_000_000);
        var shared = $"""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>{sku}</t></si><si><t>{huge}</t></si></sst>""";

        var (status, body) = await Import(Api.Http, take, Xlsx("""<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row>""", shared));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("Shared text 2", (string)body["detail"]!);
        Assert.Contains("1,000 characters", (string)body["detail"]!);
        await AssertNothingImported(take);
    }

    [Fact]
    public async Task An_inline_cell_longer_than_a_cell_may_be_is_refused_naming_the_cell()
    {
        var (take, sku) = await Counting();
        var (status, body) = await Import(Api.Http, take, Xlsx($"<row r=\"2\">{Cell("A2", sku)}{Cell("B2", new string('n', 5_000))}</row>"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("Cell B2", (string)body["detail"]!);
        await AssertNothingImported(take);
    }

    [Theory]
    [InlineData("<row r=\"-5\"><c r=\"A-5\" t=\"inlineStr\"><is><t>X</t></is></c></row>", HttpStatusCode.BadRequest, "'-5' of the worksheet is not a row number")]
    [InlineData("<row r=\"400000000\"><c r=\"A400000000\" t=\"inlineStr\"><is><t>X</t></is></c></row>", HttpStatusCode.RequestEntityTooLarge, "past the last row a count sheet may have, 1,048,576")]
    [InlineData("<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>X</t></is></c></row><row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>Y</t></is></c></row>", HttpStatusCode.BadRequest, "Row 3 of the worksheet comes after row 5")]
    [InlineData("<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>X</t></is></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Y</t></is></c></row>", HttpStatusCode.BadRequest, "each row must come once")]
    [InlineData("<row r=\"2\"><c r=\"A9\" t=\"inlineStr\"><is><t>X</t></is></c></row>", HttpStatusCode.BadRequest, "'A9' of the worksheet is not a cell of row 2")]
    [InlineData("<row r=\"2\"><c r=\"ZZZZZ2\" t=\"inlineStr\"><is><t>X</t></is></c></row>", HttpStatusCode.BadRequest, "'ZZZZZ2'")]
    [InlineData("<row r=\"2\"><c r=\"I2\" t=\"inlineStr\"><is><t>note</t></is></c></row>", HttpStatusCode.BadRequest, "Cell I2 is right of column H")]
    public async Task Impossible_row_numbers_and_cells_are_refused_instead_of_renumbered_or_dropped(string rows, HttpStatusCode expected, string says)
    {
        var (take, _) = await Counting();
        var (status, body) = await Import(Api.Http, take, Xlsx(rows));

        Assert.Equal(expected, status);
        Assert.Contains(says, (string)body["detail"]!);
        await AssertNothingImported(take);
    }

    [Fact]
    public async Task A_workbook_that_unpacks_past_the_limit_is_refused_saying_the_limit()
    {
        var (take, sku) = await Counting();
        var small = Factory.WithWebHostBuilder(b => b.UseSetting("Stocktrail:CountSheet:MaxUncompressedBytes", (2 * 1024 * 1024).ToString())).CreateClient();

        var (status, body) = await Import(small, take, Xlsx($"<row r=\"2\">{Cell("A2", sku)}</row>", padding: ("xl/media/padding.bin", 3 * 1024 * 1024)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("more than 2 MB once unpacked", (string)body["detail"]!);
        await AssertNothingImported(take);
    }

    [Fact]
    public async Task A_sheet_larger_than_the_limit_is_refused_as_it_arrives()
    {
        var (take, sku) = await Counting();
        var small = Factory.WithWebHostBuilder(b => b.UseSetting("Stocktrail:CountSheet:MaxFileBytes", (1024 * 1024).ToString())).CreateClient();
        var csv = new StringBuilder(string.Join(",", StockTakeTestApi.Header) + "\n");
        while (csv.Length < 1_200_000) csv.Append($"{sku},,,,,,\n");

        var (status, body) = await Import(small, take, Encoding.UTF8.GetBytes(csv.ToString()), "text/csv");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("larger than 1 MB", (string)body["detail"]!);
        await AssertNothingImported(take);
    }

    [Fact]
    public async Task A_csv_header_of_a_million_columns_is_refused_in_a_short_answer()
    {
        var (take, _) = await Counting();
        var csv = string.Join(",", StockTakeTestApi.Header) + new string(',', 1_000_000) + "x\n";

        var response = await Api.ImportCsv(take, csv);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(text.Length < 10_000, $"The answer is {text.Length:N0} characters long.");
        Assert.Contains("at most 64 KB", text);
        await AssertNothingImported(take);
    }

    [Fact]
    public async Task A_column_right_of_the_sheet_and_an_overlong_cell_are_row_problems()
    {
        var (take, sku) = await Counting();
        var header = await Api.ImportCsv(take, string.Join(",", StockTakeTestApi.ExportHeader) + ",Notes\n" + $"{sku},,,,,,,9\n");
        Assert.Equal(HttpStatusCode.BadRequest, header.StatusCode);
        Assert.Contains("column I holds something", await header.Content.ReadAsStringAsync());

        var rows = await Api.ImportCsv(take, StockTakeTestApi.Csv([StockTakeTestApi.ExportHeader, [sku, "", "", "", "", "", "", "9", "recount"], [sku, new string('n', 1_500), "", "", "", "", "", "9"]]));
        var errors = JsonNode.Parse(await rows.Content.ReadAsStringAsync())!["errors"]!.AsArray();
        Assert.Contains(errors, e => (int)e!["row"]! == 2 && ((string)e["message"]!).Contains("column I holds something"));
        Assert.Contains(errors, e => (int)e!["row"]! == 3 && (string)e["column"]! == "Name" && ((string)e["message"]!).Contains("at most 1,000"));
        await AssertNothingImported(take);
    }

    [Fact]
    public async Task A_sheet_with_thousands_of_problems_lists_the_first_thousand_and_says_how_many_there_are()
    {
        var (take, _) = await Counting();
        var csv = new StringBuilder(string.Join(",", StockTakeTestApi.Header) + "\n");
        for (var i = 1; i <= 2_500; i++) csv.Append($"NO-SUCH-{i},,,,,,1\n");

        var response = await Api.ImportCsv(take, csv.ToString());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1_000, body["errors"]!.AsArray().Count);
        Assert.Equal(2_500, (int)body["total"]!);
        Assert.StartsWith("2,500 problems; the first 1,000 are listed.", (string)body["detail"]!);
        await AssertNothingImported(take);
    }

    [Fact]
    public async Task A_well_formed_hand_made_workbook_still_imports()
    {
        var (take, sku) = await Counting();
        var content = new ByteArrayContent(Xlsx($"<row r=\"3\">{Cell("A3", sku)}<c r=\"G3\"><v>8</v></c></row>"));
        content.Headers.ContentType = new MediaTypeHeaderValue(XlsxType);
        var response = await Api.Http.PostAsync($"/api/stock-takes/{take}/sheet", content);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var variance = JsonNode.Parse(text)!["variances"]!.AsArray().Single()!;
        Assert.Equal(3, (int)variance["row"]!);
        Assert.Equal(-2m, (decimal)variance["difference"]!);
    }
}
