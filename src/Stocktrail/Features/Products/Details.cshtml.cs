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
    /// <summary>The movements page's start: the <c>next</c> of the page before (none: the newest rows).</summary>
    [BindProperty(SupportsGet = true)] public string? MovementsAfter { get; set; }
    /// <summary>A numbered movements page, as the page's addresses before paging by key had it (still followed).</summary>
    [BindProperty(SupportsGet = true)] public int? MovementsPage { get; set; }
    /// <summary>The movements page's end, for a step back: the <c>prev</c> of the page after.</summary>
    [BindProperty(SupportsGet = true)] public string? MovementsBefore { get; set; }
    /// <summary>The serial list's start: the <c>next</c> of the page before (none: the first serials).</summary>
    [BindProperty(SupportsGet = true)] public string? SerialsAfter { get; set; }
    /// <summary>The serial list's end, for a step back: the <c>prev</c> of the page after.</summary>
    [BindProperty(SupportsGet = true)] public string? SerialsBefore { get; set; }
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
    public const int MovementsPageSize = 100;
    public const int SerialsPageSize = 100;

    public ProductMovements.Result Movements { get; private set; } = new([], null);
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
        // One page of each list, by key: no count of the product's units or rows, whatever their number.
        Movements = await ReadListAsync(() => movements.HandleAsync(Id, null, MovementsAfter, MovementsAfter is null && MovementsBefore is null ? MovementsPage : null, MovementsPageSize, ct, MovementsBefore)) ?? Movements;
        Warehouses = (await choices.WarehousesAsync(ct)).ToDictionary(w => w.Id, w => w.Text);
        if (Product.TrackingType == TrackingType.Serial)
        {
            var status = SerialStatus is "InStock" or "Out" ? SerialStatus : null;
            Serials = await ReadListAsync(() => serials.HandleAsync(Id, status, null, SerialSearch, SerialsAfter, null, SerialsPageSize, ct, SerialsBefore)) ?? new([], null);
        }
        if (Product.TrackingType == TrackingType.Batch) Batches = await batches.HandleAsync(Id, null, ct);
        var bill = await billOfMaterials.HandleAsync(Id, ct);
        // Shown here as it is; edited on its own page, whose every line offers every product (thousands of options
        // each), so that the product page stays light for everyone (docs/web.md).
        BillOfMaterials = new BillOfMaterialsView(Id, bill, [], [], null, MayEdit: false, EditorLink: User.May(Permission.Catalog));
    }

    /// <summary>Why a list could not be read as asked (a bad page key in the address), shown above it.</summary>
    public List<Problem> ListProblems { get; } = [];

    private async Task<T?> ReadListAsync<T>(Func<Task<T>> read) where T : class
    {
        try
        {
            return await read();
        }
        catch (StockRuleException refused) when (refused.Problems.All(p => p.Kind == ProblemKind.Invalid))
        {
            ListProblems.AddRange(refused.Problems);
            return null;
        }
    }

    /// <summary>This page's address with the list keys changed, the other filters kept, at the list's own heading.</summary>
    public string ListLink(string anchor, params (string Key, string? Value)[] changes)
    {
        var query = Request.Query.Where(q => changes.All(c => !c.Key.Equals(q.Key, StringComparison.OrdinalIgnoreCase)))
            .Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString()))
            .Concat(changes.Select(c => new KeyValuePair<string, string?>(c.Key, c.Value)))
            .Where(q => !string.IsNullOrEmpty(q.Value));
        return $"/products/{Id}{QueryString.Create(query)}#{anchor}";
    }
}
