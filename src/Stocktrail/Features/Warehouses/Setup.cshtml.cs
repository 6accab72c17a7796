using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Features.Parties;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Warehouses;

/// <summary>
/// The lists documents choose from: warehouses, suppliers and customers, each added by the roles that may; and, for an
/// Administrator, the way to users, API keys and the audit log.
/// </summary>
public sealed class SetupModel(CreateWarehouse.Handler warehouses, CreateParty.Handler parties, Choices choices) : StockPageModel
{
    [BindProperty] public string? WarehouseCode { get; set; }
    [BindProperty] public string? WarehouseName { get; set; }
    [BindProperty] public string? PartyName { get; set; }

    public string? RefusedForm { get; private set; }
    public IReadOnlyList<Choices.Option> Warehouses { get; private set; } = [];
    public IReadOnlyList<Choices.Option> Suppliers { get; private set; } = [];
    public IReadOnlyList<Choices.Option> Customers { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    [Needs(Permission.Administration)]
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

    [Needs(Permission.Catalog)]
    public Task<IActionResult> OnPostSupplierAsync(CancellationToken ct) => AddPartyAsync("supplier", ct);

    [Needs(Permission.Customers)]
    public Task<IActionResult> OnPostCustomerAsync(CancellationToken ct) => AddPartyAsync("customer", ct);

    // Suppliers and customers are one form each: they are different rows of the role table.
    private async Task<IActionResult> AddPartyAsync(string kind, CancellationToken ct)
    {
        var isSupplier = kind == "supplier";
        try
        {
            var party = await parties.HandleAsync(new CreateParty.Request(PartyName), isSupplier, ct);
            return Done($"{(isSupplier ? "Supplier" : "Customer")} {party.Name} added.", "/setup");
        }
        catch (StockRuleException refused)
        {
            ShowRefusal(refused);
            RefusedForm = kind;
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
