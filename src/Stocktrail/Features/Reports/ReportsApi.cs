using System.Globalization;
using System.Text.Json;
using CsvHelper;

namespace Stocktrail.Features.Reports;

/// <summary>Reports answer JSON by default, or a CSV download with <c>?format=csv</c> (one row per item).</summary>
public static class ReportsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports");
        reports.MapGet("/stock-value", async (DateTime? at, int? warehouseId, string? format, StockValueReport.Handler handler, CancellationToken ct) =>
            Answer(await handler.HandleAsync(at, warehouseId, ct), r => r.Items, format, "stock-value.csv"));
        reports.MapGet("/cost-of-goods", async (DateTime? from, DateTime? to, string? format, CostOfGoodsReport.Handler handler, CancellationToken ct) =>
            Answer(await handler.HandleAsync(from, to, ct), r => r.Items, format, "cost-of-goods.csv"));
        reports.MapGet("/availability", async (int? productId, int? warehouseId, string? format, AvailabilityReport.Handler handler, CancellationToken ct) =>
            Answer(await handler.HandleAsync(productId, warehouseId, ct), r => r.Items, format, "availability.csv"));
    }

    private static IResult Answer<TReport, TItem>(TReport report, Func<TReport, IEnumerable<TItem>> items, string? format, string fileName) =>
        format?.ToLowerInvariant() switch
        {
            null or "json" => TypedResults.Ok(report),
            "csv" => TypedResults.File(Csv(items(report)), "text/csv", fileName),
            _ => throw Domain.StockRuleException.Invalid($"format '{format}' is not known: use json or csv."),
        };

    /// <summary>A header of the item's property names, then one row per item, numbers and dates in invariant form.</summary>
    private static byte[] Csv<T>(IEnumerable<T> items)
    {
        var properties = typeof(T).GetProperties();
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, null, leaveOpen: true))
        {
            csv.WriteRecord(properties.Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToArray());
            foreach (var item in items)
                csv.WriteRecord(properties.Select(p => p.GetValue(item) switch
                {
                    null => "",
                    DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    string s => Shared.SpreadsheetText.Defuse(s),
                    var v => v.ToString() ?? "",
                }).ToArray());
            csv.Flush();
        }
        return stream.ToArray();
    }
}
