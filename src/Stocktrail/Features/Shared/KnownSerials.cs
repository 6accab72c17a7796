using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Features.Shared;

/// <summary>The serials one line brings into stock.</summary>
public sealed record IncomingSerials(int Position, Product Product, IReadOnlyList<SerialNumber> Serials);

/// <summary>
/// What a product already knows of serials coming in: a unit in stock cannot come in twice and is refused, naming
/// it and where it is; a unit that is out comes back as the same unit, its history continuing.
/// </summary>
public static class KnownSerials
{
    /// <param name="action">How the refusal words the coming in: "received", "adjusted in", …</param>
    public static async Task<Dictionary<(int ProductId, string Key), KnownUnit>> FindAsync(StocktrailDbContext db,
        IEnumerable<IncomingSerials> lines, string action, ProblemList problems, CancellationToken ct)
    {
        var returning = new Dictionary<(int, string), KnownUnit>();
        Dictionary<int, string>? warehouses = null;
        foreach (var group in lines.Where(l => l.Serials.Count > 0).GroupBy(l => l.Product.Id))
        {
            var keys = group.SelectMany(l => l.Serials.Select(s => s.Key)).ToList();
            var known = await db.SerialUnits.AsNoTracking()
                .Where(u => u.ProductId == group.Key && keys.Contains(u.SerialKey))
                .Select(u => new { u.Id, u.Serial, u.SerialKey, u.Status, u.WarehouseId, u.UnitCost })
                .ToDictionaryAsync(u => u.SerialKey, ct);
            if (known.Count == 0) continue;

            warehouses ??= await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Code, ct);
            foreach (var line in group)
            foreach (var serial in line.Serials)
            {
                if (!known.TryGetValue(serial.Key, out var unit)) continue;
                if (unit.Status == SerialStatus.InStock)
                    problems.Add(new Problem(ProblemKind.Conflict,
                        $"Line {line.Position} ({line.Product.Sku}): serial {unit.Serial} is already in stock in warehouse {warehouses[unit.WarehouseId!.Value]}; a unit cannot be {action} twice.")
                        { Line = line.Position, Serial = serial.Value });
                else returning[(group.Key, serial.Key)] = new KnownUnit(unit.Id, unit.Serial, unit.UnitCost);
            }
        }
        return returning;
    }
}
