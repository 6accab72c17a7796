using Stocktrail.Domain;
using Stocktrail.Features.Materials;

namespace Stocktrail.Web;

/// <summary>The use and return forms shared by the project and production job pages.</summary>
public static class MaterialsForm
{
    /// <summary>Uses or returns the filled lines; on a refusal, shows each problem on its row and returns null.</summary>
    public static async Task<(MaterialsMovedDto? Moved, Func<int, int?> RowOf)> MoveAsync(StockPageModel page, MoveMaterials.Handler move,
        MaterialOwner owner, int ownerId, int? warehouseId, List<StockLineInput> lines, bool returning, CancellationToken ct)
    {
        var rows = StockLines.Filled(lines);
        int? RowOf(int line) => line <= rows.Count ? rows[line - 1].Row : null;
        if (warehouseId is null) page.AddProblem(returning ? "Choose the warehouse the materials come back to." : "Choose the warehouse the materials come from.");
        if (rows.Count == 0) page.AddProblem("Choose a product on at least one line.");
        var fefo = returning ? (_ => null) : await StockLines.FefoWhenBlankAsync(page.HttpContext.RequestServices.GetRequiredService<Choices>(), ct);
        var request = rows.Select(x => new MaterialLine(x.Line.ProductId!.Value, x.Line.Quantity ?? 0, FormText.Serials(x.Line.Serials),
            StockLines.Batches(x.Line, x.Row, (m, r) => page.AddProblem(m, r)), fefo(x.Line))).ToList();
        if (page.HasProblems) return (null, RowOf);
        try
        {
            var materials = new MaterialsRequest(warehouseId!.Value, request);
            var moved = returning
                ? await move.ReturnAsync(owner, ownerId, materials, ct)
                : await move.UseAsync(owner, ownerId, materials, ct);
            return (moved, RowOf);
        }
        catch (StockRuleException refused)
        {
            page.ShowRefusal(refused, RowOf);
            return (null, RowOf);
        }
    }
}

/// <summary>
/// What Features/Shared/_MaterialsForms.cshtml draws: the use and return forms of a project or job. <see cref="FillNote"/>,
/// on a job whose output has a bill of materials, offers to fill the use lines from it and says what the last fill found.
/// </summary>
public sealed record MaterialsFormsView(StockPageModel Page, string? RefusedForm, int? WarehouseId, IReadOnlyList<Choices.Option> Warehouses,
    IReadOnlyList<Choices.ProductOption> Products, List<StockLineInput> Use, List<StockLineInput> Return, MaterialsListDto Materials,
    bool FillFromBillOfMaterials = false, string? FillNote = null);
