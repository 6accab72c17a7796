namespace Stocktrail.Domain;

/// <summary>
/// Whether a refusal is about the request itself (400), about the current state of stock or a document (409), names
/// something that does not exist (404), or is larger than Stocktrail takes (413).
/// </summary>
public enum ProblemKind { Invalid, Conflict, NotFound, TooLarge }

/// <summary>One thing wrong with a request, in words a stock controller understands, naming what it is about.</summary>
public sealed record Problem(ProblemKind Kind, string Message)
{
    public int? Line { get; init; }
    public string? Serial { get; init; }
    public string? Batch { get; init; }
    public int? Row { get; init; }
    public string? Column { get; init; }

    public static Problem Invalid(string message) => new(ProblemKind.Invalid, message);
    public static Problem Conflict(string message) => new(ProblemKind.Conflict, message);
}

/// <summary>A refused command: every problem found, so that a user can fix them all at once. Nothing was changed.</summary>
public sealed class StockRuleException(IReadOnlyList<Problem> problems) : Exception(Summarise(problems))
{
    public IReadOnlyList<Problem> Problems { get; } = problems;

    /// <summary>How many problems were found; more than <see cref="Problems"/> holds when the list was capped.</summary>
    public int Total { get; init; } = problems.Count;

    public ProblemKind Kind =>
        Problems.Any(p => p.Kind == ProblemKind.NotFound) ? ProblemKind.NotFound
        : Problems.Any(p => p.Kind == ProblemKind.TooLarge) ? ProblemKind.TooLarge
        : Problems.Any(p => p.Kind == ProblemKind.Invalid) ? ProblemKind.Invalid
        : ProblemKind.Conflict;

    public StockRuleException(Problem problem) : this([problem]) { }

    public static StockRuleException NotFound(string message) => new(new Problem(ProblemKind.NotFound, message));
    public static StockRuleException Invalid(string message) => new(Problem.Invalid(message));
    public static StockRuleException Conflict(string message) => new(Problem.Conflict(message));
    public static StockRuleException TooLarge(string message) => new(new Problem(ProblemKind.TooLarge, message));

    private static string Summarise(IReadOnlyList<Problem> problems) => problems.Count switch
    {
        0 => "The request was refused.",
        1 => problems[0].Message,
        _ => $"{problems.Count} problems: {problems[0].Message} (and {problems.Count - 1} more)",
    };
}

/// <summary>
/// Collects problems while a command is checked, then refuses it once with all of them. The first
/// <see cref="MaxListed"/> are kept and the rest only counted: a sheet of a million bad rows answers with a readable
/// list and the total, not a body of hundreds of megabytes.
/// </summary>
public sealed class ProblemList
{
    public const int MaxListed = 1_000;

    private readonly List<Problem> _problems = [];

    public bool Any => Total > 0;
    public IReadOnlyList<Problem> Items => _problems;
    /// <summary>Every problem found, listed or not.</summary>
    public int Total { get; private set; }

    public void Add(Problem problem)
    {
        Total++;
        if (_problems.Count < MaxListed) _problems.Add(problem);
    }

    public void AddRange(IEnumerable<Problem> problems)
    {
        foreach (var problem in problems) Add(problem);
    }

    public void ThrowIfAny()
    {
        if (Total > 0) throw new StockRuleException(_problems.ToList()) { Total = Total };
    }
}
