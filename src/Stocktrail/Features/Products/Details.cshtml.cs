using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Features.Dashboard;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Products;

public sealed class ProductDetailsModel(GetProduct.Handler products, UpdateProduct.Handler update, ProductStock.Handler stock,
    ProductMovements.Handler movements, ProductSerials.Handler serials, ProductBatches.Handler batches, Choices choices,
    GetBillOfMaterials.Handler billOfMaterials, BusinessTime businessTime, TimeProvider clock) : StockPageModel
{
    [FromRoute] public int Id { get; set; }
    [BindProperty(SupportsGet = true)] public int MovementsPage { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public string? SerialStatus { get; set; } = "InStock";
    [BindProperty(SupportsGet = true)] public string? SerialSearch { get; set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public decimal? CostPrice { get; set; }
    [BindProperty] public decimal? SellPrice { get; set; }
    [BindProperty] public bool IsActive { get; set; }
    [BindProperty] public string? Gtin { get; set; }
    [BindProperty] public string? SerialPattern { get; set; }
    [BindProperty] public int? WarrantyMonths { get; set; }

    public ProductDto Product { get; private set; } = null!;
    public ProductStock.Result Stock { get; private set; } = null!;
    public ProductMovements.Result Movements { get; private set; } = null!;
    public ProductSerials.Result? Serials { get; private set; }
    public ProductBatches.Result? Batches { get; private set; }
    public IReadOnlyDictionary<int, string> Warehouses { get; private set; } = new Dictionary<int, string>();
    public BillOfMaterialsView BillOfMaterials { get; private set; } = null!;

    /// <summary>The business's day, against which the batch list marks expired batches (ExpiryRule, as every screen).</summary>
    public DateOnly Today => businessTime.Today(clock.GetUtcNow().UtcDateTime);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Name = Product.Name;
        CostPrice = Product.CostPrice;
        SellPrice = Product.SellPrice;
        IsActive = Product.IsActive;
        Gtin = Product.Gtin;
        SerialPattern = Product.SerialPattern;
        WarrantyMonths = Product.WarrantyMonths;
        return Page();
    }

    [Needs(Permission.Catalog)]
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var product = await update.HandleAsync(Id, new UpdateProduct.Request(Name, CostPrice, SellPrice, IsActive, null,
                // An emptied field removes the GTIN or pattern; the pattern field is only on a serialized product's form.
                Gtin ?? "", Request.Form.ContainsKey(nameof(SerialPattern)) ? SerialPattern ?? "" : null,
                // An emptied warranty field removes the warranty.
                WarrantyMonths ?? 0), ct);
            return Done($"{product.Sku} saved.", $"/products/{Id}");
        }
        catch (StockRuleException refused)
        {
            ShowRefusal(refused);
            await LoadAsync(ct);
            return Refused();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Product = await products.HandleAsync(Id, ct);
        Stock = await stock.HandleAsync(Id, ct);
        Movements = await movements.HandleAsync(Id, null, Math.Max(1, MovementsPage), 100, ct);
        Warehouses = (await choices.WarehousesAsync(ct)).ToDictionary(w => w.Id, w => w.Text);
        if (Product.TrackingType == TrackingType.Serial)
        {
            var status = SerialStatus is "InStock" or "Out" ? SerialStatus : null;
            Serials = await serials.HandleAsync(Id, status, null, SerialSearch, 1, 500, ct);
        }
        if (Product.TrackingType == TrackingType.Batch) Batches = await batches.HandleAsync(Id, null, ct);
        var bill = await billOfMaterials.HandleAsync(Id, ct);
        BillOfMaterials = new BillOfMaterialsView(Id, bill, BillOfMaterialsView.RowsOf(bill), await choices.ProductsAsync(ct), null, User.May(Permission.Catalog));
    }
}
