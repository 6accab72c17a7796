using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stocktrail.Domain;

namespace Stocktrail.Web;

/// <summary>A refusal as a page shows it: the problem, and the row of the form it is about (null: the whole form).</summary>
public sealed record ShownProblem(Problem Problem, int? FormRow);

/// <summary>
/// Base of the pages: a refused command's problems, each placed beside the form row (line) or serial it names, and a
/// one-line notice carried across the redirect that follows a command that worked.
/// </summary>
public abstract class StockPageModel : PageModel
{
    private List<ShownProblem> _problems = [];

    [TempData] public string? Notice { get; set; }

    public IReadOnlyList<ShownProblem> Problems => _problems;
    public bool HasProblems => _problems.Count > 0;

    /// <summary>Problems about no one row: shown at the top of the form.</summary>
    public IEnumerable<Problem> GeneralProblems => _problems.Where(p => p.FormRow is null).Select(p => p.Problem);

    public IEnumerable<Problem> ProblemsForRow(int row) => _problems.Where(p => p.FormRow == row).Select(p => p.Problem);

    /// <summary>The serials a refusal named on one row, so the popup and picker can mark them in place.</summary>
    public string BadSerials(int row) =>
        string.Join("\n", ProblemsForRow(row).Where(p => p.Serial is not null).Select(p => p.Serial).Distinct());

    /// <summary>Shows a refusal. Handlers number lines by their place in the request; <paramref name="rowOfLine"/> maps that back to the form.</summary>
    public void ShowRefusal(StockRuleException refused, Func<int, int?>? rowOfLine = null)
    {
        foreach (var problem in refused.Problems)
            _problems.Add(new ShownProblem(problem, problem.Line is { } line ? (rowOfLine is null ? line - 1 : rowOfLine(line)) : null));
    }

    public void AddProblem(string message, int? row = null) => _problems.Add(new ShownProblem(Problem.Invalid(message), row));

    /// <summary>After a refusal the page is shown again with a 4xx status, so that nothing reads it as done.</summary>
    protected PageResult Refused()
    {
        Response.StatusCode = _problems.Any(p => p.Problem.Kind == ProblemKind.Conflict) && _problems.All(p => p.Problem.Kind != ProblemKind.Invalid)
            ? StatusCodes.Status409Conflict
            : StatusCodes.Status400BadRequest;
        return Page();
    }

    protected RedirectResult Done(string notice, string url)
    {
        Notice = notice;
        return Redirect(url);
    }
}
