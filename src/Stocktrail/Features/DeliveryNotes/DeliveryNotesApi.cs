using Microsoft.AspNetCore.Http.HttpResults;
using Stocktrail.Web;
using Stocktrail.Features.Labels;
using Stocktrail.Features.Shared;

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
            return format?.ToLowerInvariant() == "json" ? TypedResults.Ok(note) : LabelsApi.Inline(http, DeliveryNotePdf.Render(note, await handler.PaperSerialsAsync(note, ct)));
        }).WithTags("Stock sales").ProducesFile("application/pdf")
            .Describe("GetDeliveryNote", "Get a dispatch's delivery note",
                "The customer, the sale, its lines and every serial and batch that left on that dispatch: a PDF, or JSON with format=json. " +
                $"In JSON a line of more than {LineSerials.Listed:N0} serials lists the first {LineSerials.Listed:N0} (serialCount, serialsUrl, serialsNext); the PDF prints every serial, consecutive ones as first..last.");
        api.MapGet("/stock-sales/{id:int}/dispatches/{number:int}/lines/{lineId:int}/serials", async Task<Ok<LineSerials.Result>> (int id, int number, int lineId,
                string? after, int? pageSize, GetDeliveryNote.Handler notes, LineSerials.Handler handler, CancellationToken ct) =>
            {
                var dispatch = await notes.FindAsync(id, number, ct);
                return TypedResults.Ok(await handler.DispatchLineAsync(id, number, dispatch.At, lineId, after, pageSize, ct));
            }).WithTags("Stock sales")
            .Describe("ListDeliveryNoteLineSerials", "List a delivery note line's serials", LineSerials.Description("that left on the line on this one dispatch (lineId is the sale line's id), as they are now"));
    }
}
