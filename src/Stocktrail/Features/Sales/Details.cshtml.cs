using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Sales;

/// <summary>
/// A stock sale: dispatch in parts (serials chosen with the picker from the sale's warehouse), Complete in one step
/// where no line needs its units chosen (the button says why not otherwise), and customer returns.
/// </summary>
public sealed class StockSaleDetailsModel(GetStockSale.Handler get, DispatchStockSale.Handler dispatch, CompleteStockSale.Handler complete,
    ReturnStockSale.Handler returns, Choices choices, Dashboard.ProductBatches.Handler batches,
    Dashboard.SerialWarranties.Handler warranties) : StockPageModel
{
    public sealed class MoveInput
    {
        public int LineId { get; set; }
        public decimal? Quantity { get; set; }
        public string? Serials { get; set; }
        /// <summary>Serials as a list (a multi-select, an older form): taken as the lines of <see cref="Serials"/>.</summary>
        public List<string>? SerialList { get; set; }
        public string? Batches { get; set; }
        /// <summary>The batch picker's choice on a dispatch: "Fefo" (the default) or "Named" (the batches typed).</summary>
        public string? Pick { get; set; }
    }

    /// <summary>The batches in stock in the sale's warehouse, per batch product of the sale, as the batch picker lists them.</summary>
    public Dictionary<int, IReadOnlyList<Dashboard.ProductBatches.Item>> InStock { get; } = [];

    [FromRoute] public int Id { get; set; }
    [BindProperty] public List<MoveInput> Dispatch { get; set; } = [];
    [BindProperty] public List<MoveInput> Return { get; set; } = [];

    public string? RefusedForm { get; private set; }
    public StockSaleDto Sale { get; private set; } = null!;
    public string WarehouseCode { get; private set; } = "";

    /// <summary>Why Complete cannot be used: the lines whose serials or batches a person must choose.</summary>
    public IReadOnlyList<string> WhyNotComplete { get; private set; } = [];

    public MoveInput InputFor(List<MoveInput> inputs, StockSaleLineDto line) => inputs.FirstOrDefault(i => i.LineId == line.Id) ?? new MoveInput { LineId = line.Id };

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    [Needs(Permission.Dispatch)]
    public Task<IActionResult> OnPostDispatchAsync(CancellationToken ct) =>
        MoveAsync("dispatch", Dispatch, (lines, c) => dispatch.HandleAsync(Id, new DispatchStockSale.Request(lines), c), "Dispatched", ct);

    [Needs(Permission.Dispatch)]
    public Task<IActionResult> OnPostReturnAsync(CancellationToken ct) =>
        MoveAsync("return", Return, (lines, c) => returns.HandleAsync(Id, new ReturnStockSale.Request(lines), c), "Returned", ct);

    [Needs(Permission.Sales)]
    public async Task<IActionResult> OnPostCompleteAsync(CancellationToken ct)
    {
        try
        {
            var sale = await complete.HandleAsync(Id, ct);
            return Done($"{sale.Number} completed.", $"/sales/{Id}");
        }
        catch (StockRuleException refused)
        {
            ShowRefusal(refused, _ => null);
            RefusedForm = "complete";
            await LoadAsync(ct);
            return Refused();
        }
    }

    private async Task<IActionResult> MoveAsync(string form, List<MoveInput> inputs,
        Func<List<SaleMoveLine>, CancellationToken, Task<StockSaleMovedDto>> command, string verb, CancellationToken ct)
    {
        // A line left without a quantity takes as many as the serials chosen on it (the picker shows the count).
        foreach (var input in inputs)
        {
            if (input.SerialList is { Count: > 0 } chosen && string.IsNullOrWhiteSpace(input.Serials)) input.Serials = string.Join("\n", chosen);
            input.Quantity = FormText.QuantityOrSerials(input.Quantity, input.Serials);
        }
        var rows = inputs.Select((r, i) => (Input: r, Row: i)).Where(x => x.Input.Quantity is not null and not 0).ToList();
        if (rows.Count == 0) AddProblem("Enter a quantity or choose the serials on at least one line.");
        var lines = new List<SaleMoveLine>();
        foreach (var (input, row) in rows)
        {
            if (input.Pick == BatchPickerView.PickFefo && string.IsNullOrWhiteSpace(input.Batches))
            {
                lines.Add(new SaleMoveLine(input.LineId, input.Quantity!.Value, null, null, BatchPick.Fefo));
                continue;
            }
            var batches = FormText.Batches(input.Batches, input.Quantity, out var error);
            if (error is not null) AddProblem(error, row);
            lines.Add(new SaleMoveLine(input.LineId, input.Quantity!.Value, FormText.Serials(input.Serials), batches));
        }
        if (!HasProblems)
        {
            try
            {
                var moved = await command(lines, ct);
                return Done($"{verb} {FormText.Qty(moved.Lines.Sum(l => l.Quantity))} on {moved.Number}.", $"/sales/{Id}");
            }
            catch (StockRuleException refused)
            {
                ShowRefusal(refused, line => line <= rows.Count ? rows[line - 1].Row : null);
            }
        }
        RefusedForm = form;
        await LoadAsync(ct);
        return Refused();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Sale = await get.HandleAsync(Id, ct);
        WhyNotComplete = CompleteStockSale.Blockers(Sale.Lines.Select(l => new CompleteStockSale.LineState(l.LineNumber, l.Sku, l.TrackingType, l.OpenQuantity)))
            .Select(b => char.ToUpperInvariant(b.Why[0]) + b.Why[1..]).ToList();
        WarehouseCode = (await choices.WarehousesAsync(ct)).FirstOrDefault(w => w.Id == Sale.WarehouseId)?.Text ?? "";
        foreach (var productId in Sale.Lines.Where(l => l.TrackingType == TrackingType.Batch && l.OpenQuantity > 0).Select(l => l.ProductId).Distinct())
            InStock[productId] = (await batches.HandleAsync(productId, Sale.WarehouseId, ct)).Items;
        foreach (var line in Sale.Lines.Where(l => l.TrackingType == TrackingType.Serial && l.Serials.Count > 0))
            Warranties[line.Id] = await warranties.HandleAsync(line.ProductId, line.Serials, ct);
    }

    /// <summary>Per serialized line, the warranty of each serial the return offers (only those that have one).</summary>
    public Dictionary<int, IReadOnlyDictionary<string, Dashboard.SerialWarranties.Item>> Warranties { get; } = [];
}
