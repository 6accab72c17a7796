using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MiniExcelLibs;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.StockTakes;

/// <summary>Stock take steps over HTTP, and sheets read and written with plain text (CSV) and MiniExcel (XLSX).</summary>
public static class StockTakeTestApi
{
    /// <summary>The header of sheets made by hand in tests: release 0.1's, without ExpiresOn, which stays importable.</summary>
    public static readonly string[] Header = ["Sku", "Name", "Warehouse", "SerialOrBatch", "UnitCost", "OnHand", "Counted"];

    /// <summary>The header a sheet is exported with: ExpiresOn after SerialOrBatch.</summary>
    public static readonly string[] ExportHeader = ["Sku", "Name", "Warehouse", "SerialOrBatch", "ExpiresOn", "UnitCost", "OnHand", "Counted"];

    public static async Task<int> StartStockTake(this Api api, int warehouseId) =>
        (int)(await api.PostOk("/api/stock-takes", new { warehouseId }))["id"]!;

    public static async Task<List<string[]>> ExportCsv(this Api api, int stockTakeId, string? rows = null)
    {
        var response = await api.Http.PostAsync($"/api/stock-takes/{stockTakeId}/sheet/mark?format=csv{(rows is null ? "" : $"&rows={rows}")}", null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"The CSV export answered {(int)response.StatusCode}: {text}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split(',')).ToList();
    }

    public static async Task<List<string?[]>> ExportXlsx(this Api api, int stockTakeId)
    {
        var response = await api.Http.PostAsync($"/api/stock-takes/{stockTakeId}/sheet/mark?format=xlsx", null);
        Assert.True(response.IsSuccessStatusCode, $"The XLSX export answered {(int)response.StatusCode}");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        return stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX)
            .Select(r => ((IDictionary<string, object?>)r).Values.Select(v => v?.ToString()).ToArray())
            .ToList();
    }

    public static string Csv(IEnumerable<string[]> rows) => string.Join("\n", rows.Select(r => string.Join(",", r))) + "\n";

    public static async Task<HttpResponseMessage> ImportCsv(this Api api, int stockTakeId, string csv, bool background = false)
    {
        var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        return await api.Http.PostAsync($"/api/stock-takes/{stockTakeId}/sheet{(background ? "?async=true" : "")}", content);
    }

    public static async Task<JsonNode> ImportCsvOk(this Api api, int stockTakeId, string csv)
    {
        var response = await api.ImportCsv(stockTakeId, csv);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"The import answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>An XLSX sheet written by MiniExcel (its first row, the header, from the column names), posted as a multipart file as a browser form would.</summary>
    public static async Task<HttpResponseMessage> ImportXlsxAsForm(this Api api, int stockTakeId, IEnumerable<string?[]> rows)
    {
        using var sheet = new MemoryStream();
        var all = rows.ToList();
        var table = all.Skip(1).Select(r => all[0].Select(h => h!).Select((h, i) => (h, v: (object?)(i < r.Length ? r[i] : null)))
            .ToDictionary(x => x.h, x => x.v is string s && decimal.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && x.h is "UnitCost" or "OnHand" or "Counted" ? (object?)d : x.v)).ToList();
        await sheet.SaveAsAsync(table, excelType: ExcelType.XLSX);
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(sheet.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", "count.xlsx");
        return await api.Http.PostAsync($"/api/stock-takes/{stockTakeId}/sheet", form);
    }

    public static async Task<JsonNode> CompleteStockTake(this Api api, int stockTakeId) =>
        await api.PostOk($"/api/stock-takes/{stockTakeId}/complete", new { }, HttpStatusCode.OK);

    public static async Task ReceiveBatches(this Api api, int warehouseId, int productId, decimal unitCost, params (string Batch, decimal Quantity)[] batches)
    {
        var (order, lines) = await api.ApprovedOrder(warehouseId, (productId, batches.Sum(b => b.Quantity), unitCost));
        await api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new[] { new { lineId = lines[0], quantity = batches.Sum(b => b.Quantity), batches = batches.Select(b => new { batch = b.Batch, quantity = b.Quantity }) } },
        });
    }

    public static async Task ReceiveFifo(this Api api, int warehouseId, int productId, decimal quantity, decimal unitCost)
    {
        var (order, lines) = await api.ApprovedOrder(warehouseId, (productId, quantity, unitCost));
        await api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity } } });
    }

    public static async Task AdjustSerialsOut(this Api api, int warehouseId, int productId, params string[] serials) =>
        await api.PostOk("/api/stock-adjustments", new
        {
            warehouseId, reason = "Test: gone",
            lines = new[] { new { productId, direction = "Out", quantity = serials.Length, serials } },
        });

    public static string Sku(this JsonNode product) => (string)product["sku"]!;

    public static async Task<string> SkuOf(this Api api, int productId) => (string)(await api.Get($"/api/products/{productId}"))["sku"]!;

    /// <summary>The sheet with Counted filled by a rule; rows for which the rule gives null stay blank.</summary>
    public static List<string[]> Count(List<string[]> sheet, Func<string[], string?> counted) =>
        sheet.Select((r, i) => i == 0 ? r : r.Take(sheet[0].Length - 1).Append(counted(r) ?? "").ToArray()).ToList();
}
