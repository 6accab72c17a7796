using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using MiniExcelLibs;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.StockTakes;

/// <summary>Exported spreadsheets carry no formulas, whatever the names and codes hold, and a sheet read back is exactly what was exported.</summary>
public sealed class FormulaCellTests(StocktrailFactory factory) : ApiTest(factory)
{
    private const string Formula = "=HYPERLINK(\"http://x\",\"y\")";

    private async Task<(int Warehouse, int Take, string FifoSku, string SerialSku)> SheetOfFormulaLikeTexts()
    {
        var warehouse = await Api.Warehouse();
        var fifoSku = "+" + Api.Unique("SKU");
        var fifo = (int)(await Api.PostOk("/api/products", new { sku = fifoSku, name = Formula, trackingType = "Fifo", costPrice = 1m }))["id"]!;
        await Api.ReceiveFifo(warehouse, fifo, 10, 1m);
        var serialSku = "@" + Api.Unique("SKU");
        var serial = (int)(await Api.PostOk("/api/products", new { sku = serialSku, name = "-1+2", trackingType = "Serial" }))["id"]!;
        var (order, lines) = await Api.ApprovedOrder(warehouse, (serial, 3, 2m));
        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 3, serials = new[] { "=1+2", "'quoted", "-SN-1" } } } });
        return (warehouse, await Api.StartStockTake(warehouse), fifoSku, serialSku);
    }

    private static List<string[]> ReadCsv(string text)
    {
        using var csv = CsvReader.FromText(text, new CsvReaderOptions { HasHeader = false });
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add(Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i) ?? "").ToArray());
        return rows;
    }

    private static string WriteCsv(IEnumerable<string?[]> rows) =>
        string.Concat(rows.Select(r => string.Join(",", r.Select(c => "\"" + (c ?? "").Replace("\"", "\"\"") + "\"")) + "\n"));

    private static void AssertVariancesNameTheOriginals(JsonNode result, string fifoSku, string serialSku)
    {
        var variances = result["variances"]!.AsArray();
        Assert.Contains(variances, v => (string)v!["sku"]! == fifoSku && (decimal)v["counted"]! == 7m);
        Assert.Equal(["'quoted", "-SN-1", "=1+2"], variances.Where(v => (string)v!["sku"]! == serialSku).Select(v => (string)v!["serial"]!).Order(StringComparer.Ordinal));
        Assert.Empty(result["outdated"]!.AsArray());
    }

    [Fact]
    public async Task A_csv_count_sheet_defuses_formula_like_text_and_reads_back_as_exported()
    {
        var (_, take, fifoSku, serialSku) = await SheetOfFormulaLikeTexts();
        var response = await Api.Http.PostAsync($"/api/stock-takes/{take}/sheet/mark?format=csv", null);
        var rows = ReadCsv(await response.Content.ReadAsStringAsync());

        var fifoRow = rows.Single(r => r[0] == "'" + fifoSku);
        Assert.Equal("'" + Formula, fifoRow[1]);
        Assert.Equal(["''quoted", "'-SN-1", "'=1+2"], rows.Where(r => r[0] == "'" + serialSku).Select(r => r[3]).Order(StringComparer.Ordinal));
        Assert.All(rows.SelectMany(r => r), cell => Assert.False(cell.Length > 0 && "=+-@\t\r".Contains(cell[0]), $"'{cell}' starts like a formula"));

        var filled = rows.Select((r, i) => i == 0 ? r : r.Take(7).Append(r[0] == "'" + fifoSku ? "7" : "0").ToArray());
        var result = await Api.ImportCsvOk(take, WriteCsv(filled));
        AssertVariancesNameTheOriginals(result, fifoSku, serialSku);
        await Api.CompleteStockTake(take);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task An_xlsx_count_sheet_defuses_formula_like_text_and_reads_back_as_exported()
    {
        var (_, take, fifoSku, serialSku) = await SheetOfFormulaLikeTexts();
        var response = await Api.Http.PostAsync($"/api/stock-takes/{take}/sheet/mark?format=xlsx", null);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (var zip = new ZipArchive(new MemoryStream(bytes)))
            foreach (var part in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)))
            {
                using var reader = new StreamReader(part.Open());
                var xml = await reader.ReadToEndAsync();
                Assert.DoesNotContain("<x:f", xml);
                Assert.DoesNotContain("<f>", xml);
            }
        var rows = new MemoryStream(bytes).Query(useHeaderRow: false, excelType: ExcelType.XLSX)
            .Select(r => ((IDictionary<string, object?>)r).Values.Select(v => v?.ToString()).ToArray()).ToList();
        Assert.Equal("'" + Formula, rows.Single(r => r[0] == "'" + fifoSku)[1]);

        var filled = rows.Select((r, i) => i == 0 ? r : r.Take(7).Append(r[0] == "'" + fifoSku ? "7" : "0").ToArray());
        var import = await Api.ImportXlsxAsForm(take, filled);
        var text = await import.Content.ReadAsStringAsync();
        Assert.True(import.StatusCode == HttpStatusCode.OK, text);
        AssertVariancesNameTheOriginals(JsonNode.Parse(text)!, fifoSku, serialSku);
    }

    [Fact]
    public async Task Report_csvs_defuse_formula_like_text()
    {
        var (warehouse, _, fifoSku, _) = await SheetOfFormulaLikeTexts();
        var csv = ReadCsv(await Api.Http.GetStringAsync($"/api/reports/stock-value?warehouseId={warehouse}&format=csv"));
        Assert.Contains(csv, r => r.Contains("'" + fifoSku));
        Assert.DoesNotContain(csv.SelectMany(r => r), cell => cell.Length > 0 && "=+@".Contains(cell[0]));
    }
}
