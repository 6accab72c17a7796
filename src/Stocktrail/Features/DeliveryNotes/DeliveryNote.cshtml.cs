using Microsoft.AspNetCore.Mvc;
using Stocktrail.Web;

namespace Stocktrail.Features.DeliveryNotes;

/// <summary>The delivery note of one dispatch as a page to print (a read: every signed-in user).</summary>
public sealed class DeliveryNoteModel(GetDeliveryNote.Handler handler) : StockPageModel
{
    [FromRoute] public int Id { get; set; }
    [FromRoute] public int Number { get; set; }

    public GetDeliveryNote.Note Note { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Note = await handler.HandleAsync(Id, Number, ct);
}
