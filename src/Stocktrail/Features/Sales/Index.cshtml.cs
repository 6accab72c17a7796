using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Sales;

public sealed class StockSalesModel(ListStockSales.Handler list, Choices choices) : Shared.DocumentListModel
{
    public ListStockSales.Result Sales { get; private set; } = new([], null);
    public IReadOnlyDictionary<int, string> Warehouses { get; private set; } = new Dictionary<int, string>();
    public override string? PartyLabel => "Customer";
    public override IReadOnlyList<string> Statuses => Enum.GetNames<StockSaleStatus>();
    public override string ApiPath => "/api/stock-sales";

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadChoicesAsync(choices, ct);
        PartyChoices = await choices.CustomersAsync(ct);
        Warehouses = WarehouseChoices.ToDictionary(w => w.Id, w => w.Text);
        Sales = await ReadAsync(() => list.PageAsync(new ListStockSales.Query(StatusAs<StockSaleStatus>(), FilterPartyId, Filter), ct)) ?? Sales;
        Next = Sales.Next;
    }
}

[Needs(Permission.Sales)]
public sealed class NewStockSaleModel(CreateStockSale.Handler create, Choices choices) : StockPageModel
{
    public sealed class LineInput
    {
        public int? ProductId { get; set; }
        public decimal? Quantity { get; set; }
        public decimal? UnitPrice { get; set; }
    }

    [BindProperty] public int? CustomerId { get; set; }
    [BindProperty] public int? WarehouseId { get; set; }
    [BindProperty] public List<LineInput> Lines { get; set; } = [];

    public IReadOnlyList<Choices.Option> Customers { get; private set; } = [];
    public IReadOnlyList<Choices.Option> Warehouses { get; private set; } = [];
    public IReadOnlyList<Choices.ProductOption> Products { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Lines = [new LineInput()];
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var rows = Lines.Select((l, i) => (Line: l, Row: i)).Where(x => x.Line.ProductId is not null).ToList();
        if (CustomerId is null) AddProblem("Choose the customer.");
        if (WarehouseId is null) AddProblem("Choose the warehouse the goods leave from.");
        if (!HasProblems)
        {
            try
            {
                var sale = await create.HandleAsync(new CreateStockSale.Request(CustomerId!.Value, WarehouseId!.Value,
                    rows.Select(x => new CreateStockSale.Line(x.Line.ProductId!.Value, x.Line.Quantity ?? 0, x.Line.UnitPrice ?? 0)).ToList()), ct);
                return Done($"Sale {sale.Number} created.", $"/sales/{sale.Id}");
            }
            catch (StockRuleException refused)
            {
                ShowRefusal(refused, line => line <= rows.Count ? rows[line - 1].Row : null);
            }
        }
        if (Lines.Count == 0) Lines.Add(new LineInput());
        await LoadAsync(ct);
        return Refused();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Customers = await choices.CustomersAsync(ct);
        Warehouses = await choices.WarehousesAsync(ct);
        Products = await choices.ProductsAsync(ct);
    }
}
