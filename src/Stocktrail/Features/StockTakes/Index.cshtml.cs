using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.StockTakes;

/// <summary>The stock takes, newest first.</summary>
public static class StockTakeList
{
    public sealed record Item(int Id, string Number, int WarehouseId, StockTakeStatus Status, DateTime CreatedAt);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<IReadOnlyList<Item>> HandleAsync(CancellationToken ct) =>
            await db.StockTakes.AsNoTracking().OrderByDescending(t => t.Id).Take(200)
                .Select(t => new Item(t.Id, t.Number, t.WarehouseId, t.Status, t.CreatedAt)).ToListAsync(ct);
    }
}

public sealed class StockTakesModel(StockTakeList.Handler list, StartStockTake.Handler start, Choices choices) : StockPageModel
{
    [BindProperty] public int? WarehouseId { get; set; }
    public IReadOnlyList<StockTakeList.Item> Takes { get; private set; } = [];
    public IReadOnlyList<Choices.Option> Warehouses { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    [Needs(Permission.StockControl)]
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (WarehouseId is null) AddProblem("Choose the warehouse to count.");
        else
        {
            try
            {
                var take = await start.HandleAsync(new StartStockTake.Request(WarehouseId.Value), ct);
                return Done($"Stock take {take.Number} started: download its count sheet.", $"/stock-takes/{take.Id}");
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
        Takes = await list.HandleAsync(ct);
        Warehouses = await choices.WarehousesAsync(ct);
    }
}
