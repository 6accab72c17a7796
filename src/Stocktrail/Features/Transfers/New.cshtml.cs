using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Transfers;

/// <summary>A transfer between warehouses; serials are chosen with the picker from those in stock in the source.</summary>
[Needs(Permission.StockControl)]
public sealed class NewStockTransferModel(TransferStock.Handler transfer, Choices choices) : StockPageModel
{
    [BindProperty] public int? FromWarehouseId { get; set; }
    [BindProperty] public int? ToWarehouseId { get; set; }
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
        if (FromWarehouseId is null || ToWarehouseId is null) AddProblem("Choose both warehouses.");
        if (rows.Count == 0) AddProblem("Choose a product on at least one line.");
        var fefo = await StockLines.FefoWhenBlankAsync(choices, ct);
        var lines = rows.Select(x => (TransferStock.Line?)new TransferStock.Line(x.Line.ProductId!.Value, x.Line.Quantity ?? 0,
            FormText.Serials(x.Line.Serials), StockLines.Batches(x.Line, x.Row, (m, r) => AddProblem(m, r)), fefo(x.Line))).ToList();
        if (!HasProblems)
        {
            try
            {
                var moved = await transfer.HandleAsync(new TransferStock.Request(FromWarehouseId!.Value, ToWarehouseId!.Value, lines), ct);
                return Done($"Transfer {moved.Number} done.", $"/transfers/{moved.Id}");
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

public sealed class StockTransferDetailsModel(GetStockTransfer.Handler get, Choices choices) : StockPageModel
{
    [FromRoute] public int Id { get; set; }
    public StockTransferDto Transfer { get; private set; } = null!;
    public IReadOnlyDictionary<int, string> Warehouses { get; private set; } = new Dictionary<int, string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Transfer = await get.HandleAsync(Id, ct);
        Warehouses = (await choices.WarehousesAsync(ct)).ToDictionary(w => w.Id, w => w.Text);
    }
}
