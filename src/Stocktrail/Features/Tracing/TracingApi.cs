using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using MiniExcelLibs;
using Stocktrail.Features.Shared;
using Stocktrail.Web;

namespace Stocktrail.Features.Tracing;

public static class TracingApi
{
    public const string XlsxMediaType = StockTakes.CountSheet.XlsxMediaType;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/products/{id:int}/serials/{serial}/trace", async Task<Ok<TraceSerial.Result>> (int id, string serial, string? direction, HttpContext http, TraceSerial.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, Web.RawRoute.Segment(http, 1, serial), direction, ct))).WithTags("Tracing")
            .Describe("TraceSerial", "Trace a serial's genealogy", "direction=down: what it was built from; up: what it went into and where those went.");
        api.MapGet("/recall", async Task<Results<Ok<Recall.Result>, FileContentHttpResult>> (int? productId, string? serial, string? batch, string? format, Recall.Handler handler, CancellationToken ct) =>
            {
                var known = format?.ToLowerInvariant() is null or "json" or "csv" or "xlsx"
                    ? format?.ToLowerInvariant() ?? "json"
                    : throw Domain.StockRuleException.Invalid($"format '{format}' is not known: use json, csv or xlsx.");
                var recall = await handler.HandleAsync(productId, serial, batch, ct);
                return known switch
                {
                    "csv" => TypedResults.File(RecallFile.Csv(recall), "text/csv", RecallFile.Name(recall, "csv")),
                    "xlsx" => TypedResults.File(RecallFile.Xlsx(recall), XlsxMediaType, RecallFile.Name(recall, "xlsx")),
                    _ => TypedResults.Ok(recall),
                };
            }).WithTags("Tracing")
            .Describe("Recall", "Recall a serial or batch",
                "Every unit that contains the serial or batch at any depth of production, where each is now, and the customers who hold one. format=json (default), csv or xlsx.")
            .ProducesFile("text/csv", XlsxMediaType);
    }
}

/// <summary>A recall as a download: one row per unit (CSV and the first sheet of the XLSX), the customers on a second sheet.</summary>
public static class RecallFile
{
    /// <summary>A row of the download, in column order.</summary>
    public sealed record Row(int ProductId, string Sku, string? Serial, string? Batch, decimal Quantity, int Depth, string Status,
        int? WarehouseId, int? CustomerId, string? CustomerName, string? DocumentNumber);

    public sealed record CustomerRow(int CustomerId, string Name, decimal Units);

    public static string Name(Recall.Result recall, string extension) =>
        $"recall-{Safe(recall.Source.Sku)}-{Safe(recall.Source.Serial ?? recall.Source.Batch ?? "")}.{extension}";

    public static byte[] Csv(Recall.Result recall)
    {
        var properties = typeof(Row).GetProperties();
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, null, leaveOpen: true))
        {
            csv.WriteRecord(properties.Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToArray());
            foreach (var row in Rows(recall))
                csv.WriteRecord(properties.Select(p => DocumentLists.Cell(p.GetValue(row))).ToArray());
            csv.Flush();
        }
        return stream.ToArray();
    }

    public static byte[] Xlsx(Recall.Result recall)
    {
        using var stream = new MemoryStream();
        var sheets = new Dictionary<string, object>
        {
            ["Units"] = Rows(recall).Select(r => r with
            {
                Sku = SpreadsheetText.Defuse(r.Sku), Serial = Defuse(r.Serial), Batch = Defuse(r.Batch),
                CustomerName = Defuse(r.CustomerName), DocumentNumber = Defuse(r.DocumentNumber),
            }).ToList(),
            ["Customers"] = recall.Customers.Select(c => new CustomerRow(c.CustomerId, SpreadsheetText.Defuse(c.Name), c.Units.Sum(u => u.Quantity))).ToList(),
        };
        stream.SaveAs(sheets, printHeader: true, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static IEnumerable<Row> Rows(Recall.Result recall) => recall.Units.Select(u =>
        new Row(u.ProductId, u.Sku, u.Serial, u.Batch, u.Quantity, u.Depth, u.Status.ToString(), u.WarehouseId, u.CustomerId, u.CustomerName, u.DocumentNumber));

    private static string? Defuse(string? text) => text is null ? null : SpreadsheetText.Defuse(text);

    private static string Safe(string text) => new(text.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
