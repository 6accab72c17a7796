using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Web;

namespace Stocktrail.Features.Tracing;

/// <summary>The recall of one serial or batch: everything built from it, where each is now, and the customers to call.</summary>
public sealed class RecallPageModel(Recall.Handler recall, Choices choices) : StockPageModel
{
    [BindProperty(SupportsGet = true)] public int? ProductId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Serial { get; set; }
    [BindProperty(SupportsGet = true)] public string? Batch { get; set; }

    public Recall.Result? Found { get; private set; }
    public IReadOnlyList<Choices.ProductOption> Products { get; private set; } = [];
    public IReadOnlyDictionary<int, string> Warehouses { get; private set; } = new Dictionary<int, string>();

    public string DownloadUrl(string format) =>
        $"/api/recall?productId={ProductId}&{(Found!.Source.Serial is { } s ? $"serial={Uri.EscapeDataString(s)}" : $"batch={Uri.EscapeDataString(Found.Source.Batch!)}")}&format={format}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Products = (await choices.ProductsAsync(ct)).Where(p => p.TrackingType != TrackingType.Fifo).ToList();
        Warehouses = (await choices.WarehousesAsync(ct)).ToDictionary(w => w.Id, w => w.Text);
        if (ProductId is null && Serial is null && Batch is null) return Page();
        try
        {
            Found = await recall.HandleAsync(ProductId, Serial, Batch, ct);
            return Page();
        }
        catch (StockRuleException refused)
        {
            ShowRefusal(refused);
            return Refused();
        }
    }
}
