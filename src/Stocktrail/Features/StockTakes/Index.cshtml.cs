using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.StockTakes;

public sealed class StockTakesModel(ListStockTakes.Handler list, StartStockTake.Handler start, Choices choices) : Shared.DocumentListModel
{
    [BindProperty] public int? WarehouseId { get; set; }
    public IReadOnlyList<ListStockTakes.Item> Takes { get; private set; } = [];
    public override IReadOnlyList<string> Statuses => Enum.GetNames<StockTakeStatus>();
    public override string ApiPath => "/api/stock-takes";
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
        await LoadChoicesAsync(choices, ct);
        Warehouses = WarehouseChoices;
        var page = await ReadAsync(() => list.PageAsync(new ListStockTakes.Query(StatusAs<StockTakeStatus>(), Filter), ct));
        Takes = page?.Items ?? [];
        Next = page?.Next;
    }
}
