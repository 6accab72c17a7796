using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Features.Parties;
using Stocktrail.Features.Products;
using Stocktrail.Features.Receiving;
using Stocktrail.Features.Users;
using Stocktrail.Features.Warehouses;

namespace Stocktrail.Features.Demo;

/// <summary>
/// Fills an empty database with a little of everything, through the same handlers the API uses, so that a first run
/// shows something real. Asked for with <c>--demo</c> or the setting <c>Stocktrail:DemoData=true</c>; a database that
/// already has products is left alone.
/// </summary>
public static class DemoData
{
    public static bool IsAsked(WebApplication app, string[] args) => args.Contains("--demo") || app.Configuration.GetValue<bool>("Stocktrail:DemoData");

    /// <summary>The data is made as <paramref name="administrator"/> (the demo's admin), or as the system on a database that had users.</summary>
    public static async Task SeedDemoDataAsync(this WebApplication app, User? administrator)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        if (administrator is not null) services.GetRequiredService<CurrentUser>().ActAs(administrator.Id, administrator.UserName!);
        if (await services.GetRequiredService<StocktrailDbContext>().Products.AnyAsync())
        {
            app.Logger.LogInformation("Demo data not added: the database already has products.");
            return;
        }
        await SeedAsync(services, CancellationToken.None);
        app.Logger.LogInformation("Demo data added: warehouses MAIN and VAN-1, products of every tracking type, received purchase orders.");
    }

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var warehouses = services.GetRequiredService<CreateWarehouse.Handler>();
        var main = await warehouses.HandleAsync(new("MAIN", "Main warehouse"), ct);
        var van = await warehouses.HandleAsync(new("VAN-1", "Service van 1"), ct);

        var parties = services.GetRequiredService<CreateParty.Handler>();
        var acme = await parties.HandleAsync(new("Acme Electronics"), isSupplier: true, ct);
        var bolts = await parties.HandleAsync(new("Northside Fasteners"), isSupplier: true, ct);
        await parties.HandleAsync(new("Harbour Marine Ltd"), isSupplier: false, ct);

        var products = services.GetRequiredService<CreateProduct.Handler>();
        var controller = await products.HandleAsync(new("CTRL-200", "Pump controller CT-200", "Serial", 180m, 420m), ct);
        var sensor = await products.HandleAsync(new("SENS-PT100", "PT100 temperature sensor", "Serial", 35m, 79m), ct);
        var screws = await products.HandleAsync(new("SCR-M4-20", "M4×20 stainless screw (each)", "Fifo", 0.08m, 0.25m), ct);
        var sealant = await products.HandleAsync(new("SEAL-300", "Marine sealant 300 ml", "Batch", 6.5m, 14m), ct);
        await products.HandleAsync(new("SVC-HOUR", "Service labour (hour)", "NonStock", 45m, 95m), ct);

        var create = services.GetRequiredService<CreatePurchaseOrder.Handler>();
        var status = services.GetRequiredService<ChangePurchaseOrderStatus.Handler>();
        var receive = services.GetRequiredService<ReceivePurchaseOrder.Handler>();

        var po1 = await create.HandleAsync(new(acme.Id, main.Id, null, [new(controller.Id, 12, 175m), new(sensor.Id, 40, 32.5m)]), ct);
        await status.ApproveAsync(po1.Id, ct);
        await receive.HandleAsync(po1.Id, new([
            new(po1.Lines[0].Id, 12, ["CT200-2026-0001..CT200-2026-0012"], null),
            new(po1.Lines[1].Id, 25, ["PT-10001.."], null),
        ]), ct);

        var po2 = await create.HandleAsync(new(bolts.Id, main.Id, null, [new(screws.Id, 5000, 0.07m), new(sealant.Id, 48, 6.1m)]), ct);
        await status.ApproveAsync(po2.Id, ct);
        await receive.HandleAsync(po2.Id, new([
            new(po2.Lines[0].Id, 5000, null, null),
            new(po2.Lines[1].Id, 48, null, [new("LOT-2611-A", 24), new("LOT-2611-B", 24)]),
        ]), ct);
        await status.CompleteAsync(po2.Id, ct);

        var po3 = await create.HandleAsync(new(acme.Id, van.Id, null, [new(sensor.Id, 6, 33m)]), ct);
        await status.ApproveAsync(po3.Id, ct);
        await receive.HandleAsync(po3.Id, new([new(po3.Lines[0].Id, 6, ["PT-20001, PT-20002, PT-20003\nPT-20004\nPT-20005", "PT-20006"], null)]), ct);
    }
}
