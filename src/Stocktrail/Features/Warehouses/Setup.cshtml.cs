using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Features.Parties;
using Stocktrail.Web;

namespace Stocktrail.Features.Warehouses;

/// <summary>The lists documents choose from: warehouses, suppliers and customers.</summary>
public sealed class SetupModel(CreateWarehouse.Handler warehouses, CreateParty.Handler parties, Choices choices) : StockPageModel
{
    [BindProperty] public string? WarehouseCode { get; set; }
    [BindProperty] public string? WarehouseName { get; set; }
    [BindProperty] public string? PartyName { get; set; }
    [BindProperty] public string? PartyKind { get; set; }

    public string? RefusedForm { get; private set; }
    public IReadOnlyList<Choices.Option> Warehouses { get; private set; } = [];
    public IReadOnlyList<Choices.Option> Suppliers { get; private set; } = [];
    public IReadOnlyList<Choices.Option> Customers { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostWarehouseAsync(CancellationToken ct)
    {
        try
        {
            var warehouse = await warehouses.HandleAsync(new CreateWarehouse.Request(WarehouseCode, WarehouseName), ct);
            return Done($"Warehouse {warehouse.Code} added.", "/setup");
        }
        catch (StockRuleException refused)
        {
            ShowRefusal(refused);
            RefusedForm = "warehouse";
            await LoadAsync(ct);
            return Refused();
        }
    }

    public async Task<IActionResult> OnPostPartyAsync(CancellationToken ct)
    {
        var isSupplier = PartyKind != "customer";
        try
        {
            var party = await parties.HandleAsync(new CreateParty.Request(PartyName), isSupplier, ct);
            return Done($"{(isSupplier ? "Supplier" : "Customer")} {party.Name} added.", "/setup");
        }
        catch (StockRuleException refused)
        {
            ShowRefusal(refused);
            RefusedForm = PartyKind;
            await LoadAsync(ct);
            return Refused();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Warehouses = await choices.WarehousesAsync(ct);
        Suppliers = await choices.SuppliersAsync(ct);
        Customers = await choices.CustomersAsync(ct);
    }
}
