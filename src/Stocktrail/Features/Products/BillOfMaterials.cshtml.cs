using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Products;

public sealed class BillOfMaterialsInput
{
    public int? ProductId { get; set; }
    public decimal? Quantity { get; set; }
    public bool Remove { get; set; }
}

/// <summary>
/// What the bill of materials section draws: the bill, and the form's rows (the bill's lines and one blank one).
/// <see cref="Page"/> is the page whose refusal the rows show; none on the product page, whose problems are its details form's.
/// </summary>
public sealed record BillOfMaterialsView(int ProductId, BillOfMaterialsDto Bill, List<BillOfMaterialsInput> Lines,
    IReadOnlyList<Choices.ProductOption> Products, StockPageModel? Page, bool MayEdit, bool EditorLink = false)
{
    public static List<BillOfMaterialsInput> RowsOf(BillOfMaterialsDto bill) =>
        [.. bill.Lines.Select(l => new BillOfMaterialsInput { ProductId = l.ProductId, Quantity = l.Quantity }), new BillOfMaterialsInput()];
}

/// <summary>
/// The bill of materials editor; saves what its form posts (rows ticked Remove and blank rows are left out); a
/// refused bill is shown here again with each problem on its row.
/// </summary>
public sealed class BillOfMaterialsPageModel(GetBillOfMaterials.Handler read, SetBillOfMaterials.Handler save, Choices choices) : StockPageModel
{
    [FromRoute] public int Id { get; set; }
    [BindProperty] public List<BillOfMaterialsInput> Lines { get; set; } = [];

    public BillOfMaterialsDto Bill { get; private set; } = null!;
    public BillOfMaterialsView View { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Bill = await read.HandleAsync(Id, ct);
        Lines = BillOfMaterialsView.RowsOf(Bill);
        await ViewAsync(ct);
    }

    [Needs(Permission.Catalog)]
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var rows = Lines.Select((line, row) => (line, row)).Where(x => !x.line.Remove && (x.line.ProductId is not null || x.line.Quantity is not null)).ToList();
        try
        {
            var saved = await save.HandleAsync(Id, new SetBillOfMaterials.Request(
                rows.Select(x => new SetBillOfMaterials.Line(x.line.ProductId, x.line.Quantity ?? 0)).ToList()), ct);
            return Done($"Bill of materials of {saved.Sku} saved: {saved.Lines.Count} component(s).", $"/products/{Id}#bill-of-materials");
        }
        catch (StockRuleException refused)
        {
            ShowRefusal(refused, line => line >= 1 && line <= rows.Count ? rows[line - 1].row : null);
            Bill = await read.HandleAsync(Id, ct);
            await ViewAsync(ct);
            return Refused();
        }
    }

    private async Task ViewAsync(CancellationToken ct) =>
        View = new BillOfMaterialsView(Id, Bill, Lines, await choices.ProductsAsync(ct), this, User.May(Permission.Catalog));
}
