using System.Globalization;
using Stocktrail.Domain;
using Stocktrail.Features.Materials;

namespace Stocktrail.Features.Production;

/// <summary>
/// The completion form's "what went into which unit": one line per output unit, <c>OUTPUT: part, part, BATCH × 2</c>,
/// where OUTPUT is an output serial or its place (1, 2, …) among the serials produced, a part is a consumed serial, and
/// <c>CODE × quantity</c> is a quantity of a consumed batch (or of a Fifo component by its SKU). It becomes the API's
/// <c>outputs</c>. Left empty, every component is linked to every unit (one job-level link each).
/// </summary>
public static class GenealogyForm
{
    /// <summary>
    /// One to one when every serialized component was consumed once per planned unit: line n takes the n-th serial of
    /// each, and an even share of each batch and Fifo component. Otherwise empty (the default link).
    /// </summary>
    public static string Prefill(MaterialsListDto materials, decimal planned)
    {
        if (planned < 1 || planned != decimal.Truncate(planned) || materials.Items.Count == 0) return "";
        var count = (int)planned;
        var serialized = materials.Items.Where(i => i.Serials.Count > 0).ToList();
        if (serialized.Count == 0 || serialized.Any(i => i.Serials.Count != count)) return "";
        var shares = materials.Items.SelectMany(i => i.Batches.Select(b => $"{b.Batch} × {Share(b.Quantity, count)}")
                .Concat(i.Serials.Count == 0 && i.Quantity - i.Batches.Sum(b => b.Quantity) is > 0 and var fifo ? [$"{i.Sku} × {Share(fifo, count)}"] : []))
            .ToList();
        return string.Join("\n", Enumerable.Range(0, count).Select(n =>
            $"{n + 1}: {string.Join(", ", serialized.Select(i => i.Serials[n]).Concat(shares))}"));
    }

    private static string Share(decimal quantity, int count) =>
        (Math.Floor(quantity / count * 1_000_000m) / 1_000_000m).ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>The outputs the text states, or null when it is empty; what cannot be read is added to <paramref name="problems"/>.</summary>
    public static List<CompleteProductionJob.Output?>? Parse(string? text, IReadOnlyList<string> outputSerials, MaterialsListDto materials, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var outputs = new List<CompleteProductionJob.Output?>();
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                problems.Add($"Genealogy line {n + 1}: write it as OUTPUT: part, part (the output serial or its place, a colon, then what went into it).");
                continue;
            }
            var head = line[..colon].Trim();
            var output = int.TryParse(head, NumberStyles.None, CultureInfo.InvariantCulture, out var place)
                ? place >= 1 && place <= outputSerials.Count ? outputSerials[place - 1] : null
                : head;
            if (output is null)
            {
                problems.Add($"Genealogy line {n + 1}: there is no output number {head}; {outputSerials.Count} serial(s) are produced.");
                continue;
            }
            var components = new List<CompleteProductionJob.Component>();
            foreach (var piece in line[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (Component(piece, materials) is { } component) components.Add(component);
                else problems.Add($"Genealogy line {n + 1}: '{piece}' is not a serial, batch or SKU this job consumed.");
            }
            outputs.Add(new CompleteProductionJob.Output(output, components));
        }
        return outputs;
    }

    private static CompleteProductionJob.Component? Component(string piece, MaterialsListDto materials)
    {
        var times = piece.LastIndexOfAny(['×', 'x', 'X', '*']);
        if (times > 0 && decimal.TryParse(piece[(times + 1)..].Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var quantity))
        {
            var code = TrackingCode.Key(piece[..times]);
            if (materials.Items.FirstOrDefault(i => i.Batches.Any(b => TrackingCode.Key(b.Batch ?? "") == code)) is { } batchItem)
                return new CompleteProductionJob.Component(batchItem.ProductId, null, [new BatchQuantity(piece[..times].Trim(), quantity)], null);
            if (materials.Items.FirstOrDefault(i => i.Serials.Count == 0 && TrackingCode.Key(i.Sku) == code) is { } fifoItem)
                return new CompleteProductionJob.Component(fifoItem.ProductId, null, null, quantity);
        }
        var key = TrackingCode.Key(piece);
        return materials.Items.FirstOrDefault(i => i.Serials.Any(s => TrackingCode.Key(s) == key)) is { } serialItem
            ? new CompleteProductionJob.Component(serialItem.ProductId, [piece], null, null)
            : null;
    }
}
