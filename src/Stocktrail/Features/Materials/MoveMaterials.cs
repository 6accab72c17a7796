using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.Materials;

/// <summary>
/// Uses stock on a project or production job (out of a chosen warehouse, at cost), or returns it from one (the same
/// units back, at the cost they left at). A serialized product is never used without its serials, chosen from those in
/// stock in that warehouse. A completed production job takes no more materials.
/// </summary>
public static class MoveMaterials
{
    public sealed class Handler(StocktrailDbContext db, LedgerWriter ledger, StockPicker picker, ReturnPicker returns, SerialLimit limit, AuditTrail audit, TimeProvider clock)
    {
        public Task<MaterialsMovedDto> UseAsync(MaterialOwner owner, int ownerId, MaterialsRequest request, CancellationToken ct) =>
            MoveAsync(owner, ownerId, request, returning: false, ct);

        public Task<MaterialsMovedDto> ReturnAsync(MaterialOwner owner, int ownerId, MaterialsRequest request, CancellationToken ct) =>
            MoveAsync(owner, ownerId, request, returning: true, ct);

        private async Task<MaterialsMovedDto> MoveAsync(MaterialOwner owner, int ownerId, MaterialsRequest request, bool returning, CancellationToken ct)
        {
            DocumentLines.RequireLines(request.Lines, returning ? "A return of materials" : "A use of materials");
            var requestLines = request.Lines!;

            limit.Check(requestLines.Select(l => (l?.Quantity ?? 0, l?.Serials)));
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var (source, name) = await FindOwnerAsync(owner, ownerId, returning, ct);

            var problems = new ProblemList();
            var warehouse = await DocumentLines.WarehouseCodeAsync(db, request.WarehouseId, problems, ct);
            DocumentLines.ReportEmptyLines(requestLines, "productId, quantity and serials or batches", problems);
            var products = await DocumentLines.LoadProductsAsync(db, requestLines.Select(l => l?.ProductId).ToList(), problems, ct);
            var lines = DocumentLines.AsOutLines(requestLines, products);
            if (problems.Any)
            {
                // Without the warehouse or the products the stock cannot be checked; report what is known.
                problems.ThrowIfAny();
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var posting = new Posting(now);
            var moved = new List<(OutLine Line, decimal Cost, IReadOnlyList<string> Serials, IReadOnlyList<BatchQuantity> Batches, MaterialMovement Row)>();
            if (returning)
            {
                // Before what left on the document is read, as the use does in the picker: two returns of the same
                // materials queue, and the second is told what is left to return rather than meeting a stale read.
                await ledger.LockStockAsync(lines.Select(l => l.Product.Id), ct);
                var picked = await returns.PickAsync(source.Type, source.Id, source.Number, lines, problems, ct);
                var nonStock = await CheckNonStockReturnsAsync(owner, ownerId, source.Number, lines, problems, ct);
                problems.ThrowIfAny();
                foreach (var line in picked)
                {
                    var cost = line.Cost + nonStock.GetValueOrDefault(line.Line.Position);
                    moved.Add((line.Line, cost, line.Units.Select(u => u.Serial).ToList(),
                        line.Layers.Where(l => l.Batch != null).Select(l => new BatchQuantity(l.Batch, l.Quantity)).ToList(),
                        new MaterialMovement(owner, ownerId, request.WarehouseId, line.Line.Product.Id, -line.Line.Quantity, -cost, now)));
                }
                await SaveRowsAsync(moved.Select(m => m.Row), ct);
                foreach (var (line, row) in picked.Zip(moved.Select(m => m.Row)))
                    line.AddTo(posting, request.WarehouseId, source.ForLine(row.Id), MovementKind.MaterialReturned, $"Returned from {source.Number} ({name})");
            }
            else
            {
                var picked = await picker.PickAsync(request.WarehouseId, lines, problems, ct, ExpiredStock.NotUsed);
                problems.ThrowIfAny();
                foreach (var line in picked)
                    moved.Add((line.Line, line.Cost, line.Units.Select(u => u.Serial).ToList(),
                        line.Batches.Select(b => new BatchQuantity(b.Batch, b.Takes.Sum(t => t.Quantity))).ToList(),
                        new MaterialMovement(owner, ownerId, request.WarehouseId, line.Product.Id, line.Line.Quantity, line.Cost, now)));
                await SaveRowsAsync(moved.Select(m => m.Row), ct);
                foreach (var (line, row) in picked.Zip(moved.Select(m => m.Row)))
                    line.AddTo(posting, request.WarehouseId, source.ForLine(row.Id),
                        owner == MaterialOwner.Project ? MovementKind.Used : MovementKind.Consumed,
                        owner == MaterialOwner.Project ? $"Used on {source.Number} ({name})" : $"Consumed by {source.Number} ({name})");
            }

            audit.Record(returning ? AuditActions.MaterialsReturned : AuditActions.MaterialsUsed,
                $"{(returning ? "Returned from" : owner == MaterialOwner.Project ? "Used on" : "Consumed by")} {source.Number} ({name}) " +
                $"{(returning ? "into" : "from")} {warehouse}: " +
                AuditText.Lines(moved.Select(m => AuditText.Line(m.Line.Position, m.Line.Product.Sku, m.Line.Quantity, m.Serials, m.Batches))) +
                $"; cost {AuditText.Money(moved.Sum(m => m.Cost))}.",
                source.Type, source.Number);
            await ledger.AppendAsync(posting, ct);
            await tx.CommitAsync(ct);
            // A large line answers its first serials as posted, read back by key so that its serialsNext goes on from them.
            var answered = new List<MaterialMovedLineDto>();
            foreach (var m in moved)
            {
                var serials = await LineSerials.SummarizeAsync(db, LineSerials.ForMaterialsLine(source.Type, ownerId, m.Row.Id, returning), m.Serials.Count, () => m.Serials, ct);
                answered.Add(new MaterialMovedLineDto(m.Row.Id, m.Line.Product.Id, m.Line.Product.Sku, m.Line.Quantity,
                    m.Line.Quantity == 0 ? 0 : Math.Round(m.Cost / m.Line.Quantity, 6), m.Cost, serials.Serials, m.Batches).Saying(serials));
            }
            return new MaterialsMovedDto(source.Number, answered, moved.Sum(m => m.Cost));
        }

        /// <summary>
        /// NonStock materials leave no ledger rows, so the return picker cannot see them: what may come back, and the
        /// cost it takes off the project or job, is what its materials rows say. Returns the cost credited per line position.
        /// </summary>
        private async Task<Dictionary<int, decimal>> CheckNonStockReturnsAsync(MaterialOwner owner, int ownerId, string number,
            List<OutLine> lines, ProblemList problems, CancellationToken ct)
        {
            var credits = new Dictionary<int, decimal>();
            var nonStock = lines.Where(l => l.Product.TrackingType == TrackingType.NonStock && l.Quantity > 0).ToList();
            if (nonStock.Count == 0) return credits;
            var ids = nonStock.Select(l => l.Product.Id).Distinct().ToList();
            var onOwner = await MaterialCost.NonStockAsync(db, owner, ownerId, ct, ids);
            foreach (var line in nonStock)
            {
                var (quantity, cost) = onOwner.GetValueOrDefault(line.Product.Id);
                if (line.Quantity > quantity)
                {
                    problems.Add(new Problem(ProblemKind.Conflict,
                        $"Line {line.Position} ({line.Product.Sku}): only {quantity} on {number} and not yet returned; {line.Quantity} cannot be returned.") { Line = line.Position });
                    continue;
                }
                var credit = line.Quantity == quantity ? cost : Math.Round(cost / quantity * line.Quantity, 6);
                credits[line.Position] = credit;
                onOwner[line.Product.Id] = (quantity - line.Quantity, cost - credit);
            }
            return credits;
        }

        private async Task SaveRowsAsync(IEnumerable<MaterialMovement> rows, CancellationToken ct)
        {
            db.MaterialMovements.AddRange(rows);
            await db.SaveChangesAsync(ct);
        }

        private async Task<(DocumentRef Source, string Name)> FindOwnerAsync(MaterialOwner owner, int id, bool returning, CancellationToken ct)
        {
            if (owner == MaterialOwner.Project)
            {
                var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == id, ct)
                    ?? throw StockRuleException.NotFound($"There is no project with id {id}.");
                project.RecordMaterialsMoved();
                return (new DocumentRef(SourceType.Project, project.Id, project.Number), project.Name);
            }
            var job = await db.ProductionJobs.FirstOrDefaultAsync(j => j.Id == id, ct)
                ?? throw StockRuleException.NotFound($"There is no production job with id {id}.");
            job.RecordMaterialsMoved(returning ? "takes no returns of materials" : "takes no more materials");
            var output = await db.Products.Where(p => p.Id == job.OutputProductId).Select(p => p.Sku).FirstAsync(ct);
            return (new DocumentRef(SourceType.ProductionJob, job.Id, job.Number), $"making {output}");
        }
    }
}
