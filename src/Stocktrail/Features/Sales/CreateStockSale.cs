using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Sales;

/// <summary>Records a sale of stock to a customer from one warehouse; nothing leaves until it is dispatched.</summary>
public static class CreateStockSale
{
    public sealed record Request(int CustomerId, int WarehouseId, IReadOnlyList<Line>? Lines);
    public sealed record Line(int ProductId, decimal Quantity, decimal UnitPrice);

    public sealed class Handler(StocktrailDbContext db, TimeProvider clock)
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
            var productIds = lines.Where(l => l is not null).Select(l => l.ProductId).Distinct().ToList();
            var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            for (var i = 0; i < lines.Count; i++)
            {
                var (line, n) = (lines[i], i + 1);
                if (line is null)
                {
                    problems.Add(new Problem(ProblemKind.Invalid, $"Line {n} is empty: give its productId, quantity and unitPrice.") { Line = n });
                    continue;
                }
                if (!products.TryGetValue(line.ProductId, out var product))
                {
                    problems.Add(new Problem(ProblemKind.Invalid, $"Line {n}: there is no product with id {line.ProductId}.") { Line = n });
                    continue;
                }
                var at = $"Line {n} ({product.Sku})";
                if (!product.IsActive)
                    problems.Add(new Problem(ProblemKind.Invalid, $"{at}: the product is inactive and cannot be sold.") { Line = n });
                if (line.Quantity <= 0)
                    problems.Add(new Problem(ProblemKind.Invalid, $"{at}: the quantity must be more than zero (was {line.Quantity}).") { Line = n });
                else if (product.IsSerialized && line.Quantity != decimal.Truncate(line.Quantity))
                    problems.Add(new Problem(ProblemKind.Invalid, $"{at}: serialized units are whole; a quantity of {line.Quantity} cannot be sold.") { Line = n });
                if (line.UnitPrice < 0)
                    problems.Add(new Problem(ProblemKind.Invalid, $"{at}: the unit price cannot be negative (was {line.UnitPrice}).") { Line = n });
            }
            problems.ThrowIfAny();

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var sale = new StockSale(request.CustomerId, request.WarehouseId, clock.GetUtcNow().UtcDateTime);
            foreach (var line in lines) sale.AddLine(line.ProductId, line.Quantity, line.UnitPrice);
            db.StockSales.Add(sale);
            await db.SaveChangesAsync(ct);
            sale.NumberFromId();
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return await StockSaleReader.ReadAsync(db, sale.Id, ct);
        }
    }
}
