using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Production;

public sealed class ProductionJobsModel(ListProductionJobs.Handler list, CreateProductionJob.Handler create, Choices choices) : Shared.DocumentListModel
{
    [BindProperty] public int? OutputProductId { get; set; }
    [BindProperty] public decimal? Quantity { get; set; }
    [BindProperty] public int? WarehouseId { get; set; }

    public IReadOnlyList<ListProductionJobs.Item> Jobs { get; private set; } = [];
    public override IReadOnlyList<string> Statuses => Enum.GetNames<ProductionJobStatus>();
    public override string ApiPath => "/api/production-jobs";
    public IReadOnlyList<Choices.ProductOption> Products { get; private set; } = [];
    public IReadOnlyList<Choices.Option> Warehouses { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    [Needs(Permission.Production)]
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (OutputProductId is null) AddProblem("Choose the product the job makes.");
        if (WarehouseId is null) AddProblem("Choose the warehouse the job works in.");
        if (!HasProblems)
        {
            try
            {
                var job = await create.HandleAsync(new CreateProductionJob.Request(OutputProductId!.Value, Quantity ?? 0, WarehouseId!.Value), ct);
                return Done($"Production job {job.Number} created.", $"/production-jobs/{job.Id}");
            }
            catch (StockRuleException refused)
            {
                ShowRefusal(refused);
            }
        }
        await LoadAsync(ct);
        return Refused();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await LoadChoicesAsync(choices, ct);
        Products = ProductChoices.Where(p => p.TrackingType != TrackingType.NonStock).ToList();
        Warehouses = WarehouseChoices;
        var page = await ReadAsync(() => list.PageAsync(new ListProductionJobs.Query(StatusAs<ProductionJobStatus>(), Filter), ct));
        Jobs = page?.Items ?? [];
        Next = page?.Next;
    }
}
