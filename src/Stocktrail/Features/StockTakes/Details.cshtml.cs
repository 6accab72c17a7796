using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.StockTakes;

/// <summary>
/// A stock take: download the sheet (or mark it "count from now"), upload it counted, see every row's problem or the
/// variances, complete. A second upload replaces the first only when the user says so (the Replace box, ticked by the
/// page's question), and the notice says what it replaced.
/// </summary>
public sealed class StockTakeDetailsModel(GetStockTake.Handler get, ImportCountSheet.Handler import, CompleteStockTake.Handler complete,
    BusinessTime time) : StockPageModel
{
    [FromRoute] public int Id { get; set; }
    [BindProperty] public IFormFile? Sheet { get; set; }

    /// <summary>Ticked: the sheet replaces the one imported before (its variances go).</summary>
    [BindProperty] public bool Replace { get; set; }

    public StockTakeDto Take { get; private set; } = null!;
    public ImportResultDto? Imported { get; private set; }
    public string? ImportNotice { get; private set; }

    /// <summary>Problems that name a row of the sheet, in row order, for the table of row errors.</summary>
    public IEnumerable<Problem> RowErrors => Problems.Select(p => p.Problem).Where(p => p.Row is not null).OrderBy(p => p.Row);

    /// <summary>What a new upload would replace, in words; null while no sheet is imported.</summary>
    public string? WouldReplace => Take.ImportedAt is { } at
        ? $"the sheet imported {time.When(at)} ({Take.Variances.Count} variance{(Take.Variances.Count == 1 ? "" : "s")})"
        : null;

    public async Task OnGetAsync(CancellationToken ct) => Take = await get.HandleAsync(Id, ct);

    [Needs(Permission.StockControl)]
    public async Task<IActionResult> OnPostUploadAsync(CancellationToken ct)
    {
        Take = await get.HandleAsync(Id, ct);
        var replaced = WouldReplace;
        if (Sheet is null || Sheet.Length == 0) AddProblem("Choose the counted sheet (CSV or XLSX) to upload.");
        else if (replaced is not null && !Replace)
            AddProblem($"This stock take already has {replaced}. Uploading another sheet replaces it: tick “Replace” and upload again, or keep the one imported.");
        else
        {
            try
            {
                // The import reads with seeking (an XLSX is a zip); the upload is buffered to a seekable copy.
                await using var copy = new MemoryStream();
                await Sheet.CopyToAsync(copy, ct);
                copy.Position = 0;
                Imported = await import.HandleAsync(Id, copy, null, ct);
                ImportNotice = $"Sheet imported: {Imported.CountedRows} of {Imported.Rows} rows counted, {Imported.Variances.Count} variance(s)" +
                    (replaced is null ? "." : $"; it replaces {replaced}.");
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
