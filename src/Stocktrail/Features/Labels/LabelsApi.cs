using Stocktrail.Domain;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.Labels;

/// <summary>Labels and scans are reads, open to everyone signed in; proposing serials is part of receiving.</summary>
public static class LabelsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/labels", async (int? productId, string? serials, string? batch, string? format, string? symbology, string? layout,
            string? size, int? copies, GetLabels.Handler handler, HttpContext http, CancellationToken ct) =>
            Inline(http, await handler.HandleAsync(productId, serials, batch, new GetLabels.Options(format, symbology, layout, size, copies), ct)))
            .WithTags("Labels");
        api.MapGet("/purchase-orders/{id:int}/receipts/{receiptId:int}/labels", async (int id, int receiptId, string? format, string? symbology,
            string? layout, string? size, int? copies, GetReceiptLabels.Handler handler, HttpContext http, CancellationToken ct) =>
            Inline(http, await handler.HandleAsync(id, receiptId, new GetLabels.Options(format, symbology, layout, size, copies), ct)))
            .WithTags("Labels");
        api.MapPost("/scans", (ReadScan.Request request, ReadScan.Handler handler, CancellationToken ct) => handler.HandleAsync(request, ct))
            .WithTags("Labels");
        api.MapPost("/products/{id:int}/serial-numbers", (int id, ProposeSerialNumbers.Request request, ProposeSerialNumbers.Handler handler,
            CancellationToken ct) => handler.HandleAsync(id, request, ct))
            .WithTags("Labels").Requires(Permission.Receiving);
    }

    /// <summary>Shown in the browser (to print from there) rather than saved, under a name that says what it is.</summary>
    internal static IResult Inline(HttpContext http, LabelFile file)
    {
        http.Response.Headers.ContentDisposition = $"inline; filename=\"{file.FileName}\"";
        return TypedResults.File(file.Content, file.ContentType);
    }
}
