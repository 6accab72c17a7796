using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Tracing;

/// <summary>Where a unit of a recall is now.</summary>
public enum RecallStatus { InStock, Returned, Dispatched, OnProject, Consumed, ReturnedToSupplier, Out, Untracked }

/// <summary>
/// A recall: from a component's serial or batch, every unit that contains it at any depth of production (one recursive
/// query, <see cref="Genealogy"/>), where each is now, and the customers who hold one. The source itself comes first
/// (depth 0): a batch's own stock and the customers who bought it as it is are part of a recall too. A batch is listed
/// once per place it is (each warehouse holding some, each sale, project or job it went out on). A unit used on a
/// project counts for the project's customer; a unit a customer returned is listed as returned, not as theirs.
/// </summary>
public static class Recall
{
    public sealed record Source(int ProductId, string Sku, string? Serial, string? Batch);

    public sealed record Unit(int ProductId, string Sku, string? Serial, string? Batch, decimal Quantity, int Depth, RecallStatus Status,
        int? WarehouseId, int? CustomerId, string? CustomerName, string? DocumentNumber);

    public sealed record Customer(int CustomerId, string Name, IReadOnlyList<Unit> Units);

    public sealed record Result(Source Source, IReadOnlyList<Unit> Units, IReadOnlyList<Customer> Customers);

    /// <summary>Ledger rows that move nothing: they say nothing about where a unit is.</summary>
    private static readonly MovementKind[] Events = [MovementKind.Revalued, MovementKind.ChargedToCostOfGoods, MovementKind.SerialCorrected];

    private sealed record Place(RecallStatus Status, decimal Quantity, int? WarehouseId, SourceType? SourceType, int? SourceId, string? DocumentNumber);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<Result> HandleAsync(int? productId, string? serial, string? batch, CancellationToken ct)
        {
            var problems = new ProblemList();
            if (productId is null) problems.Add(Problem.Invalid("productId is required: the product of the serial or batch to recall."));
            if (string.IsNullOrWhiteSpace(serial) == string.IsNullOrWhiteSpace(batch))
                problems.Add(Problem.Invalid("give either serial or batch: the unit or batch to recall."));
            problems.ThrowIfAny();

            var product = await db.Products.AsNoTracking().Where(p => p.Id == productId).Select(p => new { p.Id, p.Sku }).FirstOrDefaultAsync(ct)
                ?? throw StockRuleException.NotFound($"There is no product with id {productId}.");
            long? unitId = null;
            string? batchText = null;
            if (!string.IsNullOrWhiteSpace(serial))
            {
                var key = TrackingCode.Key(serial);
                var unit = await db.SerialUnits.AsNoTracking().Where(u => u.ProductId == product.Id && u.SerialKey == key).Select(u => new { u.Id, u.Serial }).FirstOrDefaultAsync(ct)
                    ?? throw new StockRuleException(new Problem(ProblemKind.NotFound, $"{product.Sku.Value} has no unit with serial {serial.Trim()}.") { Serial = serial.Trim() });
                (unitId, serial) = (unit.Id, unit.Serial);
            }
            else
            {
                var key = TrackingCode.Key(batch!);
                batchText = await db.StockMovements.AsNoTracking().Where(m => m.ProductId == product.Id && m.Batch != null && m.Batch.ToUpper() == key)
                    .OrderBy(m => m.Id).Select(m => m.Batch).FirstOrDefaultAsync(ct)
                    ?? throw new StockRuleException(new Problem(ProblemKind.NotFound, $"{product.Sku.Value} has never had batch {batch!.Trim()}.") { Batch = batch.Trim() });
            }

            var rows = await Genealogy.WalkAsync(db, Genealogy.Direction.Up, product.Id, unitId, batchText, ct);
            var tree = GenealogyTree.Of(rows);
            var facts = await NodeFacts.ReadAsync(db, tree.Nodes, ct);
            var places = await UnitPlacesAsync(tree.Nodes.Where(n => n.Kind == Genealogy.Unit).Select(n => n.UnitId!.Value).ToList(), ct);
            foreach (var (key, batchPlaces) in await BatchPlacesAsync(tree.Nodes.Where(n => n.Kind == Genealogy.Batch).ToList(), ct)) places[key] = batchPlaces;
            var customers = await CustomersAsync(places.Values.SelectMany(p => p).ToList(), ct);

            var units = new List<Unit>();
            void Add(GenealogyTree.Branch branch)
            {
                var r = branch.Row;
                var sku = facts.Skus[r.ProductId];
                var serialText = r.UnitId is { } id ? facts.Units[id].Serial : null;
                var here = r.Kind == Genealogy.Untracked
                    ? [new Place(RecallStatus.Untracked, r.Quantity ?? 0, null, SourceType.ProductionJob, r.JobId, r.JobId is { } job ? facts.Jobs[job] : null)]
                    : places.GetValueOrDefault(r.Key) ?? [];
                foreach (var place in here)
                {
                    var customer = place.SourceId is { } sourceId && place.SourceType is { } type ? customers.GetValueOrDefault((type, sourceId)) : default;
                    units.Add(new Unit(r.ProductId, sku, serialText, serialText is null ? r.Batch : null, place.Quantity, r.Depth, place.Status,
                        place.WarehouseId, customer.Name is null ? null : customer.Id, customer.Name, place.DocumentNumber));
                }
                foreach (var child in branch.Children) Add(child);
            }
            Add(tree.Root);

            var holders = units.Where(u => u.CustomerId is not null && u.Status is RecallStatus.Dispatched or RecallStatus.OnProject)
                .GroupBy(u => u.CustomerId!.Value)
                .Select(g => new Customer(g.Key, g.First().CustomerName!, g.ToList()))
                .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.CustomerId).ToList();
            return new Result(new Source(product.Id, product.Sku.Value, unitId is null ? null : serial, batchText), units, holders);
        }

        /// <summary>A unit in stock is where it is (returned, if a customer sent it back); one that is out is on the document that took it out.</summary>
        private async Task<Dictionary<string, List<Place>>> UnitPlacesAsync(List<long> unitIds, CancellationToken ct)
        {
            var latest = db.StockMovements.Where(m => m.SerialUnitId != null && unitIds.Contains(m.SerialUnitId.Value) && !Events.Contains(m.Kind))
                .GroupBy(m => m.SerialUnitId).Select(g => g.Max(m => m.Id));
            var last = await db.StockMovements.AsNoTracking().Where(m => latest.Contains(m.Id))
                .Select(m => new { Unit = m.SerialUnitId!.Value, m.Kind, m.SourceType, m.SourceId, m.SourceNumber })
                .ToDictionaryAsync(m => m.Unit, ct);
            var units = await db.SerialUnits.AsNoTracking().Where(u => unitIds.Contains(u.Id)).Select(u => new { u.Id, u.Status, u.WarehouseId }).ToListAsync(ct);
            return units.ToDictionary(u => Genealogy.NodeKey(Genealogy.Unit, 0, u.Id, null, null), u =>
            {
                var m = last.GetValueOrDefault(u.Id);
                var status = u.Status == SerialStatus.InStock
                    ? m?.Kind == MovementKind.CustomerReturn ? RecallStatus.Returned : RecallStatus.InStock
                    : m?.Kind switch
                    {
                        MovementKind.Dispatched => RecallStatus.Dispatched,
                        MovementKind.Used => RecallStatus.OnProject,
                        MovementKind.Consumed => RecallStatus.Consumed,
                        MovementKind.ReturnedToSupplier => RecallStatus.ReturnedToSupplier,
                        _ => RecallStatus.Out,
                    };
                return new List<Place> { new(status, 1, u.WarehouseId, m?.SourceType, m?.SourceId, m?.SourceNumber) };
            });
        }

        /// <summary>
        /// Each batch where it is: what each warehouse still holds of it, and what went out and has not come back,
        /// per document (sale, project, job, supplier return, write-off).
        /// </summary>
        private async Task<Dictionary<string, List<Place>>> BatchPlacesAsync(List<Genealogy.Row> batches, CancellationToken ct)
        {
            if (batches.Count == 0) return [];
            var products = batches.Select(b => b.ProductId).Distinct().ToList();
            var wanted = batches.Select(b => b.Key).ToHashSet();
            string Key(int product, string? batch) => Genealogy.NodeKey(Genealogy.Batch, product, null, batch, null);

            var layers = (await db.CostLayers.AsNoTracking().Where(l => products.Contains(l.ProductId) && l.Batch != null && l.Remaining > 0)
                    .Select(l => new { l.ProductId, l.Batch, l.WarehouseId, l.Remaining }).ToListAsync(ct))
                .Where(l => wanted.Contains(Key(l.ProductId, l.Batch)))
                .GroupBy(l => (Key: Key(l.ProductId, l.Batch), l.WarehouseId))
                .Select(g => (g.Key.Key, Place: new Place(RecallStatus.InStock, g.Sum(l => l.Remaining), g.Key.WarehouseId, null, null, null)));
            MovementKind[] outAndBack = [MovementKind.Dispatched, MovementKind.CustomerReturn, MovementKind.Used, MovementKind.MaterialReturned,
                MovementKind.Consumed, MovementKind.ReturnedToSupplier, MovementKind.AdjustedOut, MovementKind.CountedOut];
            // The kinds are sorted out here, not by the database: with them beside the product, SQLite (no statistics)
            // read every row of those kinds by the kind index instead of the product's few (seconds on ten million rows).
            var gone = (await db.StockMovements.AsNoTracking().Where(m => products.Contains(m.ProductId) && m.Batch != null)
                    .Select(m => new { m.ProductId, m.Batch, m.Kind, m.Quantity, m.SourceType, m.SourceId, m.SourceNumber }).ToListAsync(ct))
                .Where(m => outAndBack.Contains(m.Kind) && wanted.Contains(Key(m.ProductId, m.Batch)))
                .GroupBy(m => (Key: Key(m.ProductId, m.Batch), m.SourceType, m.SourceId, m.SourceNumber))
                .Select(g => (g.Key.Key, Place: new Place(g.Key.SourceType switch
                {
                    SourceType.StockSale => RecallStatus.Dispatched,
                    SourceType.Project => RecallStatus.OnProject,
                    SourceType.ProductionJob => RecallStatus.Consumed,
                    SourceType.PurchaseOrder => RecallStatus.ReturnedToSupplier,
                    _ => RecallStatus.Out,
                }, -g.Sum(m => m.Quantity), null, g.Key.SourceType, g.Key.SourceId, g.Key.SourceNumber)))
                .Where(p => p.Place.Quantity > 0);
            return layers.Concat(gone).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Select(p => p.Place).ToList());
        }

        /// <summary>The customer of each sale and project named by the places.</summary>
        private async Task<Dictionary<(SourceType, int), (int Id, string Name)>> CustomersAsync(List<Place> places, CancellationToken ct)
        {
            var saleIds = places.Where(p => p.SourceType == SourceType.StockSale).Select(p => p.SourceId!.Value).Distinct().ToList();
            var projectIds = places.Where(p => p.SourceType == SourceType.Project).Select(p => p.SourceId!.Value).Distinct().ToList();
            var sales = await db.StockSales.AsNoTracking().Where(s => saleIds.Contains(s.Id)).Select(s => new { s.Id, CustomerId = (int?)s.CustomerId }).ToListAsync(ct);
            var projects = await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id) && p.CustomerId != null).Select(p => new { p.Id, p.CustomerId }).ToListAsync(ct);
            var customerIds = sales.Select(s => s.CustomerId!.Value).Concat(projects.Select(p => p.CustomerId!.Value)).Distinct().ToList();
            var names = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
            return sales.Select(s => (Key: (SourceType.StockSale, s.Id), Customer: s.CustomerId!.Value))
                .Concat(projects.Select(p => (Key: (SourceType.Project, p.Id), Customer: p.CustomerId!.Value)))
                .ToDictionary(x => x.Key, x => (x.Customer, names[x.Customer]));
        }
    }
}
