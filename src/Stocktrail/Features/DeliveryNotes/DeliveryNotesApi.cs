using Stocktrail.Features.Labels;

namespace Stocktrail.Features.DeliveryNotes;

/// <summary>A sale's dispatches and each one's delivery note: reads, open to everyone signed in.</summary>
public static class DeliveryNotesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/stock-sales/{id:int}/dispatches", (int id, GetDeliveryNote.Handler handler, CancellationToken ct) =>
            handler.DispatchesAsync(id, ct)).WithTags("Sales");
        api.MapGet("/stock-sales/{id:int}/dispatches/{number:int}/delivery-note", async (int id, int number, string? format,
            GetDeliveryNote.Handler handler, HttpContext http, CancellationToken ct) =>
        {
            var note = await handler.HandleAsync(id, number, ct);
            return format?.ToLowerInvariant() == "json" ? Results.Ok(note) : LabelsApi.Inline(http, DeliveryNotePdf.Render(note));
        }).WithTags("Sales");
    }
}
