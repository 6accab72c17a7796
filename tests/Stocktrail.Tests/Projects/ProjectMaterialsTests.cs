using System.Net;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Projects;

public sealed class ProjectMaterialsTests(StocktrailFactory factory) : ApiTest(factory)
{
    private async Task<int> Project() => (int)(await Api.PostOk("/api/projects", new { name = Api.Unique("Project") }))["id"]!;

    [Fact]
    public async Task Using_a_serial_on_a_project_takes_that_unit_out_at_its_own_cost_and_lists_it_on_the_project()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.SerialsInStock(warehouse, 40m, "U-1", "U-2", "U-3");
        var project = await Project();

        var used = await Api.PostOk($"/api/projects/{project}/materials",
            new { warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 2, serials = new[] { "u-1", "U-3" } } } });

        Assert.Equal(80m, (decimal)used["totalCost"]!);
        Assert.Equal(1, await Api.OnHand(product, warehouse));
        Assert.Equal("Out", (string)(await Api.Serial(product, "U-1"))["status"]!);
        Assert.Equal("InStock", (string)(await Api.Serial(product, "U-2"))["status"]!);
        var materials = await Api.Get($"/api/projects/{project}/materials");
        var item = materials["items"]!.AsArray().Single()!;
        Assert.Equal(2m, (decimal)item["quantity"]!);
        Assert.Equal(80m, (decimal)item["totalCost"]!);
        Assert.Equal(["U-1", "U-3"], item["serials"]!.AsArray().Select(s => (string)s!));
        var history = (await Api.Serial(product, "U-3"))["history"]!.AsArray();
        Assert.Equal([1m, -1m], history.Select(h => (decimal)h!["quantity"]!));
        Assert.Equal("Project", (string)history[1]!["sourceType"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_serialized_product_cannot_be_used_without_its_serials_or_with_serials_not_in_that_warehouse()
    {
        var main = await Api.Warehouse();
        var van = await Api.Warehouse();
        var product = await Api.SerialsInStock(main, 10m, "S-1", "S-2");
        var other = await Api.SerialsInStock(main, 10m, "S-9");
        var project = await Project();

        var problem = await Api.PostRefused($"/api/projects/{project}/materials", new
        {
            warehouseId = van,
            lines = new object[]
            {
                new { productId = product, quantity = 1 },
                new { productId = product, quantity = 1, serials = new[] { "S-1" } },
                new { productId = product, quantity = 1, serials = new[] { "S-9" } },
                new { productId = product, quantity = 2, serials = new[] { "S-2" } },
            },
        }, HttpStatusCode.BadRequest);

        problem.Mentions("Line 1", "give the serial of each");
        problem.Mentions("serial S-1 is in stock in warehouse", "transfer it first");
        problem.Mentions("serial S-9 belongs to");
        problem.Mentions("Line 4", "1 serial was given for a quantity of 2");
        Assert.Equal(2, await Api.OnHand(product, main));
        Assert.Equal(1, await Api.OnHand(other, main));
        Assert.Empty((await Api.Get($"/api/projects/{project}/materials"))["items"]!.AsArray());
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Fifo_materials_leave_oldest_layer_first_and_stock_never_goes_negative()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Fifo");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 10, 1m), (product, 10, 3m));
        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 10 } } });
        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[1], quantity = 10 } } });
        var project = await Project();

        var refused = await Api.PostRefused($"/api/projects/{project}/materials",
            new { warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 21 } } }, HttpStatusCode.Conflict);
        refused.Mentions("only 20 in stock");

        var used = await Api.PostOk($"/api/projects/{project}/materials",
            new { warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 12 } } });
        Assert.Equal(16m, (decimal)used["totalCost"]!); // 10 at 1 and 2 at 3
        Assert.Equal(8, await Api.OnHand(product));
        Assert.Equal(24m, (decimal)(await Api.Stock(product))["value"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Returning_materials_brings_the_same_units_back_at_the_cost_they_left_at()
    {
        var warehouse = await Api.Warehouse();
        var serialized = await Api.SerialsInStock(warehouse, 25m, "R-1", "R-2");
        var fifo = await Api.Product("Fifo");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (fifo, 4, 2m), (fifo, 4, 4m));
        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 4 }, new { lineId = lines[1], quantity = 4 } } });
        var project = await Project();
        await Api.PostOk($"/api/projects/{project}/materials", new
        {
            warehouseId = warehouse,
            lines = new object[] { new { productId = serialized, quantity = 2, serials = new[] { "R-1", "R-2" } }, new { productId = fifo, quantity = 6 } },
        });

        await Api.PostOk($"/api/projects/{project}/material-returns", new
        {
            warehouseId = warehouse,
            lines = new object[] { new { productId = serialized, quantity = 1, serials = new[] { "R-2" } }, new { productId = fifo, quantity = 3 } },
        });

        var unit = await Api.Serial(serialized, "R-2");
        Assert.Equal("InStock", (string)unit["status"]!);
        Assert.Equal(25m, (decimal)unit["unitCost"]!);
        Assert.Equal(3, unit["history"]!.AsArray().Count);
        var materials = (await Api.Get($"/api/projects/{project}/materials"))["items"]!.AsArray();
        Assert.Equal(["R-1"], materials.Single(m => (int)m!["productId"]! == serialized)!["serials"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(3m, (decimal)materials.Single(m => (int)m!["productId"]! == fifo)!["quantity"]!);
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task Returning_a_serial_that_was_not_used_on_the_project_is_refused()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.SerialsInStock(warehouse, 5m, "N-1", "N-2");
        var project = await Project();
        await Api.PostOk($"/api/projects/{project}/materials", new { warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 1, serials = new[] { "N-1" } } } });

        var problem = await Api.PostRefused($"/api/projects/{project}/material-returns",
            new { warehouseId = warehouse, lines = new[] { new { productId = product, quantity = 1, serials = new[] { "N-2" } } } }, HttpStatusCode.Conflict);

        problem.Mentions("serial N-2 did not leave on");
        Assert.Equal(1, await Api.OnHand(product));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_NonStock_material_returns_only_what_the_project_used_and_takes_its_cost_off_the_project()
    {
        var warehouse = await Api.Warehouse();
        var labour = await Api.Product("NonStock", costPrice: 5m);
        var project = await Project();
        await Api.PostOk($"/api/projects/{project}/materials", new { warehouseId = warehouse, lines = new[] { new { productId = labour, quantity = 4 } } });

        var problem = await Api.PostRefused($"/api/projects/{project}/material-returns",
            new { warehouseId = warehouse, lines = new[] { new { productId = labour, quantity = 5 } } }, HttpStatusCode.Conflict);
        problem.Mentions("Line 1", "only 4 on");
        var returned = await Api.PostOk($"/api/projects/{project}/material-returns",
            new { warehouseId = warehouse, lines = new[] { new { productId = labour, quantity = 1 } } });

        Assert.Equal(5m, (decimal)returned["totalCost"]!);
        var item = (await Api.Get($"/api/projects/{project}/materials"))["items"]!.AsArray().Single()!;
        Assert.Equal(3m, (decimal)item["quantity"]!);
        Assert.Equal(15m, (decimal)item["totalCost"]!);
        await Api.AssertLedgerConsistent();
    }
}
