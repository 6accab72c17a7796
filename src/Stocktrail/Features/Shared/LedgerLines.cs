using Stocktrail.Domain;

namespace Stocktrail.Features.Shared;

public static class LedgerLines
{
    /// <summary>
    /// The rows on no line or on a line not in <paramref name="lines"/>: one range of the line id between each two of
    /// them, each read on its own (<c>UNION ALL</c>), so that both providers seek the ledger's (source type, source id,
    /// source line, id) index to the rows wanted and never walk a left-out line's rows. A <c>NOT IN</c>, or the ranges
    /// joined by <c>OR</c>, is a filter that PostgreSQL tests on every row of the document.
    /// </summary>
    public static IQueryable<StockMovement> OffLines(this IQueryable<StockMovement> rows, IReadOnlyCollection<int> lines)
    {
        if (lines.Count == 0) return rows;
        var bounds = lines.Distinct().Order().Select(l => (int?)l).ToList();
        var (first, last) = (bounds[0], bounds[^1]);
        var wanted = rows.Where(m => m.SourceLineId == null).Concat(rows.Where(m => m.SourceLineId < first));
        foreach (var (low, high) in bounds.Zip(bounds.Skip(1)).Where(b => b.First + 1 < b.Second))
            wanted = wanted.Concat(rows.Where(m => m.SourceLineId > low && m.SourceLineId < high));
        return wanted.Concat(rows.Where(m => m.SourceLineId > last));
    }
}
