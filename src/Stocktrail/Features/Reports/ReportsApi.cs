using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Stocktrail.Web;

namespace Stocktrail.Features.Reports;

/// <summary>Reports answer JSON by default, or a CSV download with <c>?format=csv</c> (one row per item).</summary>
public static class ReportsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports");
        reports.MapGet("/stock-value", async Task<Results<Ok<StockValueReport.Result>, FileContentHttpResult>> (DateTime? at, int? warehouseId, string? format, StockValueReport.Handler handler, CancellationToken ct) =>
            Answer(await handler.HandleAsync(at, warehouseId, ct), r => r.Items, format, "stock-value.csv"))
            .Describe("StockValueReport", "Stock value", "On hand and value per product and warehouse, now or at a moment (at).")
            .ProducesFile("text/csv");
        reports.MapGet("/cost-of-goods", async Task<Results<Ok<CostOfGoodsReport.Result>, FileContentHttpResult>> (DateTime? from, DateTime? to, string? format, CostOfGoodsReport.Handler handler, CancellationToken ct) =>
            Answer(await handler.HandleAsync(from, to, ct), r => r.Items, format, "cost-of-goods.csv"))
            .Describe("CostOfGoodsReport", "Cost of goods", "What left stock as cost of goods (dispatches, use on projects) between from and to.")
            .ProducesFile("text/csv");
        reports.MapGet("/availability", async Task<Results<Ok<AvailabilityReport.Result>, FileContentHttpResult>> (int? productId, int? warehouseId, string? format, AvailabilityReport.Handler handler, CancellationToken ct) =>
            Answer(await handler.HandleAsync(productId, warehouseId, ct), r => r.Items, format, "availability.csv"))
            .Describe("AvailabilityReport", "Availability", "The serials and batches in stock and where they are.")
            .ProducesFile("text/csv");
    }

    internal static Results<Ok<TReport>, FileContentHttpResult> Answer<TReport, TItem>(TReport report, Func<TReport, IEnumerable<TItem>> items, string? format, string fileName) =>
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
                csv.WriteRecord(properties.Select(p => Shared.DocumentLists.Cell(p.GetValue(item))).ToArray());
            csv.Flush();
        }
        return stream.ToArray();
    }
}
