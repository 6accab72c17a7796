using Stocktrail.Features.Shared;
using Stocktrail.Web;

namespace Stocktrail.Features.Transfers;

/// <summary>The stock transfers, newest first; the warehouse filter finds a transfer by either end.</summary>
public sealed class StockTransfersModel(ListStockTransfers.Handler list, Choices choices) : DocumentListModel
{
    public IReadOnlyList<ListStockTransfers.Item> Transfers { get; private set; } = [];
    public IReadOnlyDictionary<int, string> Warehouses { get; private set; } = new Dictionary<int, string>();
    public override string ApiPath => "/api/stock-transfers";

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadChoicesAsync(choices, ct);
        Warehouses = WarehouseChoices.ToDictionary(w => w.Id, w => w.Text);
        var page = await ReadAsync(() => list.PageAsync(new ListStockTransfers.Query(Filter), ct));
        Transfers = page?.Items ?? [];
        Next = page?.Next;
    }
}
