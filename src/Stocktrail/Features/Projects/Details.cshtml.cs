using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Features.Materials;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Projects;

/// <summary>A project's materials tab: what is on it (each serial used), using more from a warehouse, returning some.</summary>
public sealed class ProjectDetailsModel(GetProject.Handler project, ListMaterials.Handler materials, MoveMaterials.Handler move, Choices choices) : StockPageModel
{
    [FromRoute] public int Id { get; set; }
    [BindProperty] public int? WarehouseId { get; set; }
    [BindProperty] public List<StockLineInput> Use { get; set; } = [];
    [BindProperty] public List<StockLineInput> Return { get; set; } = [];

    public string? RefusedForm { get; private set; }
    public ProjectDto Project { get; private set; } = null!;
    public MaterialsListDto Materials { get; private set; } = null!;
    public IReadOnlyList<Choices.Option> Warehouses { get; private set; } = [];
    public IReadOnlyList<Choices.ProductOption> Products { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Use = [new StockLineInput()];
        Return = [new StockLineInput()];
        await LoadAsync(ct);
    }

    [Needs(Permission.Production)]
    public Task<IActionResult> OnPostUseAsync(CancellationToken ct) => MoveAsync("use", Use, returning: false, ct);

    [Needs(Permission.Production)]
    public Task<IActionResult> OnPostReturnAsync(CancellationToken ct) => MoveAsync("return", Return, returning: true, ct);

    private async Task<IActionResult> MoveAsync(string form, List<StockLineInput> lines, bool returning, CancellationToken ct)
    {
        var (moved, rowOf) = await MaterialsForm.MoveAsync(this, move, MaterialOwner.Project, Id, WarehouseId, lines, returning, ct);
        if (moved is not null)
            return Done($"{(returning ? "Returned" : "Used")} {FormText.Qty(moved.Lines.Sum(l => l.Quantity))} on {moved.Number} ({FormText.Money(moved.TotalCost)}).", $"/projects/{Id}");
        RefusedForm = form;
        if (Use.Count == 0) Use.Add(new StockLineInput());
        if (Return.Count == 0) Return.Add(new StockLineInput());
        await LoadAsync(ct);
        return Refused();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Project = await project.HandleAsync(Id, ct);
        Materials = await materials.HandleAsync(MaterialOwner.Project, Id, ct);
        Warehouses = await choices.WarehousesAsync(ct);
        Products = await choices.ProductsAsync(ct);
    }
}
