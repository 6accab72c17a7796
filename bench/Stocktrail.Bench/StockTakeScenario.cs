using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MiniExcelLibs;

/// <summary>
/// A stock take of N serialized units in one warehouse, with 1% of the units missing (counted 0) and 1% found (rows
/// added for new serials), once with a CSV sheet and once with an XLSX sheet: export, import (in the background, as
/// the page does, polling the job) and complete are each timed from the client, and the app's peak memory (its peak
/// resident set, reset before each step through /proc/PID/clear_refs) is read after each. Target: each step under 5 s,
/// peak memory under 500 MB. There is no raw floor here; the targets are absolute.
/// </summary>
static class StockTakeScenario
{
    public static readonly TimeSpan TimeTarget = TimeSpan.FromSeconds(5);
    public const long MemoryTarget = 500L * 1024 * 1024;

    public static async Task RunAsync(Bench bench)
    {
        var client = bench.App.Client;
        var supplier = (await bench.Api.PostAsync("/api/suppliers", new { name = "Stock take bench supplier" })).Id();
        var run = 0;
        foreach (var size in bench.Options.Sizes)
        foreach (var format in new[] { "csv", "xlsx" })
        {
            run++;
            var label = $"stocktake-{format}";
            try
            {
                await RunOnceAsync(bench, client, supplier, run, size, format, label);
            }
            catch (ApiFailedException e)
            {
                bench.RecordFailure(label, size, e.Message.Length > 400 ? e.Message[..400] + "…" : e.Message);
            }
        }
    }

    private static async Task RunOnceAsync(Bench bench, HttpClient client, int supplierId, int run, int size, string format, string label)
    {
        var api = bench.Api;
        var warehouseId = (await api.PostAsync("/api/warehouses", new { code = $"STB{run}", name = $"Stock take bench {run}" })).Id();
        var product = await api.PostAsync("/api/products", new { sku = $"BENCH-ST{run}", name = $"Stock take bench product {run}", trackingType = "Serial" });
        var order = await api.PostAsync("/api/purchase-orders", new
        {
            supplierId, warehouseId, lines = new[] { new { productId = product.Id(), quantity = size, unitCost = 7.25m } },
        });
        await api.PostAsync($"/api/purchase-orders/{order.Id()}/approve", new { });
        await api.TimedPostAsync($"/api/purchase-orders/{order.Id()}/receipts", JsonSerializer.SerializeToUtf8Bytes(new
        {
            lines = new[] { new { lineId = order.GetProperty("lines")[0].Id(), quantity = size, serials = new[] { $"ST-{1:D7}..ST-{size:D7}" } } },
        }));
        var take = (await api.PostAsync("/api/stock-takes", new { warehouseId })).Id();
        var sku = product.GetProperty("sku").GetString()!;
        var onePercent = size / 100;

        // Export.
        ResetPeak(bench.App.ProcessId);
        var clock = Stopwatch.StartNew();
        using var exported = await client.GetAsync($"/api/stock-takes/{take}/sheet?format={format}");
        var sheet = await exported.Content.ReadAsByteArrayAsync();
        var exportTime = clock.Elapsed;
        if (!exported.IsSuccessStatusCode) throw new ApiFailedException($"The export answered {(int)exported.StatusCode}: {Encoding.UTF8.GetString(sheet)}");
        bench.RecordTarget(label, size, "export", exportTime, Peak(bench.App.ProcessId), $"{sheet.Length / 1024:N0} KB");

        // Counting (not timed): every 100th unit is missing, and 1% new units are found.
        var filled = format == "csv" ? FillCsv(sheet, sku, run, onePercent) : FillXlsx(sheet, sku, run, onePercent);

        // Import, in the background, polled like the page polls but every 20 ms rather than every 400 ms, so that the
        // time measured is not rounded up to the next poll.
        ResetPeak(bench.App.ProcessId);
        clock.Restart();
        using var content = new ByteArrayContent(filled);
        content.Headers.ContentType = new MediaTypeHeaderValue(format == "csv" ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var accepted = await client.PostAsync($"/api/stock-takes/{take}/sheet?async=true", content);
        var acceptedText = await accepted.Content.ReadAsStringAsync();
        if (accepted.StatusCode != HttpStatusCode.Accepted) throw new ApiFailedException($"The import answered {(int)accepted.StatusCode}: {acceptedText}");
        var jobId = JsonDocument.Parse(acceptedText).RootElement.Id();
        JsonElement job;
        var percents = new SortedSet<int>();
        while (true)
        {
            job = await api.GetAsync($"/api/jobs/{jobId}");
            percents.Add(job.GetProperty("percent").GetInt32());
            if (job.GetProperty("status").GetString() is not ("Queued" or "Running")) break;
            await Task.Delay(20);
        }
        var importTime = clock.Elapsed;
        if (job.GetProperty("status").GetString() != "Succeeded")
            throw new ApiFailedException($"The import job ended {job.GetProperty("status")}: {job.GetProperty("result")}");
        var summary = job.GetProperty("result").GetProperty("summary");
        var (found, missing) = (summary.GetProperty("found").GetInt32(), summary.GetProperty("missing").GetInt32());
        if (found != onePercent || missing != onePercent)
            throw new ApiFailedException($"The import found {found} and missed {missing}; expected {onePercent} each.");
        bench.RecordTarget(label, size, "import", importTime, Peak(bench.App.ProcessId), $"progress seen: {string.Join(" ", percents)}");

        // Complete.
        ResetPeak(bench.App.ProcessId);
        var (completeTime, _) = await api.TimedPostAsync($"/api/stock-takes/{take}/complete", "{}"u8.ToArray());
        bench.RecordTarget(label, size, "complete", completeTime, Peak(bench.App.ProcessId), "");

        var stock = await api.GetAsync($"/api/products/{product.Id()}/stock");
        if (stock.GetProperty("onHand").GetDecimal() != size)
            throw new ApiFailedException($"After the stock take {stock.GetProperty("onHand")} are on hand; expected {size} ({onePercent} missing, {onePercent} found).");
    }

    private static byte[] FillCsv(byte[] sheet, string sku, int run, int found)
    {
        var lines = Encoding.UTF8.GetString(sheet).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var output = new StringBuilder(sheet.Length + found * 64);
        output.Append(lines[0].TrimEnd('\r')).Append('\n');
        for (var i = 1; i < lines.Length; i++)
            output.Append(lines[i].TrimEnd('\r')).Append(i % 100 == 0 ? "0" : "1").Append('\n');
        // The found rows follow the sheet's own header (it gained ExpiresOn before UnitCost with batch expiry).
        var header = lines[0].TrimEnd('\r').Split(',');
        for (var i = 1; i <= found; i++)
            output.Append(string.Join(',', header.Select(column => column switch
            {
                "Sku" => sku,
                "SerialOrBatch" => $"FOUND{run}-{i:D7}",
                "UnitCost" => "7.25",
                "Counted" => "1",
                _ => "",
            }))).Append('\n');
        return Encoding.UTF8.GetBytes(output.ToString());
    }

    private static byte[] FillXlsx(byte[] sheet, string sku, int run, int found)
    {
        using var input = new MemoryStream(sheet);
        var rows = input.Query(useHeaderRow: true, excelType: ExcelType.XLSX)
            .Select((r, i) =>
            {
                var row = new Dictionary<string, object?>((IDictionary<string, object?>)r);
                row["Counted"] = (i + 1) % 100 == 0 ? 0 : 1;
                return row;
            })
            .Concat(Enumerable.Range(1, found).Select(i => new Dictionary<string, object?>
            {
                ["Sku"] = sku, ["Name"] = null, ["Warehouse"] = null, ["SerialOrBatch"] = $"FOUND{run}-{i:D7}", ["ExpiresOn"] = null, ["UnitCost"] = 7.25m, ["OnHand"] = null, ["Counted"] = 1,
            }))
            .ToList();
        using var output = new MemoryStream();
        output.SaveAs(rows, excelType: ExcelType.XLSX);
        return output.ToArray();
    }

    /// <summary>Writing 5 to clear_refs resets the peak resident set (VmHWM) to the current one (Linux 4.0 and later).</summary>
    private static void ResetPeak(int pid)
    {
        var path = $"/proc/{pid}/clear_refs";
        if (File.Exists(path)) File.WriteAllText(path, "5");
    }

    private static long Peak(int pid)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path)) return -1;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
