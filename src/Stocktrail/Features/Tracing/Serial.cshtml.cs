using Microsoft.AspNetCore.Mvc;
using Stocktrail.Features.Dashboard;
using Stocktrail.Web;

namespace Stocktrail.Features.Tracing;

/// <summary>One unit: where it is, its whole history, what it was built from and what it was built into.</summary>
public sealed class SerialPageModel(SerialDetail.Handler detail, TraceSerial.Handler trace, Choices choices) : StockPageModel
{
    [FromRoute] public int ProductId { get; set; }
    [FromRoute] public string Serial { get; set; } = "";

    public SerialDetail.Result Unit { get; private set; } = null!;
    public TraceSerial.Node BuiltFrom { get; private set; } = null!;
    public TraceSerial.Node BuiltInto { get; private set; } = null!;
    public IReadOnlyDictionary<int, string> Warehouses { get; private set; } = new Dictionary<int, string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Serial = RawRoute.Segment(HttpContext, 0, Serial);
        Unit = await detail.HandleAsync(ProductId, Serial, ct);
        BuiltFrom = (await trace.HandleAsync(ProductId, Serial, "down", ct)).Root;
        BuiltInto = (await trace.HandleAsync(ProductId, Serial, "up", ct)).Root;
        Warehouses = (await choices.WarehousesAsync(ct)).ToDictionary(w => w.Id, w => w.Text);
    }
}

/// <summary>
/// The serial search: every unit whose serial starts with the text, or was corrected from a text starting with it. A
/// scanned serial that one unit has exactly goes straight to that unit's page.
/// </summary>
public sealed class FindSerialModel(SerialSearch.Handler search) : StockPageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public SerialSearch.Result? Found { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Q)) return Page();
        Found = await search.HandleAsync(Q, ct);
        var exact = Found.Items.Where(i => i.Exact && i.FormerSerial is null).ToList();
        if (exact.Count == 1) return Redirect(FormText.SerialUrl(exact[0].ProductId, exact[0].Serial));
        return Found.Items.Count == 1 ? Redirect(FormText.SerialUrl(Found.Items[0].ProductId, Found.Items[0].Serial)) : Page();
    }
}
