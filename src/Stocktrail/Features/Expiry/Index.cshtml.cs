using Microsoft.AspNetCore.Mvc;
using Stocktrail.Web;

namespace Stocktrail.Features.Expiry;

/// <summary>The expiry report as a page: batches in stock expired or expiring within the days asked (default 30), with a CSV download.</summary>
public sealed class ExpiryReportModel(ExpiryReport.Handler report, Choices choices) : StockPageModel
{
    [BindProperty(SupportsGet = true)] public int? WithinDays { get; set; }
    [BindProperty(SupportsGet = true)] public int? WarehouseId { get; set; }

    public ExpiryReport.Result Report { get; private set; } = new(default, 30, []);
    public IReadOnlyList<Choices.Option> Warehouses { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Warehouses = await choices.WarehousesAsync(ct);
        try
        {
            Report = await report.HandleAsync(WithinDays, WarehouseId, ct);
        }
        catch (Domain.StockRuleException refused)
        {
            ShowRefusal(refused);
        }
    }

    public string WarehouseText(int id) => Warehouses.FirstOrDefault(w => w.Id == id)?.Text ?? $"warehouse {id}";
}
