using Microsoft.AspNetCore.Mvc;
using Stocktrail.Web;

namespace Stocktrail.Features.Dashboard;

public sealed class StockDashboardModel(StockOverview.Handler overview) : StockPageModel
{
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public bool ShowEmpty { get; set; }

    public StockOverview.Result Stock { get; private set; } = new([], [], 0);

    public async Task OnGetAsync(CancellationToken ct) => Stock = await overview.HandleAsync(Search, ShowEmpty, ct);
}
