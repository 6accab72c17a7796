using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.Products;

/// <summary>A product's bill of materials: the components one unit of it is made of, and how much of each.</summary>
public sealed record BillOfMaterialsDto(int ProductId, string Sku, IReadOnlyList<BillOfMaterialsLineDto> Lines);
public sealed record BillOfMaterialsLineDto(int ProductId, string Sku, string Name, TrackingType TrackingType, decimal Quantity);

public static class GetBillOfMaterials
{
    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<BillOfMaterialsDto> HandleAsync(int productId, CancellationToken ct)
        {
            var product = await db.Products.AsNoTracking().Where(p => p.Id == productId).Select(p => new { p.Id, p.Sku }).FirstOrDefaultAsync(ct)
                ?? throw StockRuleException.NotFound($"There is no product with id {productId}.");
            var lines = await (
                from l in db.BillOfMaterialsLines.AsNoTracking()
                join c in db.Products.AsNoTracking() on l.ComponentId equals c.Id
                where l.ProductId == productId
                orderby l.Id
                select new BillOfMaterialsLineDto(c.Id, c.Sku, c.Name, c.TrackingType, l.Quantity)).ToListAsync(ct);
            return new BillOfMaterialsDto(product.Id, product.Sku, lines);
        }
    }
}

/// <summary>
/// Replaces a product's bill of materials with the lines given (none: the product has no bill of materials). Each
/// line names an existing product other than this one, once, with a quantity per unit above zero (whole for a
/// serialized component); no component may contain this product at any depth. Every problem is reported, by line.
/// </summary>
public static class SetBillOfMaterials
{
    public sealed record Request(IReadOnlyList<Line?>? Lines);
    public sealed record Line(int? ProductId, decimal Quantity);

    public sealed class Handler(StocktrailDbContext db, AuditTrail audit, GetBillOfMaterials.Handler read)
    {
        public async Task<BillOfMaterialsDto> HandleAsync(int productId, Request request, CancellationToken ct)
        {
            var lines = request.Lines ?? [];
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Two bills saved at once could each close half of a loop (A in B, B in A); on PostgreSQL they queue here,
            // as SQLite's one writer queues them anyway, so each sees the other's lines before it looks for loops.
            if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(1903720415)", ct);
            var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == productId, ct)
                ?? throw StockRuleException.NotFound($"There is no product with id {productId}.");

            var problems = new ProblemList();
            DocumentLines.ReportEmptyLines(lines, "productId and quantity", problems);
            for (var i = 0; i < lines.Count; i++)
                if (lines[i] is { ProductId: null })
                    problems.Add(new Problem(ProblemKind.Invalid, $"Line {i + 1}: give the productId of the component.") { Line = i + 1 });
            var components = await DocumentLines.LoadProductsAsync(db, lines.Select(l => l?.ProductId).ToList(), problems, ct);
            var contents = await ContentsAsync(components.Keys.Where(id => id != productId).ToList(), ct);
            var loops = new Dictionary<int, IReadOnlyList<int>>();
            foreach (var id in components.Keys.Where(id => id != productId))
                if (BillsOfMaterials.PathBackTo(productId, id, c => contents[c]) is { } path) loops[id] = path;
            var skus = await SkusAsync(loops.Values.SelectMany(p => p).Distinct().ToList(), ct);
            var firstLineOf = new Dictionary<int, int>();
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i] is not { ProductId: { } id } line || !components.TryGetValue(id, out var component)) continue;
                var n = i + 1;
                var at = $"Line {n} ({component.Sku})";
                if (!firstLineOf.TryAdd(id, n))
                    problems.Add(new Problem(ProblemKind.Invalid, $"{at}: {component.Sku} is already on line {firstLineOf[id]}; give each component once, with its whole quantity.") { Line = n });
                if (id == productId)
                    problems.Add(new Problem(ProblemKind.Invalid, $"{at}: a product cannot be a component of itself.") { Line = n });
                else if (loops.TryGetValue(id, out var path))
                    problems.Add(new Problem(ProblemKind.Invalid,
                        $"{at}: {component.Sku} is made with {product.Sku} ({string.Join(" contains ", path.Select(p => skus[p]))}), so {product.Sku} cannot be made with it.") { Line = n });
                if (!Quantity.TryCreate(line.Quantity, out var quantity, out var error, "The quantity per unit"))
                    problems.Add(new Problem(ProblemKind.Invalid, $"{at}: {error}") { Line = n });
                else if (component.IsSerialized && !quantity.IsWhole)
                    problems.Add(new Problem(ProblemKind.Invalid, $"{at}: serialized units are whole; a unit of {product.Sku} cannot take {line.Quantity} of it.") { Line = n });
            }
            problems.ThrowIfAny();

            var was = await read.HandleAsync(productId, ct);
            await db.BillOfMaterialsLines.Where(l => l.ProductId == productId).ExecuteDeleteAsync(ct);
            db.BillOfMaterialsLines.AddRange(lines.Select(l => new BillOfMaterialsLine(productId, l!.ProductId!.Value, l.Quantity)));
            audit.Record(AuditActions.BillOfMaterialsChanged,
                $"Bill of materials of {product.Sku}: {Describe(was.Lines.Select(l => (l.Sku, l.Quantity)))} → " +
                $"{Describe(lines.Select(l => (components[l!.ProductId!.Value].Sku.Value, l.Quantity)))}.", "Product", product.Sku);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return await read.HandleAsync(productId, ct);
        }

        /// <summary>What each product reachable from <paramref name="start"/> is made with: one statement per level of depth.</summary>
        private async Task<Dictionary<int, List<int>>> ContentsAsync(List<int> start, CancellationToken ct)
        {
            var contents = new Dictionary<int, List<int>>();
            var frontier = start;
            while (frontier.Count > 0)
            {
                foreach (var id in frontier) contents[id] = [];
                var edges = await db.BillOfMaterialsLines.AsNoTracking().Where(l => frontier.Contains(l.ProductId))
                    .Select(l => new { l.ProductId, l.ComponentId }).ToListAsync(ct);
                foreach (var edge in edges) contents[edge.ProductId].Add(edge.ComponentId);
                frontier = edges.Select(e => e.ComponentId).Distinct().Where(id => !contents.ContainsKey(id)).ToList();
            }
            return contents;
        }

        private async Task<Dictionary<int, string>> SkusAsync(List<int> ids, CancellationToken ct) =>
            ids.Count == 0 ? [] : await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Sku.Value, ct);

        private static string Describe(IEnumerable<(string Sku, decimal Quantity)> lines)
        {
            var text = string.Join(", ", lines.Select(l => $"{AuditText.Qty(l.Quantity)} {l.Sku}"));
            return text.Length == 0 ? "none" : text;
        }
    }
}
