using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.Sales;

public sealed record StockSaleDto(
    int Id, string Number, StockSaleStatus Status, int CustomerId, string CustomerName, int WarehouseId, DateTime CreatedAt,
    IReadOnlyList<StockSaleLineDto> Lines, string CreatedBy);

/// <summary>A sale line with what has left on it; serials and batches are those dispatched on it and not returned.</summary>
public sealed record StockSaleLineDto(
    int Id, int LineNumber, int ProductId, string Sku, TrackingType TrackingType, decimal Quantity, decimal UnitPrice,
    decimal DispatchedQuantity, decimal ReturnedQuantity, decimal OpenQuantity, IReadOnlyList<string> Serials, IReadOnlyList<BatchQuantity> Batches) : SerialsOnLine;

/// <summary>What one dispatch or customer return moved: per line, the units and batches and their cost.</summary>
public sealed record StockSaleMovedDto(int SaleId, string Number, StockSaleStatus Status, IReadOnlyList<StockSaleMovedLineDto> Lines, decimal TotalCost);
public sealed record StockSaleMovedLineDto(
    int LineId, int LineNumber, int ProductId, string Sku, decimal Quantity, decimal UnitCost, decimal TotalCost,
    IReadOnlyList<string> Serials, IReadOnlyList<BatchQuantity> Batches);

/// <summary>A line of a dispatch or return request: which sale line, how many, and which units.</summary>
public sealed record SaleMoveLine(int LineId, decimal Quantity, IReadOnlyList<string?>? Serials, IReadOnlyList<BatchQuantity>? Batches, BatchPick? Pick = null);

internal static class StockSaleReader
{
    public static async Task<StockSaleDto> ReadAsync(StocktrailDbContext db, int id, CancellationToken ct)
    {
        var sale = await db.StockSales.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct)
            ?? throw StockRuleException.NotFound($"There is no stock sale with id {id}.");
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == sale.CustomerId).Select(c => c.Name).FirstAsync(ct);
        var productIds = sale.Lines.Select(l => l.ProductId).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);

        var large = sale.Lines.Where(l => LineSerials.IsLarge(WithCustomer(l, products))).Select(l => l.Id).ToList();
        var contents = await DocumentContents.ReadAsync(db, SourceType.StockSale, id, DocumentFlow.Out, ct, large);

        var lines = new List<StockSaleLineDto>();
        foreach (var l in sale.Lines.OrderBy(l => l.LineNumber))
        {
            // With the customer now: the units and batches that left on this line and have not come back.
            var held = contents.OnLine(l.Id, l.ProductId);
            var product = products[l.ProductId];
            var serials = await LineSerials.SummarizeAsync(db, LineSerials.ForSaleLine(id, l.Id), WithCustomer(l, products),
                () => held?.Units.Select(u => u.Serial).ToList() ?? [], ct);
            lines.Add(new StockSaleLineDto(l.Id, l.LineNumber, l.ProductId, product.Sku, product.TrackingType, l.Quantity, l.UnitPrice,
                l.DispatchedQuantity, l.ReturnedQuantity, l.OpenQuantity, serials.Serials, held?.BatchQuantities ?? []).Saying(serials));
        }
        return new StockSaleDto(sale.Id, sale.Number, sale.Status, sale.CustomerId, customer, sale.WarehouseId, sale.CreatedAt, lines,
            await Authors.NameAsync(db, sale.CreatedById, ct));
    }

    /// <summary>How many serials a line left with the customer, from its quantities: dispatched less returned, for a serialized product.</summary>
    private static decimal WithCustomer(StockSaleLine line, Dictionary<int, Product> products) =>
        products[line.ProductId].TrackingType == TrackingType.Serial ? line.DispatchedQuantity - line.ReturnedQuantity : 0;
}
