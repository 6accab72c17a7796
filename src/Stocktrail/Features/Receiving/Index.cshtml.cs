using Stocktrail.Domain;
using Stocktrail.Features.Shared;
using Stocktrail.Web;

namespace Stocktrail.Features.Receiving;

public sealed class PurchaseOrdersModel(ListPurchaseOrders.Handler list, Choices choices) : DocumentListModel
{
    public ListPurchaseOrders.Result Orders { get; private set; } = new([], null);
    public IReadOnlyDictionary<int, string> Warehouses { get; private set; } = new Dictionary<int, string>();
    public override string? PartyLabel => "Supplier";
    public override IReadOnlyList<string> Statuses => Enum.GetNames<PurchaseOrderStatus>();
    public override string ApiPath => "/api/purchase-orders";

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadChoicesAsync(choices, ct);
        PartyChoices = await choices.SuppliersAsync(ct);
        Warehouses = WarehouseChoices.ToDictionary(w => w.Id, w => w.Text);
        Orders = await ReadAsync(() => list.PageAsync(new ListPurchaseOrders.Query(StatusAs<PurchaseOrderStatus>(), FilterPartyId, Filter), ct)) ?? Orders;
        Next = Orders.Next;
    }
}
