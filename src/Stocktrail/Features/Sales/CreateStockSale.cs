using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.Sales;

/// <summary>Records a sale of stock to a customer from one warehouse; nothing leaves until it is dispatched.</summary>
public static class CreateStockSale
{
    public sealed record Request(int CustomerId, int WarehouseId, IReadOnlyList<Line>? Lines);
    public sealed record Line(int ProductId, decimal Quantity, decimal UnitPrice);

    public sealed class Handler(StocktrailDbContext db, AuditTrail audit, TimeProvider clock)
    {
        public async Task<StockSaleDto> HandleAsync(Request request, CancellationToken ct)
        {
            var problems = new ProblemList();
            if (!await db.Customers.AnyAsync(c => c.Id == request.CustomerId, ct))
                problems.Add(Problem.Invalid($"There is no customer with id {request.CustomerId}."));
            if (!await db.Warehouses.AnyAsync(w => w.Id == request.WarehouseId, ct))
                problems.Add(Problem.Invalid($"There is no warehouse with id {request.WarehouseId}."));

            var lines = request.Lines ?? [];
            if (lines.Count == 0) problems.Add(Problem.Invalid("A stock sale needs at least one line."));
            await DocumentLines.CheckOrderLinesAsync(db, lines.Select(l => l is null ? null : new OrderLine(l.ProductId, l.Quantity, l.UnitPrice)).ToList(),
                "unit price", "sold", problems, ct);
            problems.ThrowIfAny();

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var sale = new StockSale(request.CustomerId, request.WarehouseId, clock.GetUtcNow().UtcDateTime);
            foreach (var line in lines) sale.AddLine(line.ProductId, line.Quantity, line.UnitPrice);
            db.StockSales.Add(sale);
            await db.SaveChangesAsync(ct);
            sale.NumberFromId();
            var customer = await db.Customers.Where(c => c.Id == sale.CustomerId).Select(c => c.Name).FirstAsync(ct);
            var productIds = sale.Lines.Select(l => l.ProductId).Distinct().ToList();
            var skus = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Sku, ct);
            audit.Record(AuditActions.StockSaleCreated,
                $"Stock sale {sale.Number} to {customer}, {sale.Lines.Count} line(s): " +
                AuditText.Lines(sale.Lines.Select(l => $"{AuditText.Line(l.LineNumber, skus[l.ProductId], l.Quantity)} at {AuditText.Money(l.UnitPrice)}")) + ".",
                SourceType.StockSale, sale.Number);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return await StockSaleReader.ReadAsync(db, sale.Id, ct);
        }
    }
}
