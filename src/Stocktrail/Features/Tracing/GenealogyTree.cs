using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Tracing;

/// <summary>
/// The rows of a <see cref="Genealogy"/> walk as a tree: each node once, under the first node (shallowest, then in key
/// order) that leads to it; job nodes are hops, their outputs or components hang under the node that reached the job.
/// </summary>
public sealed class GenealogyTree
{
    public sealed record Branch(Genealogy.Row Row, IReadOnlyList<Branch> Children);

    public required Branch Root { get; init; }
    /// <summary>Every unit, batch and untracked quantity of the tree, the start first, in the order the tree shows them.</summary>
    public required IReadOnlyList<Genealogy.Row> Nodes { get; init; }

    public static GenealogyTree Of(IReadOnlyList<Genealogy.Row> rows)
    {
        var start = rows.First(r => r.Depth == 0 && r.ParentKind is null && r.Kind is Genealogy.Unit or Genealogy.Batch);
        var children = rows.Where(r => r.ParentKey is not null)
            .OrderBy(r => r.Depth).ThenBy(r => r.ProductId).ThenBy(r => r.UnitId).ThenBy(r => r.Batch, StringComparer.Ordinal)
            .GroupBy(r => r.ParentKey!).ToDictionary(g => g.Key, g => g.ToList());
        var seen = new HashSet<string> { start.Key };
        var nodes = new List<Genealogy.Row> { start };

        // Breadth first, so that a node reached at two depths hangs at the shallower one.
        var pending = new Queue<(Genealogy.Row Row, List<Branch> Into)>();
        var rootChildren = new List<Branch>();
        var built = new Dictionary<string, List<Branch>> { [start.Key] = rootChildren };
        pending.Enqueue((start, rootChildren));
        while (pending.TryDequeue(out var item))
        {
            foreach (var child in Expand(item.Row.Key))
            {
                if (!seen.Add(child.Key)) continue;
                nodes.Add(child);
                var grandChildren = new List<Branch>();
                item.Into.Add(new Branch(child, grandChildren));
                pending.Enqueue((child, grandChildren));
            }
        }
        return new GenealogyTree { Root = new Branch(start, rootChildren), Nodes = nodes };

        // A job edge stands for the job's own children; a job is expanded once, by the first node that reaches it.
        IEnumerable<Genealogy.Row> Expand(string key)
        {
            foreach (var row in children.GetValueOrDefault(key) ?? [])
            {
                if (row.Kind != Genealogy.JobEdge) yield return row;
                else if (seen.Add(row.Key))
                    foreach (var viaJob in Expand(row.Key)) yield return viaJob;
            }
        }
    }
}

/// <summary>What the nodes of a walk need to be shown: SKUs, the units' serials and places, the jobs' numbers; one query each.</summary>
public sealed record NodeFacts(IReadOnlyDictionary<int, string> Skus, IReadOnlyDictionary<long, NodeFacts.UnitFacts> Units, IReadOnlyDictionary<int, string> Jobs)
{
    public sealed record UnitFacts(long Id, string Serial, SerialStatus Status, int? WarehouseId);

    public static async Task<NodeFacts> ReadAsync(StocktrailDbContext db, IReadOnlyList<Genealogy.Row> nodes, CancellationToken ct)
    {
        var productIds = nodes.Select(n => n.ProductId).Distinct().ToList();
        var unitIds = nodes.Where(n => n.UnitId is not null).Select(n => n.UnitId!.Value).Distinct().ToList();
        var jobIds = nodes.Where(n => n.JobId is not null).Select(n => n.JobId!.Value).Distinct().ToList();
        var skus = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).Select(p => new { p.Id, p.Sku }).ToDictionaryAsync(p => p.Id, p => p.Sku.Value, ct);
        var units = await db.SerialUnits.AsNoTracking().Where(u => unitIds.Contains(u.Id))
            .Select(u => new UnitFacts(u.Id, u.Serial, u.Status, u.WarehouseId)).ToDictionaryAsync(u => u.Id, ct);
        var jobs = await db.ProductionJobs.AsNoTracking().Where(j => jobIds.Contains(j.Id)).Select(j => new { j.Id, j.Number }).ToDictionaryAsync(j => j.Id, j => j.Number, ct);
        return new NodeFacts(skus, units, jobs);
    }
}
