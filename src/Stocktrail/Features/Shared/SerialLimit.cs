using Stocktrail.Domain;

namespace Stocktrail.Features.Shared;

/// <summary>
/// The most serials one request may carry, whatever its shape (setting <c>Stocktrail:MaxSerialsPerRequest</c>, default
/// 100,000). Every command that takes serials calls <see cref="Check"/> before its transaction starts: the request's
/// serials are counted without expanding them (ranges by their size), refused at once over the limit, and otherwise
/// expanded and checked for syntax there, so that no transaction (on SQLite, the one writer) waits on that work and no
/// short body can make millions of serials.
/// </summary>
public sealed class SerialLimit(IConfiguration configuration)
{
    public const string Setting = "Stocktrail:MaxSerialsPerRequest";
    public const int Default = 100_000;

    public int Max { get; } = configuration.GetValue<int?>(Setting) is int configured and > 0 ? configured : Default;

    /// <summary>
    /// Each list with the quantity of the line it belongs to (0 where a list has no quantity of its own), in request order.
    /// Over the limit, the refusal names each line and how many serials it gives; <paramref name="isLine"/> false says the
    /// lists are not a request's lines (a production job's output and its components), so no line is named.
    /// </summary>
    public void Check(IEnumerable<(decimal Quantity, IReadOnlyList<string?>? Serials)> lists, bool isLine = true)
    {
        var counted = lists.Select((l, i) => (Position: i + 1, l.Quantity, l.Serials, Count: l.Serials is { Count: > 0 } ? SerialList.MostSerials(l.Serials, l.Quantity) : 0))
            .Where(l => l.Count > 0).ToList();
        var total = counted.Sum(l => l.Count);
        if (total > Max)
        {
            var problems = new List<Problem> { Problem.Invalid(OverMessage(total)) };
            if (isLine)
                problems.AddRange(counted.Select(l => new Problem(ProblemKind.Invalid, $"Line {l.Position} gives {l.Count:N0} serials.") { Line = l.Position }));
            throw new StockRuleException(problems);
        }
        foreach (var (_, quantity, serials, _) in counted) SerialList.Expand(serials, quantity);
    }

    /// <summary>Refuses a request that gives <paramref name="total"/> serials when that is over the limit.</summary>
    public void RefuseOver(decimal total)
    {
        if (total > Max) throw StockRuleException.Invalid(OverMessage(total));
    }

    private string OverMessage(decimal total) =>
        $"This request gives {total:N0} serials; at most {Max:N0} are taken in one request (setting {Setting}). Split it over several documents.";
}
