using Stocktrail.Domain;

namespace Stocktrail.Web;

/// <summary>One line of a form that moves stock of a product chosen on the line: use, return, adjust, transfer.</summary>
public sealed class StockLineInput
{
    public int? ProductId { get; set; }
    public string? Direction { get; set; }
    public decimal? Quantity { get; set; }
    public decimal? UnitCost { get; set; }
    public string? Serials { get; set; }
    public string? Batches { get; set; }
    /// <summary>The batch picker's choice on a line taking batches out: "Fefo" (the default) or "Named" (the batches typed).</summary>
    public string? Pick { get; set; }
}

/// <summary>
/// How the shared lines table (Features/Shared/_StockLines.cshtml) is drawn. <see cref="Serials"/>: <c>picker</c> to
/// choose serials in stock, <c>new</c> for the popup taking new serials, <c>text</c> for a plain box, <c>direction</c>
/// for the popup on In lines and the picker on Out lines. <see cref="Offered"/>: the element (a selector) whose
/// <c>data-serials</c> lists, per product, the only serials the picker offers (a return: what left on the document).
/// <see cref="BatchPicker"/>: lines that take batches out (use, transfer) get the batch picker (FEFO or the batches
/// named, the batches in stock in <see cref="WarehouseSelect"/>'s warehouse listed); otherwise a plain batch box.
/// </summary>
public sealed record StockLinesView(
    string Prefix, string Id, IReadOnlyList<StockLineInput> Lines, IReadOnlyList<Choices.ProductOption> Products,
    StockPageModel Page, string Serials, string? WarehouseSelect, bool UnitCost = false, bool Direction = false, bool Active = true,
    string? Offered = null, BatchPickerUse? BatchPicker = null);

public static class StockLines
{
    /// <summary>The lines with a product, each with its form row, so that problems numbered by request line find their row.</summary>
    /// <remarks>A line's blank quantity becomes the number of its serials: chosen serials are the quantity.</remarks>
    public static List<(StockLineInput Line, int Row)> Filled(IEnumerable<StockLineInput> lines)
    {
        var filled = lines.Select((l, i) => (Line: l, Row: i)).Where(x => x.Line.ProductId is not null).ToList();
        foreach (var (line, _) in filled) line.Quantity = FormText.QuantityOrSerials(line.Quantity, line.Serials);
        return filled;
    }

    public static IReadOnlyList<BatchQuantity>? Batches(StockLineInput line, int row, Action<string, int> problem)
    {
        var batches = FormText.Batches(line.Batches, line.Quantity, out var error);
        if (error is not null) problem(error, row);
        return batches;
    }

    /// <summary>
    /// Where stock leaves (use, transfer), a batch line whose batches are left blank is picked first-expired-first-out,
    /// unless its picker says "The batches I name" (then the handler asks for them); batches typed are taken as named.
    /// </summary>
    public static async Task<Func<StockLineInput, BatchPick?>> FefoWhenBlankAsync(Choices choices, CancellationToken ct)
    {
        var batchProducts = (await choices.ProductsAsync(ct)).Where(p => p.TrackingType == TrackingType.Batch).Select(p => p.Id).ToHashSet();
        return line => line.ProductId is { } id && batchProducts.Contains(id) ? BatchPickerView.PickOf(line.Pick, line.Batches) : null;
    }
}
