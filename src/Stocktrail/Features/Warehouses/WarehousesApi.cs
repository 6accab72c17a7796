using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Warehouses;

public sealed record WarehouseDto(int Id, string Code, string Name)
{
    public static WarehouseDto From(Warehouse w) => new(w.Id, w.Code, w.Name);
}

public static class WarehousesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var warehouses = api.MapGroup("/warehouses").WithTags("Warehouses");
        warehouses.MapPost("/", async Task<Created<WarehouseDto>> (CreateWarehouse.Request request, CreateWarehouse.Handler handler, CancellationToken ct) =>
        {
            var warehouse = await handler.HandleAsync(request, ct);
            return TypedResults.Created($"/api/warehouses/{warehouse.Id}", warehouse);
        }).Requires(Permission.Administration).Describe("CreateWarehouse", "Create a warehouse")
            .WithRequestExample("""{"code": "MAIN", "name": "Main warehouse"}""");
        warehouses.MapGet("/", async Task<Ok<IReadOnlyList<WarehouseDto>>> (ListWarehouses.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(ct))).Describe("ListWarehouses", "List warehouses", "Every warehouse, by code.");
    }
}

public static class ListWarehouses
{
    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<IReadOnlyList<WarehouseDto>> HandleAsync(CancellationToken ct) =>
            (await db.Warehouses.AsNoTracking().OrderBy(w => w.CodeKey).ToListAsync(ct)).Select(WarehouseDto.From).ToList();
    }
}

public static class CreateWarehouse
{
    public sealed record Request(string? Code, string? Name);

    public sealed class Handler(StocktrailDbContext db, AuditTrail audit)
    {
        public async Task<WarehouseDto> HandleAsync(Request request, CancellationToken ct)
        {
            var problems = new ProblemList();
            PlainText.CheckName(request.Code, "The warehouse code", 32, "A warehouse needs a code of 1 to 32 characters.", problems);
            PlainText.CheckName(request.Name, "The warehouse name", 200, "A warehouse needs a name of 1 to 200 characters.", problems);
            problems.ThrowIfAny();

            var key = TrackingCode.Key(request.Code!);
            if (await db.Warehouses.AnyAsync(w => w.CodeKey == key, ct))
                throw StockRuleException.Conflict($"Warehouse code {request.Code!.Trim()} is already used.");
            var warehouse = new Warehouse(request.Code!, request.Name!);
            db.Warehouses.Add(warehouse);
            audit.Record(AuditActions.WarehouseCreated, $"Warehouse {warehouse.Code} '{warehouse.Name}' created.", "Warehouse", warehouse.Code);
            await db.SaveChangesAsync(ct);
            return WarehouseDto.From(warehouse);
        }
    }
}
