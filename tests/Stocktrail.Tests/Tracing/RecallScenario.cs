using System.Net;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Sales;

namespace Stocktrail.Tests.Tracing;

/// <summary>
/// A three-level genealogy built through the API: a chip batch into boards (default, job-level link), boards into
/// devices and devices into kits (one to one, stated). Then the kits go out: two to customer A on one sale, one on
/// customer B's project, one to customer C and back; a board stays in stock and a chip of the batch too.
/// </summary>
public sealed record RecallScenario(int Chip, int Board, int Device, int Kit, int CustomerA, string CustomerAName, int CustomerB, int CustomerC,
    string SaleA, string Project, int Warehouse)
{
    public static async Task<RecallScenario> BuildAsync(Api api)
    {
        var warehouse = await api.Warehouse();
        var chip = await api.Product("Batch");
        var (order, lines) = await api.ApprovedOrder(warehouse, (chip, 8, 2m));
        await api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new[] { new { lineId = lines[0], quantity = 8, batches = new[] { new { batch = "LOT-7", quantity = 6 }, new { batch = "LOT-8", quantity = 2 } } } },
        });

        var board = await api.Product("Serial");
        await Produce(api, board, warehouse, new { productId = chip, quantity = 5, batches = new[] { new { batch = "lot-7", quantity = 5 } } }, ["B-1", "B-2", "B-3", "B-4", "B-5"], null);
        await Produce(api, board, warehouse, new { productId = chip, quantity = 2, batches = new[] { new { batch = "LOT-8", quantity = 2 } } }, ["X-1"], null);
        var device = await api.Product("Serial");
        await Produce(api, device, warehouse, new { productId = board, quantity = 4, serials = new[] { "B-1", "B-2", "B-3", "B-4" } }, ["D-1", "D-2", "D-3", "D-4"],
            Enumerable.Range(1, 4).Select(i => new { serial = $"D-{i}", components = new[] { new { productId = board, serials = new[] { $"B-{i}" } } } }).ToArray());
        var kit = await api.Product("Serial");
        await Produce(api, kit, warehouse, new { productId = device, quantity = 4, serials = new[] { "D-1", "D-2", "D-3", "D-4" } }, ["K-1", "K-2", "K-3", "K-4"],
            Enumerable.Range(1, 4).Select(i => new { serial = $"K-{i}", components = new[] { new { productId = device, serials = new[] { $"D-{i}" } } } }).ToArray());

        var saleA = await api.NewSale(warehouse, (kit, 2, 100m));
        await api.Dispatch(saleA.Id, SalesTestApi.Line(saleA.LineIds[0], 2, "K-1", "K-4"));
        var customerB = await api.Customer();
        var project = await api.PostOk("/api/projects", new { name = Api.Unique("Project"), customerId = customerB });
        await api.PostOk($"/api/projects/{(int)project["id"]!}/materials", new { warehouseId = warehouse, lines = new[] { new { productId = kit, quantity = 1, serials = new[] { "K-2" } } } });
        var saleC = await api.NewSale(warehouse, (kit, 1, 100m));
        await api.Dispatch(saleC.Id, SalesTestApi.Line(saleC.LineIds[0], 1, "K-3"));
        await api.CustomerReturn(saleC.Id, SalesTestApi.Line(saleC.LineIds[0], 1, "K-3"));
        return new RecallScenario(chip, board, device, kit, saleA.CustomerId, saleA.CustomerName, customerB, saleC.CustomerId, saleA.Number, (string)project["number"]!, warehouse);
    }

    private static async Task Produce(Api api, int output, int warehouse, object material, string[] serials, object? outputs)
    {
        var job = (int)(await api.PostOk("/api/production-jobs", new { outputProductId = output, quantity = serials.Length, warehouseId = warehouse }))["id"]!;
        await api.PostOk($"/api/production-jobs/{job}/materials", new { warehouseId = warehouse, lines = new[] { material } });
        await api.PostOk($"/api/production-jobs/{job}/complete", new { actualQuantity = serials.Length, serials, outputs }, HttpStatusCode.OK);
    }

    /// <summary>The recall of batch LOT-7 reaches every level and says where each unit is and who holds it.</summary>
    public async Task AssertBatchRecallAsync(Api api)
    {
        var recall = await api.Get($"/api/recall?productId={Chip}&batch=lot-7");

        Assert.Equal("LOT-7", (string)recall["source"]!["batch"]!);
        var units = recall["units"]!.AsArray().Select(u => u!).ToList();
        string Where(string serial) => (string)units.Single(u => (string?)u["serial"] == serial)["status"]!;
        Assert.Equal(["B-1", "B-2", "B-3", "B-4", "B-5", "D-1", "D-2", "D-3", "D-4", "K-1", "K-2", "K-3", "K-4"],
            units.Where(u => u["serial"] is not null).Select(u => (string)u["serial"]!).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(units, u => (string?)u["serial"] == "X-1");
        Assert.Equal(3, (int)units.Single(u => (string?)u["serial"] == "K-1")["depth"]!);
        Assert.Equal("InStock", Where("B-5"));
        Assert.Equal(Warehouse, (int)units.Single(u => (string?)u["serial"] == "B-5")["warehouseId"]!);
        Assert.Equal("Consumed", Where("D-2"));
        Assert.Equal("Dispatched", Where("K-1"));
        Assert.Equal(SaleA, (string)units.Single(u => (string?)u["serial"] == "K-4")["documentNumber"]!);
        Assert.Equal(CustomerA, (int)units.Single(u => (string?)u["serial"] == "K-4")["customerId"]!);
        Assert.Equal("OnProject", Where("K-2"));
        Assert.Equal(Project, (string)units.Single(u => (string?)u["serial"] == "K-2")["documentNumber"]!);
        Assert.Equal(CustomerB, (int)units.Single(u => (string?)u["serial"] == "K-2")["customerId"]!);
        Assert.Equal("Returned", Where("K-3"));
        var batchHere = units.Where(u => u["serial"] is null).ToList();
        Assert.All(batchHere, b => Assert.Equal(0, (int)b["depth"]!));
        Assert.Equal(1m, (decimal)batchHere.Single(b => (string)b["status"]! == "InStock")["quantity"]!);
        Assert.Equal(5m, (decimal)batchHere.Single(b => (string)b["status"]! == "Consumed")["quantity"]!);

        var customers = recall["customers"]!.AsArray().Select(c => c!).ToList();
        Assert.Equal([CustomerA, CustomerB], customers.Select(c => (int)c["customerId"]!).Order());
        var a = customers.Single(c => (int)c["customerId"]! == CustomerA);
        Assert.Equal(CustomerAName, (string)a["name"]!);
        Assert.Equal(["K-1", "K-4"], a["units"]!.AsArray().Select(u => (string)u!["serial"]!).Order(StringComparer.Ordinal));
    }
}
