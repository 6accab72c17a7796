using System.Net;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Receiving;

public sealed class LandedCostTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task A_landed_cost_is_spread_by_line_value_onto_units_in_stock_and_charged_to_cost_of_goods_for_units_gone()
    {
        var warehouse = await Api.Warehouse();
        var serialized = await Api.Product("Serial");
        var fifo = await Api.Product("Fifo");
        // Line values 2 × 100 and 20 × 10: 200 each, so a landed cost of 40 gives each line 20.
        var (order, lines) = await Api.ApprovedOrder(warehouse, (serialized, 2, 100m), (fifo, 20, 10m));
        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new
        {
            lines = new object[] { new { lineId = lines[0], quantity = 2, serials = new[] { "LC-1", "LC-2" } }, new { lineId = lines[1], quantity = 20 } },
        });
        var project = (int)(await Api.PostOk("/api/projects", new { name = Api.Unique("Project") }))["id"]!;
        await Api.PostOk($"/api/projects/{project}/materials", new
        {
            warehouseId = warehouse,
            lines = new object[] { new { productId = serialized, quantity = 1, serials = new[] { "LC-1" } }, new { productId = fifo, quantity = 5 } },
        });

        var updated = await Api.PostOk($"/api/purchase-orders/{order}/landed-costs", new { description = "Freight", amount = 40m }, HttpStatusCode.OK);

        Assert.Equal("Freight", (string)updated["landedCosts"]![0]!["description"]!);
        Assert.Equal(110m, (decimal)(await Api.Serial(serialized, "LC-2"))["unitCost"]!);
        Assert.Equal(100m, (decimal)(await Api.Serial(serialized, "LC-1"))["unitCost"]!);
        Assert.Equal(110m, (decimal)(await Api.Stock(serialized))["value"]!);
        Assert.Equal(15m * 11m, (decimal)(await Api.Stock(fifo))["value"]!);
        var fifoRows = await Api.Movements(fifo);
        Assert.Contains(fifoRows, m => (decimal)m!["value"]! == -5m && ((string)m["description"]!).Contains("cost of goods"));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_landed_cost_on_an_order_with_nothing_received_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var (order, _) = await Api.ApprovedOrder(warehouse, (product, 5, 1m));

        var problem = await Api.PostRefused($"/api/purchase-orders/{order}/landed-costs", new { description = "Duty", amount = 10m }, HttpStatusCode.Conflict);

        problem.Mentions("has received no stock");
        await Api.AssertLedgerConsistent();
    }
}
