using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Production;

/// <summary>The production jobs, newest first, with what they make.</summary>
public static class ProductionJobList
{
    public sealed record Item(int Id, string Number, int ProductId, string Sku, decimal Quantity, decimal? ActualQuantity, ProductionJobStatus Status, DateTime CreatedAt);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<IReadOnlyList<Item>> HandleAsync(CancellationToken ct) =>
            await (from j in db.ProductionJobs.AsNoTracking()
                   join p in db.Products.AsNoTracking() on j.OutputProductId equals p.Id
                   orderby j.Id descending
                   select new Item(j.Id, j.Number, p.Id, p.Sku, j.Quantity, j.ActualQuantity, j.Status, j.CreatedAt)).Take(500).ToListAsync(ct);
    }
}

public sealed class ProductionJobsModel(ProductionJobList.Handler list, CreateProductionJob.Handler create, Choices choices) : StockPageModel
{
    [BindProperty] public int? OutputProductId { get; set; }
    [BindProperty] public decimal? Quantity { get; set; }
    [BindProperty] public int? WarehouseId { get; set; }

    public IReadOnlyList<ProductionJobList.Item> Jobs { get; private set; } = [];
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
        Jobs = await list.HandleAsync(ct);
        Products = (await choices.ProductsAsync(ct)).Where(p => p.TrackingType != TrackingType.NonStock).ToList();
        Warehouses = await choices.WarehousesAsync(ct);
    }
}
