using System.Net;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Sales;

namespace Stocktrail.Tests.Labels;

public sealed class DeliveryNoteTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task Each_dispatch_has_a_delivery_note_listing_exactly_the_serials_and_batches_that_left_on_it()
    {
        var warehouse = await Api.Warehouse();
        var serials = await Api.SerialsInStock(warehouse, 10m, "DN-1", "DN-2", "DN-3");
        var fifo = await Api.FifoInStock(warehouse, (10, 1m));
        var sale = await Api.NewSale(warehouse, (serials, 3, 20m), (fifo, 4, 2m));
        await Api.Dispatch(sale.Id, SalesTestApi.Line(sale.LineIds[0], 2, "DN-1", "DN-3"));
        await Task.Delay(5); // a second dispatch, at a later moment
        await Api.Dispatch(sale.Id, SalesTestApi.Line(sale.LineIds[0], 1, "DN-2"), SalesTestApi.Line(sale.LineIds[1], 4));

        var dispatches = (await Api.Get($"/api/stock-sales/{sale.Id}/dispatches")).AsArray();
        Assert.Equal([(1, 2m), (2, 5m)], dispatches.Select(d => ((int)d!["number"]!, (decimal)d["units"]!)));

        var first = await Api.Get($"/api/stock-sales/{sale.Id}/dispatches/1/delivery-note?format=json");
        Assert.Equal((sale.Number, sale.CustomerName, 1, 2), ((string)first["saleNumber"]!, (string)first["customer"]!, (int)first["dispatchNumber"]!, (int)first["dispatchCount"]!));
        var line = Assert.Single(first["lines"]!.AsArray());
        Assert.Equal(["DN-1", "DN-3"], line!["serials"]!.AsArray().Select(s => (string)s!).Order());
        Assert.Equal(2m, (decimal)line["quantity"]!);

        var second = await Api.Get($"/api/stock-sales/{sale.Id}/dispatches/2/delivery-note?format=json");
        var lines = second["lines"]!.AsArray();
        Assert.Equal(["DN-2"], lines[0]!["serials"]!.AsArray().Select(s => (string)s!));
        Assert.Equal((2, 4m), ((int)lines[1]!["lineNumber"]!, (decimal)lines[1]!["quantity"]!));

        var pdf = await Api.Http.GetAsync($"/api/stock-sales/{sale.Id}/dispatches/2/delivery-note");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        using var document = PdfSharp.Pdf.IO.PdfReader.Open(await pdf.Content.ReadAsStreamAsync(), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        Assert.Equal(1, document.PageCount);
    }

    [Fact]
    public async Task A_batch_dispatch_names_each_batch_and_its_quantity()
    {
        var warehouse = await Api.Warehouse();
        var product = await Api.Product("Batch");
        var (order, lines) = await Api.ApprovedOrder(warehouse, (product, 10, 1m));
        await Api.PostOk($"/api/purchase-orders/{order}/receipts", new { lines = new[] { new { lineId = lines[0], quantity = 10, batches = new[] { new { batch = "LOT-A", quantity = 6 }, new { batch = "LOT-B", quantity = 4 } } } } });
        var sale = await Api.NewSale(warehouse, (product, 8, 3m));
        await Api.Dispatch(sale.Id, SalesTestApi.BatchLine(sale.LineIds[0], 8, ("LOT-A", 6), ("LOT-B", 2)));

        var note = await Api.Get($"/api/stock-sales/{sale.Id}/dispatches/1/delivery-note?format=json");
        var batches = note["lines"]![0]!["batches"]!.AsArray().Select(b => ((string)b!["batch"]!, (decimal)b["quantity"]!)).OrderBy(b => b.Item1);
        Assert.Equal([("LOT-A", 6m), ("LOT-B", 2m)], batches);
    }

    [Fact]
    public async Task A_sale_not_yet_dispatched_has_no_delivery_note_and_says_so()
    {
        var warehouse = await Api.Warehouse();
        var sale = await Api.NewSale(warehouse, (await Api.FifoInStock(warehouse, (5, 1m)), 1, 2m));
        var problem = await Api.Refused(HttpMethod.Get, $"/api/stock-sales/{sale.Id}/dispatches/1/delivery-note", null, HttpStatusCode.NotFound);
        problem.Mentions(sale.Number, "not been dispatched");
    }

    [Fact]
    public async Task The_print_page_shows_customer_sale_and_every_serial()
    {
        var warehouse = await Api.Warehouse();
        var serials = await Api.SerialsInStock(warehouse, 10m, "PP-1", "PP-2");
        var sale = await Api.NewSale(warehouse, (serials, 2, 20m));
        await Api.Dispatch(sale.Id, SalesTestApi.Line(sale.LineIds[0], 2, "PP-1", "PP-2"));
        var viewer = await Factory.ClientAsAsync("Viewer");
        var html = await viewer.GetStringAsync($"/sales/{sale.Id}/dispatches/1/delivery-note");
        foreach (var text in new[] { "Delivery note", sale.Number, sale.CustomerName, "PP-1", "PP-2" }) Assert.Contains(text, html);
    }
}
