using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Web;

/// <summary>
/// Checks the serials being typed into the popup, line by line of the text, with the same rules the documents apply
/// (<see cref="SerialList"/> for syntax and ranges, unique per product, in or out of stock), so each bad serial can be
/// marked where it was typed before anything is submitted. It changes nothing; the document still checks on submit.
/// </summary>
public static class SerialCheck
{
    /// <summary>
    /// Mode: <c>new</c> for units coming in (receipt, adjustment in: a serial in stock is refused, one that is out comes
    /// back), <c>produce</c> for a production output (any known serial is refused), <c>instock</c> for units leaving
    /// (each must be in stock in the warehouse).
    /// </summary>
    public sealed record Request(int ProductId, decimal? Quantity, string? Text, string? Mode, int? WarehouseId);

    public sealed record Result(int Count, decimal? Quantity, IReadOnlyList<LineResult> Lines, IReadOnlyList<string> Problems);

    /// <summary>One line of the text (1-based), how many serials it gave, and what is wrong with it.</summary>
    public sealed record LineResult(int Line, int Count, IReadOnlyList<string> Problems);

    public sealed class Handler(StocktrailDbContext db, Features.Shared.SerialLimit serialLimit)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == request.ProductId, ct)
                ?? throw StockRuleException.NotFound($"There is no product with id {request.ProductId}.");
            var mode = (request.Mode ?? "new").ToLowerInvariant();
            if (mode is not ("new" or "produce" or "instock"))
                throw StockRuleException.Invalid($"mode '{request.Mode}' is not known: use new, produce or instock.");
            var general = new List<string>();
            if (!product.IsSerialized)
                general.Add($"{product.Sku} is tracked as {product.TrackingType}, not by serial.");

            var quantity = request.Quantity is > 0 ? request.Quantity.Value : 0;
            var texts = (request.Text ?? "").Replace("\r\n", "\n").Split('\n');
            serialLimit.RefuseOver(SerialList.MostSerials(texts, quantity));
            var limit = quantity > 0 ? quantity : serialLimit.Max;
            var lines = texts.Select((t, i) => (Number: i + 1, Text: t)).ToList();

            // Closed items first, then an open range fills what they leave, as the documents expand them.
            var expanded = new Dictionary<int, (List<SerialNumber> Serials, List<string> Problems)>();
            // Each line is bounded by what the lines before it left, so that many large ranges cannot add up past the limit.
            var closedCount = 0;
            foreach (var (number, text) in lines.Where(l => !IsOpenRange(l.Text)))
            {
                expanded[number] = Expand(text, Math.Max(limit - closedCount, 0));
                closedCount += expanded[number].Serials.Count;
            }
            foreach (var (number, text) in lines.Where(l => IsOpenRange(l.Text)))
            {
                if (quantity == 0) expanded[number] = ([], ["An open range like SN-0301.. needs the line's quantity first."]);
                else expanded[number] = Expand(text, quantity - closedCount);
            }

            var firstLine = new Dictionary<string, int>();
            var perLine = lines.ToDictionary(l => l.Number, _ => new List<string>());
            var distinct = new List<(int Line, SerialNumber Serial)>();
            // Counted as they are found: counting per line afterwards was a pass over every serial for each line.
            var countPerLine = new int[lines.Count + 1];
            foreach (var (number, _) in lines)
            {
                var (serials, problems) = expanded[number];
                perLine[number].AddRange(problems);
                foreach (var serial in serials)
                {
                    if (firstLine.TryGetValue(serial.Key, out var first))
                        perLine[number].Add(first == number ? $"{serial} is given twice on this line." : $"{serial} is given twice: also on line {first}.");
                    else
                    {
                        firstLine[serial.Key] = number;
                        distinct.Add((number, serial));
                        countPerLine[number]++;
                    }
                }
            }

            if (product.IsSerialized && distinct.Count > 0)
                await CheckStockAsync(product, mode, request.WarehouseId, distinct, perLine, ct);

            var count = distinct.Count;
            if (quantity > 0 && count > quantity)
                general.Add($"{count} serials for a quantity of {FormText.Qty(quantity)}: give exactly one per unit.");
            return new Result(count, request.Quantity,
                lines.Select(l => new LineResult(l.Number, countPerLine[l.Number], perLine[l.Number])).ToList(), general);
        }

        private async Task CheckStockAsync(Product product, string mode, int? warehouseId, List<(int Line, SerialNumber Serial)> serials,
            Dictionary<int, List<string>> perLine, CancellationToken ct)
        {
            var keys = serials.Select(s => s.Serial.Key).ToList();
            var known = await db.SerialUnits.AsNoTracking()
                .Where(u => u.ProductId == product.Id && keys.Contains(u.SerialKey))
                .Select(u => new { u.SerialKey, u.Serial, u.Status, u.WarehouseId })
                .ToDictionaryAsync(u => u.SerialKey, ct);
            var warehouses = await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Code, ct);
            foreach (var (line, serial) in serials)
            {
                known.TryGetValue(serial.Key, out var unit);
                var problem = mode switch
                {
                    "new" when unit is { Status: SerialStatus.InStock } =>
                        $"{unit.Serial} is already in stock in {warehouses[unit.WarehouseId!.Value]}; a unit cannot come in twice.",
                    "produce" when unit is not null => $"{unit.Serial} already exists; a produced unit needs a new serial.",
                    "instock" when unit is null => $"{serial} is not a serial of {product.Sku}.",
                    "instock" when unit.Status != SerialStatus.InStock => $"{unit.Serial} is not in stock (it has left).",
                    "instock" when warehouseId is not null && unit.WarehouseId != warehouseId =>
                        $"{unit.Serial} is in {warehouses[unit.WarehouseId!.Value]}, not in {warehouses.GetValueOrDefault(warehouseId.Value, "that warehouse")}.",
                    _ => null,
                };
                if (problem is not null) perLine[line].Add(problem);
            }
        }

        private static bool IsOpenRange(string text) => text.Trim().EndsWith("..", StringComparison.Ordinal) && !text.Contains(',');

        private static (List<SerialNumber>, List<string>) Expand(string text, decimal limit)
        {
            // A blank line between serials is only spacing, not a blank serial.
            if (string.IsNullOrWhiteSpace(text)) return ([], []);
            var result = SerialList.Expand([text], limit);
            return (result.Serials.ToList(), result.Problems.ToList());
        }
    }
}
