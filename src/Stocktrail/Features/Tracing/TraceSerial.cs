using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Tracing;

/// <summary>
/// The genealogy of a unit through any number of production levels. <c>down</c>: what it was built from, each part with
/// the documents it came in on (the supplier's order). <c>up</c>: what it was built into, and every document each of
/// those units went out on (the customer's sale), so a faulty component can be followed to every customer it reached.
/// The links are found by one recursive query (<see cref="Genealogy"/>); the tree is then made in memory, each unit
/// once, under the first unit that leads to it.
/// </summary>
public static class TraceSerial
{
    public sealed record Result(string Direction, Node Root);

    public sealed record Node(int ProductId, string Sku, string? Serial, string? Batch, decimal Quantity, SerialStatus? Status, int? WarehouseId,
        string? ProductionJob, IReadOnlyList<DocumentRow> Documents, IReadOnlyList<Node> Components, IReadOnlyList<Node> BuiltInto);

    public sealed record DocumentRow(DateTime OccurredAt, SourceType SourceType, int SourceId, string SourceNumber, decimal Quantity, string Description);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(int productId, string serial, string? direction, CancellationToken ct)
        {
            var down = direction is null || direction.Equals("down", StringComparison.OrdinalIgnoreCase);
            if (!down && !direction!.Equals("up", StringComparison.OrdinalIgnoreCase))
                throw StockRuleException.Invalid($"direction '{direction}' is not known: use down (what it was built from) or up (what it went into).");
            var key = TrackingCode.Key(serial);
            var unitId = await db.SerialUnits.AsNoTracking().Where(u => u.ProductId == productId && u.SerialKey == key).Select(u => (long?)u.Id).FirstOrDefaultAsync(ct)
                ?? throw new StockRuleException(new Problem(ProblemKind.NotFound, $"Product {productId} has no unit with serial {serial.Trim()}.") { Serial = serial.Trim() });

            var rows = await Genealogy.WalkAsync(db, down ? Genealogy.Direction.Down : Genealogy.Direction.Up, productId, unitId, null, ct);
            var tree = GenealogyTree.Of(rows);
            var facts = await NodeFacts.ReadAsync(db, tree.Nodes, ct);
            var unitDocuments = await UnitDocumentsAsync(tree.Nodes.Where(r => r.Kind == Genealogy.Unit).Select(r => r.UnitId!.Value).ToList(), ct);
            var batchDocuments = await BatchDocumentsAsync(tree.Nodes.Where(r => r.Kind == Genealogy.Batch).ToList(), down, ct);

            Node Build(GenealogyTree.Branch branch)
            {
                var r = branch.Row;
                var children = branch.Children.Select(Build).ToList();
                var unit = r.UnitId is { } id ? facts.Units[id] : null;
                var documents = r.Kind switch
                {
                    Genealogy.Unit => unitDocuments.GetValueOrDefault(r.UnitId!.Value) ?? [],
                    Genealogy.Batch => batchDocuments.GetValueOrDefault(r.Key) ?? [],
                    _ => [],
                };
                return new Node(r.ProductId, facts.Skus[r.ProductId], unit?.Serial, unit is null ? r.Batch : null, r.Quantity ?? 1, unit?.Status, unit?.WarehouseId,
                    r.JobId is { } job ? facts.Jobs[job] : null, documents, down ? children : [], down ? [] : children);
            }
            return new Result(down ? "down" : "up", Build(tree.Root));
        }

        /// <summary>Each unit's ledger rows, in the order they happened (sorted here, a few per unit, not by the database across all of them).</summary>
        private async Task<Dictionary<long, List<DocumentRow>>> UnitDocumentsAsync(List<long> unitIds, CancellationToken ct) =>
            (await db.StockMovements.AsNoTracking().Where(m => m.SerialUnitId != null && unitIds.Contains(m.SerialUnitId.Value))
                .Select(m => new { m.Id, Unit = m.SerialUnitId!.Value, Row = new DocumentRow(m.OccurredAt, m.SourceType, m.SourceId, m.SourceNumber, m.Quantity, m.Description) })
                .ToListAsync(ct))
            .GroupBy(m => m.Unit).ToDictionary(g => g.Key, g => g.OrderBy(m => m.Row.OccurredAt).ThenBy(m => m.Id).Select(m => m.Row).ToList());

        /// <summary>
        /// The documents of each batch in the tree. Going down, the documents its batch came in on (the supplier's
        /// order); going up, every document that took some of the batch out, so the customers a batch reached are found too.
        /// </summary>
        private async Task<Dictionary<string, List<DocumentRow>>> BatchDocumentsAsync(List<Genealogy.Row> batches, bool down, CancellationToken ct)
        {
            if (batches.Count == 0) return [];
            var products = batches.Select(b => b.ProductId).Distinct().ToList();
            var wanted = batches.Select(b => b.Key).ToHashSet();
            // Only the product is asked of the database, so that the ledger is read by the product's index: with the
            // source type beside it, SQLite (no statistics) read every purchase order's row of the ledger by the
            // source index instead, a second on ten million rows for the two rows of a batch.
            var rows = await db.StockMovements.AsNoTracking()
                .Where(m => products.Contains(m.ProductId) && m.Batch != null)
                .OrderBy(m => m.OccurredAt).ThenBy(m => m.Id)
                .Select(m => new { m.ProductId, m.Batch, Row = new DocumentRow(m.OccurredAt, m.SourceType, m.SourceId, m.SourceNumber, m.Quantity, m.Description) })
                .ToListAsync(ct);
            return rows.Where(m => down ? m.Row.Quantity > 0 && m.Row.SourceType == SourceType.PurchaseOrder : m.Row.Quantity < 0 && m.Row.SourceType != SourceType.StockTransfer)
                .Select(m => (Key: Genealogy.NodeKey(Genealogy.Batch, m.ProductId, null, m.Batch, null), m.Row))
                .Where(m => wanted.Contains(m.Key)).GroupBy(m => m.Key).ToDictionary(g => g.Key, g => g.Select(m => m.Row).ToList());
        }
    }
}
