using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.Receiving;

public static class CreatePurchaseOrder
{
    public sealed record Request(int SupplierId, int WarehouseId, string? Number, IReadOnlyList<Line>? Lines);
    public sealed record Line(int ProductId, decimal Quantity, decimal UnitCost);

    public sealed class Handler(StocktrailDbContext db, AuditTrail audit, TimeProvider clock)
    {
        public async Task<PurchaseOrderDto> HandleAsync(Request request, CancellationToken ct)
        {
            var problems = new ProblemList();
            if (!await db.Suppliers.AnyAsync(s => s.Id == request.SupplierId, ct))
                problems.Add(Problem.Invalid($"There is no supplier with id {request.SupplierId}."));
            if (!await db.Warehouses.AnyAsync(w => w.Id == request.WarehouseId, ct))
                problems.Add(Problem.Invalid($"There is no warehouse with id {request.WarehouseId}."));
            if (request.Number is not null && TrackingCode.Check(request.Number, "order number") is { } numberProblem)
                problems.Add(Problem.Invalid($"{numberProblem} An order number, when given, has 1 to 64 characters without control characters."));

            var lines = request.Lines ?? [];
            if (lines.Count == 0) problems.Add(Problem.Invalid("A purchase order needs at least one line."));
            await DocumentLines.CheckOrderLinesAsync(db, lines.Select(l => l is null ? null : new OrderLine(l.ProductId, l.Quantity, l.UnitCost)).ToList(),
                "unit cost", "ordered", problems, ct);
            problems.ThrowIfAny();

            if (request.Number is not null && await db.PurchaseOrders.AnyAsync(o => o.Number == request.Number.Trim(), ct))
                throw StockRuleException.Conflict($"Purchase order number {request.Number.Trim()} is already used.");

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var order = new PurchaseOrder(request.SupplierId, request.WarehouseId, request.Number, clock.GetUtcNow().UtcDateTime);
            foreach (var line in lines) order.AddLine(line.ProductId, line.Quantity, line.UnitCost);
            db.PurchaseOrders.Add(order);
            await db.SaveChangesAsync(ct);
            if (order.NeedsNumber)
            {
                foreach (var candidate in order.NumbersFromId())
                {
                    if (await db.PurchaseOrders.AnyAsync(o => o.Number == candidate, ct)) continue;
                    order.NumberAs(candidate);
                    break;
                }
            }
            var supplier = await db.Suppliers.Where(s => s.Id == order.SupplierId).Select(s => s.Name).FirstAsync(ct);
            var skus = await DocumentSkusAsync(order.Lines.Select(l => l.ProductId), ct);
            audit.Record(AuditActions.PurchaseOrderCreated,
                $"Purchase order {order.Number} from {supplier}, {order.Lines.Count} line(s): " +
                AuditText.Lines(order.Lines.Select(l => $"{AuditText.Line(l.LineNumber, skus[l.ProductId], l.Quantity)} at {AuditText.Money(l.UnitCost)}")) + ".",
                SourceType.PurchaseOrder, order.Number);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return await PurchaseOrderReader.ReadAsync(db, order.Id, ct);
        }

        private async Task<Dictionary<int, string>> DocumentSkusAsync(IEnumerable<int> productIds, CancellationToken ct)
        {
            var ids = productIds.Distinct().ToList();
            return await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Sku.Value, ct);
        }
    }
}

public static class GetPurchaseOrder
{
    public sealed class Handler(StocktrailDbContext db)
    {
        public Task<PurchaseOrderDto> HandleAsync(int id, CancellationToken ct) => PurchaseOrderReader.ReadAsync(db, id, ct);
    }
}

public static class ListPurchaseOrders
{
    public sealed record Item(int Id, string Number, int SupplierId, int WarehouseId, PurchaseOrderStatus Status, DateTime CreatedAt, string CreatedBy);
    public sealed record Result(IReadOnlyList<Item> Items);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(CancellationToken ct) =>
            new(await (
                from o in db.PurchaseOrders.AsNoTracking().IgnoreAutoIncludes()
                join u in db.Users on o.CreatedById equals (int?)u.Id into authors
                from u in authors.DefaultIfEmpty()
                orderby o.Id descending
                select new Item(o.Id, o.Number, o.SupplierId, o.WarehouseId, o.Status, o.CreatedAt, u == null ? User.BeforeUsers : u.UserName!))
                .Take(500).ToListAsync(ct));
    }
}

public static class ChangePurchaseOrderStatus
{
    public sealed class Handler(StocktrailDbContext db, AuditTrail audit)
    {
        public Task<PurchaseOrderDto> ApproveAsync(int id, CancellationToken ct) =>
            ChangeAsync(id, o => o.Approve(), AuditActions.PurchaseOrderApproved,
                (o, _) => $"Purchase order {o.Number} approved: {o.Lines.Count} line(s), {AuditText.Count(o.Lines.Sum(l => l.Quantity), "unit", "units")} to receive.", ct);

        /// <summary>Locks the order: received serials can no longer be corrected, nothing more is received.</summary>
        public Task<PurchaseOrderDto> CompleteAsync(int id, CancellationToken ct) =>
            ChangeAsync(id, o => o.Complete(), AuditActions.PurchaseOrderCompleted,
                (o, was) => $"Purchase order {o.Number} completed (was {was}): {AuditText.Qty(o.Lines.Sum(l => l.ReceivedQuantity))} of " +
                            $"{AuditText.Count(o.Lines.Sum(l => l.Quantity), "unit", "units")} received; nothing more is received or corrected on it.", ct);

        private async Task<PurchaseOrderDto> ChangeAsync(int id, Action<PurchaseOrder> change, string action,
            Func<PurchaseOrder, PurchaseOrderStatus, string> detail, CancellationToken ct)
        {
            var order = await db.PurchaseOrders.FirstOrDefaultAsync(o => o.Id == id, ct)
                ?? throw StockRuleException.NotFound($"There is no purchase order with id {id}.");
            var was = order.Status;
            change(order);
            audit.Record(action, detail(order, was), SourceType.PurchaseOrder, order.Number);
            await db.SaveChangesAsync(ct);
            return await PurchaseOrderReader.ReadAsync(db, id, ct);
        }
    }
}
