using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Products;

public sealed class BillOfMaterialsTests(StocktrailFactory factory) : ApiTest(factory)
{
    private async Task<JsonNode> Put(int productId, object body)
    {
        var response = await Api.Http.PutAsJsonAsync($"/api/products/{productId}/bill-of-materials", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private Task<Problem> PutRefused(int productId, object body, HttpStatusCode expected = HttpStatusCode.BadRequest) =>
        Api.Refused(HttpMethod.Put, $"/api/products/{productId}/bill-of-materials", body, expected);

    private static object Lines(params (int ProductId, decimal Quantity)[] lines) =>
        new { lines = lines.Select(l => new { productId = l.ProductId, quantity = l.Quantity }) };

    private async Task<List<(int ProductId, decimal Quantity)>> Bill(int productId) =>
        (await Api.Get($"/api/products/{productId}/bill-of-materials"))["lines"]!.AsArray()
            .Select(l => ((int)l!["productId"]!, (decimal)l["quantity"]!)).ToList();

    [Fact]
    public async Task A_bill_of_materials_is_kept_with_each_component_and_its_quantity_per_unit_and_replaced_whole()
    {
        var pump = await Api.Product("Serial");
        var motor = await Api.Product("Serial", Api.Unique("MOTOR"));
        var oil = await Api.Product("Fifo");
        var labour = await Api.Product("NonStock");

        var saved = await Put(pump, Lines((motor, 1), (oil, 0.25m), (labour, 1.5m)));

        Assert.Equal(pump, (int)saved["productId"]!);
        var first = saved["lines"]![0]!;
        Assert.Equal(motor, (int)first["productId"]!);
        Assert.StartsWith("MOTOR-", (string)first["sku"]!);
        Assert.Equal("Serial", (string)first["trackingType"]!);
        Assert.Equal([(motor, 1m), (oil, 0.25m), (labour, 1.5m)], await Bill(pump));

        await Put(pump, Lines((oil, 0.5m)));
        Assert.Equal([(oil, 0.5m)], await Bill(pump));
        await Put(pump, Lines());
        Assert.Empty(await Bill(pump));
        var audit = await Api.Get($"/api/audit?pageSize=20");
        Assert.Contains(audit["items"]!.AsArray(), e => (string)e!["action"]! == "product.bill-of-materials-changed" && ((string)e["detail"]!).Contains("0.5 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_bad_line_of_a_bill_is_refused_at_once_by_its_line_and_the_bill_stays_as_it_was()
    {
        var pump = await Api.Product("Fifo", Api.Unique("PUMP"));
        var motor = await Api.Product("Serial", Api.Unique("MOTOR"));
        var oil = await Api.Product("Fifo", Api.Unique("OIL"));
        await Put(pump, Lines((oil, 2)));

        var refused = await PutRefused(pump, new
        {
            lines = new object?[]
            {
                new { productId = 999_999, quantity = 1 },
                new { productId = oil, quantity = 0 },
                new { productId = motor, quantity = 1.5 },
                new { productId = oil, quantity = 3 },
                new { productId = pump, quantity = 1 },
                null,
                new { productId = motor, quantity = -2 },
            },
        });

        refused.Mentions(
            "Line 1: there is no product with id 999999",
            "Line 2 (OIL-", "must be more than zero (was 0)",
            "Line 3 (MOTOR-", "serialized units are whole",
            "Line 4 (OIL-", "is already on line 2",
            "Line 5 (PUMP-", "cannot be a component of itself",
            "Line 6 is empty",
            "Line 7 (MOTOR-", "is already on line 3");
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 7], refused.Errors.Select(e => (int)e["line"]!).Order().ToList());
        Assert.Equal([(oil, 2m)], await Bill(pump));
    }

    [Fact]
    public async Task A_product_cannot_be_made_with_a_product_that_is_made_with_it_at_any_depth()
    {
        var pump = await Api.Product("Serial", Api.Unique("PUMP"));
        var housing = await Api.Product("Fifo", Api.Unique("HOUSING"));
        var casting = await Api.Product("Fifo", Api.Unique("CASTING"));
        await Put(pump, Lines((housing, 1)));
        await Put(housing, Lines((casting, 2)));

        var loop = await PutRefused(casting, Lines((pump, 1)));

        loop.Mentions("Line 1 (PUMP-", "is made with CASTING-", "PUMP-", " contains HOUSING-", " contains CASTING-", "cannot be made with it");
        Assert.Empty(await Bill(casting));
        var direct = await PutRefused(housing, Lines((casting, 2), (pump, 1)));
        direct.Mentions("Line 2 (PUMP-");
        Assert.Equal([(casting, 2m)], await Bill(housing));
    }

    [Fact]
    public async Task A_bill_of_an_unknown_product_is_not_found()
    {
        var oil = await Api.Product("Fifo");
        await Api.Refused(HttpMethod.Get, "/api/products/999999/bill-of-materials", null, HttpStatusCode.NotFound);
        await PutRefused(999_999, Lines((oil, 1)), HttpStatusCode.NotFound);
        await Api.Refused(HttpMethod.Get, "/api/production-jobs/999999/bill-of-materials", null, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_job_fills_its_material_lines_from_the_bill_times_its_planned_quantity_less_what_it_already_holds()
    {
        var warehouse = await Api.Warehouse();
        var motor = await Api.SerialsInStock(warehouse, 40m, "M-1", "M-2", "M-3", "M-4", "M-5", "M-6");
        var oil = await Api.Product("Fifo");
        var (order, orderLines) = await Api.ApprovedOrder(warehouse, (oil, 10, 2m));
        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = orderLines[0], quantity = 10 } } });
        var labour = await Api.Product("NonStock", costPrice: 30m);
        var pump = await Api.Product("Serial");
        await Put(pump, Lines((motor, 2), (oil, 0.25m), (labour, 1.5m)));
        var job = (int)(await Api.PostOk("/api/production-jobs", new { outputProductId = pump, quantity = 3, warehouseId = warehouse }))["id"]!;
        await Api.PostOk($"/api/production-jobs/{job}/materials", new { warehouseId = warehouse, lines = new[] { new { productId = motor, quantity = 2, serials = new[] { "M-1", "M-2" } } } });

        var fill = await Api.Get($"/api/production-jobs/{job}/bill-of-materials");

        Assert.Equal(3m, (decimal)fill["plannedQuantity"]!);
        Assert.Equal(warehouse, (int)fill["warehouseId"]!);
        var lines = fill["lines"]!.AsArray().Select(l => ((int)l!["productId"]!, (decimal)l["required"]!, (decimal)l["onJob"]!, (decimal)l["quantity"]!)).ToList();
        Assert.Equal([(motor, 6m, 2m, 4m), (oil, 0.75m, 0m, 0.75m), (labour, 4.5m, 0m, 4.5m)], lines);

        // The lines are the use of materials, once the serials are chosen; then nothing is left to use.
        await Api.PostOk($"/api/production-jobs/{job}/materials", new
        {
            warehouseId = warehouse,
            lines = new object[]
            {
                new { productId = motor, quantity = 4, serials = new[] { "M-3..M-6" } },
                new { productId = oil, quantity = 0.75m },
                new { productId = labour, quantity = 4.5m },
            },
        });
        var after = await Api.Get($"/api/production-jobs/{job}/bill-of-materials");
        Assert.All(after["lines"]!.AsArray(), l => Assert.Equal(0m, (decimal)l!["quantity"]!));
        Assert.Equal(240m + 1.5m + 135m, (decimal)(await Api.Get($"/api/production-jobs/{job}"))["consumedCost"]!);
        await Api.AssertLedgerConsistent();
    }
}
