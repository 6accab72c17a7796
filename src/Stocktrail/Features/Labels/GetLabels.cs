using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Labels;

/// <summary>
/// Labels for a product's serials (one each), for a batch, or for the product itself (<c>copies</c> of each). A serial
/// need not be in stock yet: labels are printed for serials proposed from the pattern before the goods are received.
/// </summary>
public static class GetLabels
{
    public const int MaxLabels = 2_000;
    public const int MaxImageLabels = 48;
    public const int MaxCopies = 100;

    public sealed record Options(string? Format, string? Symbology, string? Layout, string? Size, int? Copies);

    public sealed class Handler(StocktrailDbContext db, IConfiguration configuration)
    {
        public async Task<LabelFile> HandleAsync(int? productId, string? serials, string? batch, Options options, CancellationToken ct)
        {
            if (productId is null) throw StockRuleException.Invalid("Say which product the labels are for (productId).");
            var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == productId, ct)
                ?? throw StockRuleException.NotFound($"There is no product with id {productId}.");
            var problems = new ProblemList();
            List<(string? Serial, string? Batch)> units = [];
            if (!string.IsNullOrWhiteSpace(serials) && !string.IsNullOrWhiteSpace(batch))
                problems.Add(Problem.Invalid("Give serials or a batch, not both."));
            else if (!string.IsNullOrWhiteSpace(serials))
            {
                // Closed ranges expand up to the most labels one request prints; an open range has no end to print to.
                if (serials.Split(',', '\n').FirstOrDefault(s => s.Trim().EndsWith("..", StringComparison.Ordinal)) is { } open)
                    problems.Add(Problem.Invalid($"Open range '{open.Trim()}' has no end; give the last serial too, e.g. SN-0001..SN-0030."));
                var expanded = SerialList.Expand([serials], MaxLabels);
                foreach (var problem in expanded.Problems) problems.Add(Problem.Invalid(problem));
                units = expanded.Serials.Select(s => ((string?)s.Value, (string?)null)).ToList();
            }
            else if (!string.IsNullOrWhiteSpace(batch))
            {
                if (TrackingCode.Check(batch, "batch") is { } why) problems.Add(Problem.Invalid(why));
                else units = [(null, batch.Trim())];
            }
            else units = [(null, null)];
            problems.ThrowIfAny();
            var dates = await ExpiriesAsync(db, units.Where(u => u.Batch is not null).Select(u => (product.Id, u.Batch!)), ct);
            return Render(LabelsFor(product, units, dates), options, $"labels-{product.Sku}", configuration);
        }
    }

    /// <summary>One label per unit; a batch's label carries the batch's expiry date when it has one.</summary>
    internal static List<Label> LabelsFor(Product product, IEnumerable<(string? Serial, string? Batch)> units, IReadOnlyDictionary<(int ProductId, string Key), DateOnly> expiries) =>
        units.Select(u => new Label(product.Name, product.Sku, product.Gtin, u.Serial, u.Batch,
            u.Batch is not null && expiries.TryGetValue((product.Id, TrackingCode.Key(u.Batch)), out var date) ? date : null)).ToList();

    /// <summary>
    /// The expiry dates of batches of products, by (product, batch key). <c>BatchExpiries</c> keeps one row per product
    /// and <see cref="TrackingCode.Key"/> of the batch (trimmed, normal form C, upper case), not per batch text as typed:
    /// "lot-a", " LOT-A" and the name kept are one batch, so the lookup is by that key and by the batch's own product.
    /// </summary>
    internal static async Task<IReadOnlyDictionary<(int ProductId, string Key), DateOnly>> ExpiriesAsync(StocktrailDbContext db,
        IEnumerable<(int ProductId, string Batch)> batches, CancellationToken ct)
    {
        var wanted = batches.Select(b => (b.ProductId, Key: TrackingCode.Key(b.Batch))).ToHashSet();
        if (wanted.Count == 0) return new Dictionary<(int, string), DateOnly>();
        var productIds = wanted.Select(w => w.ProductId).Distinct().ToList();
        var keys = wanted.Select(w => w.Key).Distinct().ToList();
        var rows = await db.BatchExpiries.AsNoTracking().Where(e => productIds.Contains(e.ProductId) && keys.Contains(e.BatchKey))
            .Select(e => new { e.ProductId, e.BatchKey, e.ExpiresOn }).ToListAsync(ct);
        return rows.Where(r => wanted.Contains((r.ProductId, r.BatchKey))).ToDictionary(r => (r.ProductId, r.BatchKey), r => r.ExpiresOn);
    }

    /// <summary>Checks the options and every label against the symbology, all problems at once, then draws them.</summary>
    internal static LabelFile Render(IReadOnlyList<Label> labels, Options options, string name, IConfiguration configuration)
    {
        var problems = new ProblemList();
        LabelFormat? format = options.Format?.Trim().ToLowerInvariant() switch
        {
            null or "" or "pdf" => LabelFormat.Pdf,
            "png" => LabelFormat.Png,
            "svg" => LabelFormat.Svg,
            _ => null,
        };
        if (format is null) problems.Add(Problem.Invalid($"Format '{options.Format}' is not known; choose pdf, png or svg."));
        var symbology = Symbologies.Parse(options.Symbology);
        if (symbology is null) problems.Add(Problem.Invalid($"Symbology '{options.Symbology}' is not known; choose {Symbologies.Names}."));
        var layout = LabelLayout.Parse(options.Layout, options.Size, configuration[LabelLayout.Setting] ?? LabelLayout.DefaultRollSize, out var layoutProblem);
        if (layoutProblem is not null) problems.Add(Problem.Invalid(layoutProblem));
        var copies = options.Copies ?? 1;
        if (copies is < 1 or > MaxCopies) problems.Add(Problem.Invalid($"Copies must be 1 to {MaxCopies} (was {copies})."));
        problems.ThrowIfAny();

        var all = labels.SelectMany(l => Enumerable.Repeat(l, copies)).ToList();
        var limit = format == LabelFormat.Pdf ? MaxLabels : MaxImageLabels;
        if (all.Count > limit)
            throw StockRuleException.Invalid($"{all.Count:N0} labels is more than {limit:N0}, the most one {format.ToString()!.ToUpperInvariant()} holds" +
                (format == LabelFormat.Pdf ? "; print them in parts." : "; choose format=pdf for more."));
        if (all.Count == 0) throw StockRuleException.Invalid("There are no units to label.");
        foreach (var why in labels.Select(l => l.WhyNot(symbology!.Value)).OfType<string>().Distinct().Take(50)) problems.Add(Problem.Invalid(why));
        problems.ThrowIfAny();
        return LabelFiles.Render(all, symbology!.Value, format!.Value, layout!, name);
    }
}
