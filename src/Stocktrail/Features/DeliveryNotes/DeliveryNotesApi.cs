using Microsoft.AspNetCore.Http.HttpResults;
using Stocktrail.Web;
using Stocktrail.Features.Labels;

namespace Stocktrail.Features.DeliveryNotes;

/// <summary>A sale's dispatches and each one's delivery note: reads, open to everyone signed in.</summary>
public static class DeliveryNotesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/stock-sales/{id:int}/dispatches", async Task<Ok<IReadOnlyList<GetDeliveryNote.DispatchDto>>> (int id, GetDeliveryNote.Handler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.DispatchesAsync(id, ct)))
            .WithTags("Stock sales").Describe("ListSaleDispatches", "List a sale's dispatches", "Numbered 1, 2, … in the order they happened, read from the ledger.");
        api.MapGet("/stock-sales/{id:int}/dispatches/{number:int}/delivery-note", async Task<Results<Ok<GetDeliveryNote.Note>, FileContentHttpResult>> (int id, int number,
            string? format, GetDeliveryNote.Handler handler, HttpContext http, CancellationToken ct) =>
        {
            var note = await handler.HandleAsync(id, number, ct);
            return format?.ToLowerInvariant() == "json" ? TypedResults.Ok(note) : LabelsApi.Inline(http, DeliveryNotePdf.Render(note));
        }).WithTags("Stock sales").ProducesFile("application/pdf")
            .Describe("GetDeliveryNote", "Get a dispatch's delivery note", "The customer, the sale, its lines and every serial and batch that left on that dispatch: a PDF, or JSON with format=json.");
    }
}
