using Stocktrail.Features.Shared;
using Stocktrail.Web;

namespace Stocktrail.Features.Adjustments;

/// <summary>The stock adjustments, newest first, filtered like every document list.</summary>
public sealed class StockAdjustmentsModel(ListStockAdjustments.Handler list, Choices choices) : DocumentListModel
{
    public IReadOnlyList<ListStockAdjustments.Item> Adjustments { get; private set; } = [];
    public IReadOnlyDictionary<int, string> Warehouses { get; private set; } = new Dictionary<int, string>();
    public override string ApiPath => "/api/stock-adjustments";

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadChoicesAsync(choices, ct);
        Warehouses = WarehouseChoices.ToDictionary(w => w.Id, w => w.Text);
        var page = await ReadAsync(() => list.PageAsync(new ListStockAdjustments.Query(Filter), ct));
        Adjustments = page?.Items ?? [];
        Next = page?.Next;
    }
}
