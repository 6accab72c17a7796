using Microsoft.AspNetCore.Mvc;
using Stocktrail.Web;

namespace Stocktrail.Features.Dashboard;

public sealed class StockDashboardModel(StockOverview.Handler overview, Expiry.ExpiryReport.Handler expiry, Expiry.ExpiryNoticeOptions notice, Data.StocktrailDbContext db) : StockPageModel
{
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public bool ShowEmpty { get; set; }

    public StockOverview.Result Stock { get; private set; } = new([], [], 0);

    /// <summary>Batches in stock expired or expiring within the notice window (<c>Stocktrail:ExpiryNoticeDays</c>).</summary>
    public Expiry.ExpiryReport.Result Expiring { get; private set; } = new(default, 0, []);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Stock = await overview.HandleAsync(Search, ShowEmpty, ct);
        Expiring = await expiry.HandleAsync(notice.Days, null, ct);
        if (Expiring.Items.Count > 0)
            _warehouses = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToDictionaryAsync(db.Warehouses, w => w.Id, w => w.Code, ct);
    }

    private Dictionary<int, string> _warehouses = [];

    public string WarehouseCode(int id) => _warehouses.GetValueOrDefault(id, $"warehouse {id}");
}
