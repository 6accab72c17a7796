using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Adjustments;

/// <summary>A stock adjustment: In lines take new serials in the popup, Out lines choose serials in stock with the picker.</summary>
[Needs(Permission.StockControl)]
public sealed class NewStockAdjustmentModel(AdjustStock.Handler adjust, Choices choices, BusinessTime time) : StockPageModel
{
    [BindProperty] public int? WarehouseId { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public DateTime? EffectiveDate { get; set; }
    [BindProperty] public List<StockLineInput> Lines { get; set; } = [];

    public IReadOnlyList<Choices.Option> Warehouses { get; private set; } = [];
    public IReadOnlyList<Choices.ProductOption> Products { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Lines = [new StockLineInput()];
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var rows = StockLines.Filled(Lines);
        if (WarehouseId is null) AddProblem("Choose the warehouse.");
        if (rows.Count == 0) AddProblem("Choose a product on at least one line.");
        var lines = rows.Select(x => (AdjustStock.Line?)new AdjustStock.Line(x.Line.ProductId!.Value, x.Line.Direction ?? "In", x.Line.Quantity ?? 0,
            x.Line.Direction == "Out" ? null : x.Line.UnitCost, FormText.Serials(x.Line.Serials),
            StockLines.Batches(x.Line, x.Row, (m, r) => AddProblem(m, r)))).ToList();
        if (!HasProblems)
        {
            try
            {
                // The date typed is a day in the business's calendar: it starts at that day's midnight in its time zone.
                DateTimeOffset? effective = EffectiveDate is { } d ? time.StartOfDay(d) : null;
                var adjustment = await adjust.HandleAsync(new AdjustStock.Request(WarehouseId!.Value, Reason, effective, lines), ct);
                return Done($"Adjustment {adjustment.Number} posted.", $"/adjustments/{adjustment.Id}");
            }
            catch (StockRuleException refused)
            {
                ShowRefusal(refused, line => line <= rows.Count ? rows[line - 1].Row : null);
            }
        }
        if (Lines.Count == 0) Lines.Add(new StockLineInput());
        await LoadAsync(ct);
        return Refused();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Warehouses = await choices.WarehousesAsync(ct);
        Products = (await choices.ProductsAsync(ct)).Where(p => p.TrackingType != TrackingType.NonStock).ToList();
    }
}

public sealed class StockAdjustmentDetailsModel(GetStockAdjustment.Handler get, Choices choices) : StockPageModel
{
    [FromRoute] public int Id { get; set; }
    public StockAdjustmentDto Adjustment { get; private set; } = null!;
    public string WarehouseCode { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Adjustment = await get.HandleAsync(Id, ct);
        WarehouseCode = (await choices.WarehousesAsync(ct)).FirstOrDefault(w => w.Id == Adjustment.WarehouseId)?.Text ?? "";
    }
}
