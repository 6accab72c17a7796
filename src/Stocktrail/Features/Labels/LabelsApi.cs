using Microsoft.AspNetCore.Http.HttpResults;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Labels;

/// <summary>Labels and scans are reads, open to everyone signed in; proposing serials is part of receiving.</summary>
public static class LabelsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/labels", async Task<FileContentHttpResult> (int? productId, string? serials, string? batch, string? format, string? symbology,
            string? layout, string? size, int? copies, GetLabels.Handler handler, HttpContext http, CancellationToken ct) =>
            Inline(http, await handler.HandleAsync(productId, serials, batch, new GetLabels.Options(format, symbology, layout, size, copies), ct)))
            .WithTags("Labels").ProducesFile(LabelMediaTypes)
            .Describe("GetLabels", "Print labels", "One label per serial or batch of a product: format=pdf|png|svg, symbology=code128|qr|datamatrix|gs1-128|gs1-datamatrix, layout=sheet|roll.");
        api.MapGet("/purchase-orders/{id:int}/receipts/{receiptId:int}/labels", async Task<FileContentHttpResult> (int id, int receiptId, string? format,
            string? symbology, string? layout, string? size, int? copies, GetReceiptLabels.Handler handler, HttpContext http, CancellationToken ct) =>
            Inline(http, await handler.HandleAsync(id, receiptId, new GetLabels.Options(format, symbology, layout, size, copies), ct)))
            .WithTags("Labels").ProducesFile(LabelMediaTypes)
            .Describe("GetReceiptLabels", "Print a receipt's labels", "A label for every unit one receipt brought in; the same options as GetLabels.");
        api.MapPost("/scans", async Task<Ok<ReadScan.Response>> (ReadScan.Request request, ReadScan.Handler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(request, ct)))
            .WithTags("Labels").Describe("ReadScan", "Read a scanned code", "A GS1 element string (with parentheses, FNC1/GS separators or neither) or a plain serial or SKU, read into its parts. Changes nothing.")
            .WithRequestExample("""{"code": "(01)09506000134352(21)SN-0001"}""");
        api.MapPost("/products/{id:int}/serial-numbers", async Task<Ok<ProposeSerialNumbers.Response>> (int id, ProposeSerialNumbers.Request request,
                ProposeSerialNumbers.Handler handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(id, request, ct)))
            .WithTags("Labels").Requires(Permission.Receiving)
            .Describe("ProposeSerialNumbers", "Propose the next serial numbers", "The next count serials of the product's serialPattern that it never had; two callers never get the same ones.")
            .WithRequestExample("""{"count": 10}""");
    }

    private static readonly string[] LabelMediaTypes = ["application/pdf", "image/png", "image/svg+xml"];

    /// <summary>Shown in the browser (to print from there) rather than saved, under a name that says what it is.</summary>
    internal static FileContentHttpResult Inline(HttpContext http, LabelFile file)
    {
        http.Response.Headers.ContentDisposition = $"inline; filename=\"{file.FileName}\"";
        return TypedResults.File(file.Content, file.ContentType);
    }
}
