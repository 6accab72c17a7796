using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Features.Materials;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Production;

/// <summary>A production job: consume materials (serials picked from the job's warehouse), then complete it with the actual quantity and the output's serials.</summary>
public sealed class ProductionJobDetailsModel(GetProductionJob.Handler job, ListMaterials.Handler materials, MoveMaterials.Handler move,
    CompleteProductionJob.Handler complete, Choices choices, FillFromBillOfMaterials.Handler fill) : StockPageModel
{
    [FromRoute] public int Id { get; set; }
    [BindProperty] public int? WarehouseId { get; set; }
    [BindProperty] public List<StockLineInput> Use { get; set; } = [];
    [BindProperty] public List<StockLineInput> Return { get; set; } = [];
    [BindProperty] public decimal? ActualQuantity { get; set; }
    [BindProperty] public string? OutputSerials { get; set; }
    [BindProperty] public string? OutputBatches { get; set; }
    [BindProperty(SupportsGet = true)] public string? Fill { get; set; }
    /// <summary>Which components went into which output serial (<see cref="GenealogyForm"/>); empty links every part to every unit.</summary>
    [BindProperty] public string? Genealogy { get; set; }

    public string? RefusedForm { get; private set; }
    public ProductionJobDto Job { get; private set; } = null!;
    public TrackingType OutputTracking { get; private set; }
    public MaterialsListDto Materials { get; private set; } = null!;
    public IReadOnlyList<Choices.Option> Warehouses { get; private set; } = [];
    public IReadOnlyList<Choices.ProductOption> Products { get; private set; } = [];
    public JobBillOfMaterialsDto Bill { get; private set; } = null!;
    public string? FillNote { get; private set; }
    public string WarehouseCode => Warehouses.FirstOrDefault(w => w.Id == Job.WarehouseId)?.Text ?? "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Use = [new StockLineInput()];
        Return = [new StockLineInput()];
        await LoadAsync(ct);
        WarehouseId = Job.WarehouseId;
        if (OutputTracking == TrackingType.Serial) Genealogy = GenealogyForm.Prefill(Materials, Job.Quantity);
        if (Fill == "bill-of-materials") FillUseLines();
    }

    /// <summary>The use lines from the output's bill of materials: what the planned quantity still needs of each component.</summary>
    private void FillUseLines()
    {
        var open = Bill.Lines.Where(l => l.Quantity > 0).ToList();
        if (open.Count == 0)
        {
            FillNote = $"Everything the bill of materials of {Job.OutputSku} needs for {FormText.Qty(Job.Quantity)} is already on {Job.Number}.";
            return;
        }
        Use = open.Select(l => new StockLineInput { ProductId = l.ProductId, Quantity = l.Quantity }).ToList();
        FillNote = $"Filled from the bill of materials of {Job.OutputSku} for {FormText.Qty(Job.Quantity)}: {open.Count} line(s). Choose the serials and batches, then Use.";
    }

    [Needs(Permission.Production)]
    public Task<IActionResult> OnPostUseAsync(CancellationToken ct) => MoveAsync("use", Use, returning: false, ct);

    [Needs(Permission.Production)]
    public Task<IActionResult> OnPostReturnAsync(CancellationToken ct) => MoveAsync("return", Return, returning: true, ct);

    [Needs(Permission.Production)]
    public async Task<IActionResult> OnPostCompleteAsync(CancellationToken ct)
    {
        var batches = FormText.Batches(OutputBatches, ActualQuantity, out var error);
        if (error is not null) AddProblem(error);
        if (ActualQuantity is null) AddProblem("Enter the quantity actually produced.");
        var genealogyProblems = new List<string>();
        var outputSerials = SerialList.Expand(FormText.Serials(OutputSerials), ActualQuantity ?? 0).Serials.Select(s => s.Value).ToList();
        var outputs = GenealogyForm.Parse(Genealogy, outputSerials, await materials.HandleAsync(MaterialOwner.ProductionJob, Id, ct), genealogyProblems);
        foreach (var problem in genealogyProblems) AddProblem(problem);
        if (!HasProblems)
        {
            try
            {
                var job = await complete.HandleAsync(Id, new CompleteProductionJob.Request(ActualQuantity!.Value, FormText.Serials(OutputSerials), batches, outputs), ct);
                return Done($"{job.Number} completed: {FormText.Qty(job.ActualQuantity ?? 0)} {job.OutputSku} into stock at {FormText.Money(job.OutputUnitCost ?? 0)} each.", $"/production-jobs/{Id}");
            }
            catch (StockRuleException refused)
            {
                // The output is the request's only line; its problems belong to the completion form as a whole.
                ShowRefusal(refused, _ => null);
            }
        }
        RefusedForm = "complete";
        Use = [new StockLineInput()];
        Return = [new StockLineInput()];
        await LoadAsync(ct);
        return Refused();
    }

    private async Task<IActionResult> MoveAsync(string form, List<StockLineInput> lines, bool returning, CancellationToken ct)
    {
        var (moved, _) = await MaterialsForm.MoveAsync(this, move, MaterialOwner.ProductionJob, Id, WarehouseId, lines, returning, ct);
        if (moved is not null)
            return Done($"{(returning ? "Returned" : "Consumed")} {FormText.Qty(moved.Lines.Sum(l => l.Quantity))} on {moved.Number} ({FormText.Money(moved.TotalCost)}).", $"/production-jobs/{Id}");
        RefusedForm = form;
        if (Use.Count == 0) Use.Add(new StockLineInput());
        if (Return.Count == 0) Return.Add(new StockLineInput());
        await LoadAsync(ct);
        return Refused();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Job = await job.HandleAsync(Id, ct);
        Materials = await materials.HandleAsync(MaterialOwner.ProductionJob, Id, ct);
        Bill = await fill.HandleAsync(Id, ct);
        Warehouses = await choices.WarehousesAsync(ct);
        Products = await choices.ProductsAsync(ct);
        OutputTracking = Products.First(p => p.Id == Job.OutputProductId).TrackingType;
    }
}
