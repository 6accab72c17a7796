using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Web;

namespace Stocktrail.Features.Dashboard;

/// <summary>The stock dashboard: a page of products in SKU order by key (<c>after</c>, <c>before</c>), the search and the empty items kept from page to page.</summary>
public sealed class StockDashboardModel(StockOverview.Handler overview, Expiry.ExpiryReport.Handler expiry, Expiry.ExpiryNoticeOptions notice, Data.StocktrailDbContext db) : StockPageModel
{
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public bool ShowEmpty { get; set; }
    /// <summary>The page's start, the <c>next</c> of the page before; none for the first products.</summary>
    [FromQuery(Name = "after")] public string? After { get; set; }
    /// <summary>The page's end, the <c>prev</c> of the page after.</summary>
    [FromQuery(Name = "before")] public string? Before { get; set; }
    /// <summary>Products a page (<see cref="StockOverview.DefaultPageSize"/> unless the address says, at most <see cref="StockOverview.MaxPageSize"/>).</summary>
    [FromQuery(Name = "size")] public int? PageSize { get; set; }

    public StockOverview.Result Stock { get; private set; } = new([], [], 0);

    /// <summary>Why the page could not be read as asked (a bad page key in the address), shown above it.</summary>
    public IReadOnlyList<Problem> ListProblems { get; private set; } = [];

    /// <summary>Batches in stock expired or expiring within the notice window (<c>Stocktrail:ExpiryNoticeDays</c>).</summary>
    public Expiry.ExpiryReport.Result Expiring { get; private set; } = new(default, 0, []);

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Stock = await overview.HandleAsync(Search, ShowEmpty, After, Before, PageSize, ct);
        }
        catch (StockRuleException refused) when (refused.Problems.All(p => p.Kind == ProblemKind.Invalid))
        {
            ListProblems = refused.Problems;
        }
        Expiring = await expiry.HandleAsync(notice.Days, null, ct);
        if (Expiring.Items.Count > 0)
            _warehouses = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToDictionaryAsync(db.Warehouses, w => w.Id, w => w.Code, ct);
    }

    private Dictionary<int, string> _warehouses = [];

    public string WarehouseCode(int id) => _warehouses.GetValueOrDefault(id, $"warehouse {id}");

    /// <summary>A page of the same search (<paramref name="after"/> or <paramref name="before"/> a product; neither for the first).</summary>
    public string PageUrl(string? after = null, string? before = null) =>
        "/" + QueryString.Create(new Dictionary<string, string?>
        {
            ["search"] = string.IsNullOrWhiteSpace(Search) ? null : Search,
            ["showEmpty"] = ShowEmpty ? "true" : null,
            ["size"] = PageSize?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["after"] = after,
            ["before"] = before,
        }.Where(q => q.Value is not null));
}
