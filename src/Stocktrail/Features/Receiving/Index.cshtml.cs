using Stocktrail.Web;

namespace Stocktrail.Features.Receiving;

public sealed class PurchaseOrdersModel(ListPurchaseOrders.Handler list, Choices choices) : StockPageModel
{
    public ListPurchaseOrders.Result Orders { get; private set; } = new([]);
    public IReadOnlyDictionary<int, string> Suppliers { get; private set; } = new Dictionary<int, string>();
    public IReadOnlyDictionary<int, string> Warehouses { get; private set; } = new Dictionary<int, string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Orders = await list.HandleAsync(ct);
        Suppliers = (await choices.SuppliersAsync(ct)).ToDictionary(s => s.Id, s => s.Text);
        Warehouses = (await choices.WarehousesAsync(ct)).ToDictionary(w => w.Id, w => w.Text);
    }
}
