using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Receiving;

[Needs(Permission.PurchaseOrders)]
public sealed class NewPurchaseOrderModel(CreatePurchaseOrder.Handler create, Choices choices) : StockPageModel
{
    public sealed class LineInput
    {
        public int? ProductId { get; set; }
        public decimal? Quantity { get; set; }
        public decimal? UnitCost { get; set; }
    }

    [BindProperty] public int? SupplierId { get; set; }
    [BindProperty] public int? WarehouseId { get; set; }
    [BindProperty] public string? Number { get; set; }
    [BindProperty] public List<LineInput> Lines { get; set; } = [];

    public IReadOnlyList<Choices.Option> Suppliers { get; private set; } = [];
    public IReadOnlyList<Choices.Option> Warehouses { get; private set; } = [];
    public IReadOnlyList<Choices.ProductOption> Products { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Lines = [new LineInput()];
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Rows left without a product are blank rows, not lines; problems are numbered by the lines sent.
        var rows = Lines.Select((l, i) => (Line: l, Row: i)).Where(x => x.Line.ProductId is not null).ToList();
        if (SupplierId is null) AddProblem("Choose the supplier.");
        // A unit cost left blank is the product's cost price (the page fills it in as the product is chosen).
        Products = await choices.ProductsAsync(ct);
        decimal CostOf(int productId) => Products.FirstOrDefault(p => p.Id == productId)?.CostPrice ?? 0;
        if (WarehouseId is null) AddProblem("Choose the warehouse the goods will arrive in.");
        if (!HasProblems)
        {
            try
            {
                var order = await create.HandleAsync(new CreatePurchaseOrder.Request(SupplierId!.Value, WarehouseId!.Value,
                    string.IsNullOrWhiteSpace(Number) ? null : Number,
                    rows.Select(x => new CreatePurchaseOrder.Line(x.Line.ProductId!.Value, x.Line.Quantity ?? 0, x.Line.UnitCost ?? CostOf(x.Line.ProductId!.Value))).ToList()), ct);
                return Done($"{order.Number} created as a Draft.", $"/purchase-orders/{order.Id}");
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
        Suppliers = await choices.SuppliersAsync(ct);
        Warehouses = await choices.WarehousesAsync(ct);
        Products = await choices.ProductsAsync(ct);
    }
}
