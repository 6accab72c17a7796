using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.Sales;

/// <summary>A request line of a dispatch or return, matched to the sale line it names.</summary>
internal sealed record MatchedLine(int Position, StockSaleLine SaleLine, Product Product, OutLine Out);

internal static class SaleLines
{
    /// <summary>The request's lines matched to the sale's; a line naming one that is not on this sale is a problem naming it.</summary>
    public static async Task<List<MatchedLine>> MatchAsync(StocktrailDbContext db, StockSale sale, IReadOnlyList<SaleMoveLine?> requestLines,
        ProblemList problems, CancellationToken ct)
    {
        var productIds = sale.Lines.Select(l => l.ProductId).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var matched = new List<MatchedLine>();
        for (var i = 0; i < requestLines.Count; i++)
        {
            var (line, n) = (requestLines[i], i + 1);
            if (line is null)
            {
                problems.Add(new Problem(ProblemKind.Invalid, $"Line {n} is empty: give its lineId and quantity.") { Line = n });
                continue;
            }
            var saleLine = sale.Lines.FirstOrDefault(l => l.Id == line.LineId);
            if (saleLine is null)
            {
                problems.Add(new Problem(ProblemKind.Invalid, $"Line {n}: line id {line.LineId} is not a line of {sale.Number}.") { Line = n });
                continue;
            }
            var product = products[saleLine.ProductId];
            matched.Add(new MatchedLine(n, saleLine, product, new OutLine(n, product, line.Quantity, line.Serials, line.Batches, line.Pick)));
        }
        return matched;
    }

    /// <summary>
    /// Refuses a request that would take more from a sale line than it allows (left to dispatch, or dispatched and not
    /// yet returned), counting every request line that names the same sale line together.
    /// </summary>
    public static void CheckQuantities(IReadOnlyList<MatchedLine> lines, Func<StockSaleLine, decimal> allowed, ProblemList problems,
        Func<int, MatchedLine, decimal, decimal, string> refusal)
    {
        var left = new Dictionary<int, decimal>();
        foreach (var line in lines.Where(l => l.Out.Quantity > 0))
        {
            var available = left.TryGetValue(line.SaleLine.Id, out var l) ? l : allowed(line.SaleLine);
            if (line.Out.Quantity > available)
                problems.Add(new Problem(ProblemKind.Conflict, refusal(line.Position, line, available, line.Out.Quantity)) { Line = line.Position });
            else left[line.SaleLine.Id] = available - line.Out.Quantity;
        }
    }
}
