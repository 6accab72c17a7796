using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Products;

[Needs(Permission.Catalog)]
public sealed class NewProductModel(CreateProduct.Handler create) : StockPageModel
{
    [BindProperty] public string? Sku { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? TrackingType { get; set; } = nameof(Domain.TrackingType.Fifo);
    [BindProperty] public decimal? CostPrice { get; set; }
    [BindProperty] public decimal? SellPrice { get; set; }
    [BindProperty] public string? Gtin { get; set; }
    [BindProperty] public string? SerialPattern { get; set; }
    [BindProperty] public int? WarrantyMonths { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var product = await create.HandleAsync(new CreateProduct.Request(Sku, Name, TrackingType, CostPrice, SellPrice, Gtin, SerialPattern, WarrantyMonths), ct);
            return Done($"Product {product.Sku} created.", $"/products/{product.Id}");
        }
        catch (StockRuleException refused)
        {
            ShowRefusal(refused);
            return Refused();
        }
    }
}
