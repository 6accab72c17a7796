using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.StockTakes;

public sealed class StockTakesModel(ListStockTakes.Handler list, StartStockTake.Handler start, Choices choices) : Shared.DocumentListModel
{
    [BindProperty] public int? WarehouseId { get; set; }
    public IReadOnlyList<ListStockTakes.Item> Takes { get; private set; } = [];
    public override IReadOnlyList<string> Statuses => Enum.GetNames<StockTakeStatus>();
    public override string ApiPath => "/api/stock-takes";
    public IReadOnlyList<Choices.Option> Warehouses { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    [Needs(Permission.StockControl)]
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (WarehouseId is null) AddProblem("Choose the warehouse to count.");
        else
        {
            try
            {
                var take = await start.HandleAsync(new StartStockTake.Request(WarehouseId.Value), ct);
                return Done($"Stock take {take.Number} started: download its count sheet.", $"/stock-takes/{take.Id}");
            }
            catch (StockRuleException refused)
            {
                ShowRefusal(refused);
            }
        }
        await LoadAsync(ct);
        return Refused();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await LoadChoicesAsync(choices, ct);
        Warehouses = WarehouseChoices;
        var page = await ReadAsync(() => list.PageAsync(new ListStockTakes.Query(StatusAs<StockTakeStatus>(), Filter), ct));
        Takes = page?.Items ?? [];
        Next = page?.Next;
    }
}

/// <summary>A stock take: download the sheet, upload it counted, see every row's problem or the variances, complete.</summary>
public sealed class StockTakeDetailsModel(GetStockTake.Handler get, ImportCountSheet.Handler import, CompleteStockTake.Handler complete) : StockPageModel
{
    [FromRoute] public int Id { get; set; }
    [BindProperty] public IFormFile? Sheet { get; set; }

    public StockTakeDto Take { get; private set; } = null!;
    public ImportResultDto? Imported { get; private set; }
    public string? ImportNotice { get; private set; }

    /// <summary>Problems that name a row of the sheet, in row order, for the table of row errors.</summary>
    public IEnumerable<Problem> RowErrors => Problems.Select(p => p.Problem).Where(p => p.Row is not null).OrderBy(p => p.Row);

    public async Task OnGetAsync(CancellationToken ct) => Take = await get.HandleAsync(Id, ct);

    [Needs(Permission.StockControl)]
    public async Task<IActionResult> OnPostUploadAsync(CancellationToken ct)
    {
        if (Sheet is null || Sheet.Length == 0) AddProblem("Choose the counted sheet (CSV or XLSX) to upload.");
        else
        {
            try
            {
                // The import reads with seeking (an XLSX is a zip); the upload is buffered to a seekable copy.
                await using var copy = new MemoryStream();
                await Sheet.CopyToAsync(copy, ct);
                copy.Position = 0;
                Imported = await import.HandleAsync(Id, copy, null, ct);
                ImportNotice = $"Sheet imported: {Imported.CountedRows} of {Imported.Rows} rows counted, {Imported.Variances.Count} variance(s).";
            }
            catch (StockRuleException refused)
            {
                ShowRefusal(refused, _ => null);
            }
        }
        Take = await get.HandleAsync(Id, ct);
        return HasProblems ? Refused() : Page();
    }

    [Needs(Permission.StockControl)]
    public async Task<IActionResult> OnPostCompleteAsync(CancellationToken ct)
    {
        try
        {
            var take = await complete.HandleAsync(Id, ct);
            return Done($"{take.Number} completed: its variances are posted.", $"/stock-takes/{Id}");
        }
        catch (StockRuleException refused)
        {
            ShowRefusal(refused, _ => null);
            Take = await get.HandleAsync(Id, ct);
            return Refused();
        }
    }
}
