using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;

namespace Stocktrail.Features.StockTakes;

/// <summary>
/// Imports a filled count sheet (CSV or XLSX). Every row is checked and every problem reported with its row and column;
/// a sheet with any problem changes nothing. A clean sheet replaces the stock take's variances with its own: serials
/// found or missing, Fifo and batch quantities more or less than the books, each with its value. Rows whose stock moved
/// after the export are outdated: listed, and left out of the variances. A blank Counted means "not counted" and so
/// does a row left off the sheet.
///
/// The sheet is read as a stream into compact rows, then checked with a handful of set-based queries (the warehouse's
/// units in stock, the layers of the products named, the ledger since the export), never a query per row.
/// </summary>
public static class ImportCountSheet
{
    private sealed record Line(int Row, string Sku, string SkuKey, string? Warehouse, string? Code, decimal? UnitCost, decimal? OnHand, decimal? Counted, DateOnly? ExpiresOn = null);

    private sealed record Variance(Line Line, Product Product, VarianceKind Kind, long? UnitId, string? Serial, string? Batch,
        decimal OnHand, decimal Counted, decimal UnitCost, decimal Value, DateOnly? ExpiresOn = null);

    private sealed record UnitInfo(long Id, int ProductId, string Serial, string SerialKey, SerialStatus Status, int? WarehouseId, decimal UnitCost);

    private sealed record LayerInfo(long Id, int ProductId, string? BatchKey, string? Batch, DateTime ReceivedAt, decimal Remaining, decimal UnitCost);

    private static readonly int[] TextColumns = [CountSheet.Sku, CountSheet.Name, CountSheet.Warehouse, CountSheet.SerialOrBatch];

    public sealed class Handler(StocktrailDbContext db, AuditTrail audit, TimeProvider clock, SheetLimits limits)
    {
        /// <param name="sheet">A seekable stream holding the whole sheet (the request body, saved to a temp file).</param>
        /// <param name="progress">Percent done, for a background import.</param>
        /// <param name="beforeCommit">For a background import: ends its job in the import's own transaction, so that the
        /// import and the job's end are committed together or not at all.</param>
        public async Task<ImportResultDto> HandleAsync(int stockTakeId, Stream sheet, IProgress<int>? progress, CancellationToken ct,
            Func<ImportResultDto, CancellationToken, Task>? beforeCommit = null)
        {
            var take = await db.StockTakes.AsNoTracking().FirstOrDefaultAsync(t => t.Id == stockTakeId, ct)
                ?? throw StockRuleException.NotFound($"There is no stock take with id {stockTakeId}.");
            take.RequireCounting("takes no more count sheets");
            if (take.ExportMark is null)
                throw StockRuleException.Conflict($"Stock take {take.Number}'s count sheet has not been exported yet; export it, count, then import it.");

            var problems = new ProblemList();
            var lines = Parse(sheet, problems, progress);
            // Without a readable header no row can be checked; otherwise cell problems are reported with the rest.
            if (problems.Items.Any(p => p.Row is null or 1)) problems.ThrowIfAny();
            progress?.Report(60);

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            take = await db.StockTakes.FirstAsync(t => t.Id == stockTakeId, ct);
            take.RequireCounting("takes no more count sheets");
            var importMark = await StockTakeItems.HighWaterMarkAsync(db, ct);
            var (variances, outdated) = await CheckAsync(take, lines, problems, ct);
            problems.ThrowIfAny();
            progress?.Report(85);

            await db.StockTakeLines.Where(l => l.StockTakeId == take.Id).ExecuteDeleteAsync(ct);
            db.StockTakeLines.AddRange(variances.Select(v => new StockTakeLine(take.Id, v.Line.Row, v.Product.Id, v.Kind, v.UnitId,
                v.Serial, v.Batch, v.OnHand, v.Counted, v.UnitCost, v.Value, v.ExpiresOn)));
            take.Imported(importMark, lines.Count, clock.GetUtcNow().UtcDateTime);
            var dtos = variances.Select(v => new VarianceDto(v.Line.Row, v.Product.Id, v.Product.Sku, v.Serial, v.Batch, v.Kind,
                v.OnHand, v.Counted, v.Counted - v.OnHand, v.UnitCost, v.Value)).ToList();
            var summary = VarianceSummaryDto.Of(dtos);
            var counted = lines.Count(l => l.Counted is not null);
            audit.Record(AuditActions.StockTakeSheetImported,
                $"Count sheet of stock take {take.Number} imported: {lines.Count} row(s), " +
                $"{counted} counted, {outdated.Count} outdated; {variances.Count} variance(s) — " +
                $"{summary.Found} found, {summary.Missing} missing, {summary.More} more, {summary.Less} less, net value {AuditText.Money(summary.NetValue)}.",
                SourceType.StockTake, take.Number);
            await db.SaveChangesAsync(ct);
            var result = new ImportResultDto(take.Id, take.Number, lines.Count, counted, lines.Count - counted, summary, dtos, outdated);
            if (beforeCommit is not null) await beforeCommit(result, ct);
            await tx.CommitAsync(ct);
            progress?.Report(100);
            return result;
        }

        /// <summary>Reads every row, reporting cells that are not numbers where numbers belong. Strings repeated on many rows are shared.</summary>
        private List<Line> Parse(Stream sheet, ProblemList problems, IProgress<int>? progress)
        {
            var format = CountSheet.Sniff(sheet);
            var shared = new Dictionary<string, string>(StringComparer.Ordinal);
            string Share(string text) => shared.TryGetValue(text, out var s) ? s : shared[text] = text;
            var skuKeys = new Dictionary<string, string>(StringComparer.Ordinal);
            var lines = new List<Line>();
            foreach (var (row, cells) in CountSheet.Read(sheet, format, limits, problems))
            {
                // The text exported, without the apostrophe that kept it from reading as a formula.
                foreach (var c in TextColumns)
                    cells[c] = Shared.SpreadsheetText.Restore(cells[c]);
                var unreadable = false;
                for (var c = 0; c < cells.Length; c++)
                    if ((cells[c]?.Length > limits.MaxCellLength
                            ? $"Row {row}: {CountSheet.Columns[c]} holds {cells[c]!.Length:N0} characters; a count sheet cell holds at most {limits.MaxCellLength:N0}."
                            : PlainText.Check(cells[c], $"Row {row}: {CountSheet.Columns[c]}")) is { } why)
                    {
                        problems.Add(new Problem(ProblemKind.Invalid, why) { Row = row, Column = CountSheet.Columns[c] });
                        unreadable = true;
                    }
                if (unreadable) continue;
                var sku = cells[CountSheet.Sku]?.Trim();
                if (sku is null)
                {
                    problems.Add(new Problem(ProblemKind.Invalid, $"Row {row}: Sku is blank; every row names the product counted.") { Row = row, Column = "Sku" });
                    continue;
                }
                var unitCost = Number(cells, CountSheet.UnitCost, row, problems, mayBeNegative: false);
                var onHand = Number(cells, CountSheet.OnHand, row, problems, mayBeNegative: true);
                var counted = Number(cells, CountSheet.Counted, row, problems, mayBeNegative: false);
                sku = Share(sku);
                if (!skuKeys.TryGetValue(sku, out var skuKey)) skuKeys[sku] = skuKey = Share(TrackingCode.Key(sku));
                lines.Add(new Line(row, sku, skuKey, cells[CountSheet.Warehouse] is { } w ? Share(w.Trim()) : null,
                    cells[CountSheet.SerialOrBatch]?.Trim(), unitCost, onHand, counted, Date(cells, row, problems)));
                if ((lines.Count & 4095) == 0 && sheet.Length > 0) progress?.Report((int)(sheet.Position * 55 / sheet.Length));
            }
            return lines;
        }

        /// <summary>The ExpiresOn cell: a date yyyy-MM-dd (or a spreadsheet's date number), blank for none.</summary>
        private static DateOnly? Date(string?[] cells, int row, ProblemList problems)
        {
            var text = cells[CountSheet.ExpiresOn]?.Trim();
            if (text is null) return null;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 0 and < 2958466 && serial == Math.Floor(serial))
                return DateOnly.FromDateTime(DateTime.FromOADate(serial));
            problems.Add(new Problem(ProblemKind.Invalid, $"Row {row}: ExpiresOn '{text}' is not a date; write it as YYYY-MM-DD, or leave it blank.") { Row = row, Column = "ExpiresOn" });
            return null;
        }

        private static decimal? Number(string?[] cells, int column, int row, ProblemList problems, bool mayBeNegative)
        {
            var text = cells[column]?.Trim();
            if (text is null) return null;
            var name = CountSheet.Columns[column];
            if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                // Past what a decimal holds (about 7.9e28) is a number all the same, and too large.
                var tooLarge = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d);
                problems.Add(new Problem(ProblemKind.Invalid, tooLarge
                    ? $"Row {row}: {name} {text} is too large: Stocktrail keeps amounts below {Amounts.Limit:N0}."
                    : $"Row {row}: {name} '{text}' is not a number.") { Row = row, Column = name });
                return null;
            }
            // The same rules as every amount the API takes: below a trillion, at most 8 decimal places.
            if (Amounts.Check(value, $"Row {row}: {name}") is { } why)
            {
                problems.Add(new Problem(ProblemKind.Invalid, why) { Row = row, Column = name });
                return null;
            }
            if (value < 0 && !mayBeNegative)
            {
                problems.Add(new Problem(ProblemKind.Invalid, $"Row {row}: {name} cannot be negative (was {value}).") { Row = row, Column = name });
                return null;
            }
            return value;
        }

        private async Task<(List<Variance> Variances, List<OutdatedRowDto> Outdated)> CheckAsync(StockTake take, List<Line> lines, ProblemList problems, CancellationToken ct)
        {
            var warehouses = await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Code, ct);
            var here = warehouses[take.WarehouseId];
            var skuKeys = lines.Select(l => l.SkuKey).Distinct().ToList();
            var products = await db.Products.AsNoTracking().Where(p => skuKeys.Contains(p.SkuKey)).ToDictionaryAsync(p => p.SkuKey, ct);

            // First pass: what each row names, without the stock.
            var named = new List<(Line Line, Product Product, string? CodeKey)>(lines.Count);
            var seen = new Dictionary<(int, string), int>();
            // The Warehouse cell holds the same few texts on every row: each is compared once.
            var hereKey = TrackingCode.Key(here);
            var otherWarehouse = new Dictionary<string, bool>(StringComparer.Ordinal);
            bool IsOtherWarehouse(string text)
            {
                if (!otherWarehouse.TryGetValue(text, out var other)) otherWarehouse[text] = other = TrackingCode.Key(text) != hereKey;
                return other;
            }
            foreach (var line in lines)
            {
                // Built only for a problem: most rows have none.
                string At() => $"Row {line.Row} ({line.Sku})";
                if (!products.TryGetValue(line.SkuKey, out var product))
                {
                    problems.Add(new Problem(ProblemKind.Invalid, $"Row {line.Row}: there is no product with SKU {line.Sku}.") { Row = line.Row, Column = "Sku" });
                    continue;
                }
                if (line.Warehouse is { } w && IsOtherWarehouse(w))
                    problems.Add(new Problem(ProblemKind.Invalid, $"{At()}: this sheet counts warehouse {here}, not {w}; count {w} in a stock take of its own.") { Row = line.Row, Column = "Warehouse" });
                string? codeKey = null;
                switch (product.TrackingType)
                {
                    case TrackingType.NonStock:
                        problems.Add(new Problem(ProblemKind.Invalid, $"{At()}: {product.Sku} is a NonStock product; its stock is not tracked, so it is not counted.") { Row = line.Row, Column = "Sku" });
                        continue;
                    case TrackingType.Fifo when line.Code is not null:
                        problems.Add(new Problem(ProblemKind.Invalid, $"{At()}: {product.Sku} is tracked as Fifo, without serials or batches; leave SerialOrBatch blank (was '{line.Code}').") { Row = line.Row, Column = "SerialOrBatch" });
                        continue;
                    case TrackingType.Serial or TrackingType.Batch:
                        var what = product.IsSerialized ? "serial" : "batch code";
                        if (TrackingCode.Check(line.Code, what) is { } why)
                        {
                            problems.Add(new Problem(ProblemKind.Invalid, line.Code is null
                                ? $"{At()}: {product.Sku} is tracked by {what}; give the {what} counted in SerialOrBatch."
                                : $"{At()}: {why}") { Row = line.Row, Column = "SerialOrBatch" });
                            continue;
                        }
                        codeKey = TrackingCode.Key(line.Code!);
                        break;
                }
                if (line.ExpiresOn is not null && product.TrackingType != TrackingType.Batch)
                    problems.Add(new Problem(ProblemKind.Invalid, $"{At()}: {product.Sku} is tracked as {product.TrackingType}; only a batch has an expiry date, so leave ExpiresOn blank.") { Row = line.Row, Column = "ExpiresOn" });
                if (product.IsSerialized && line.Counted is { } c && c != 0 && c != 1)
                    problems.Add(new Problem(ProblemKind.Invalid, $"{At()}: serial {line.Code} is one unit; count it 0 or 1 (was {c}).") { Row = line.Row, Column = "Counted", Serial = line.Code });
                if (seen.TryGetValue((product.Id, codeKey ?? ""), out var first))
                {
                    problems.Add(new Problem(ProblemKind.Invalid, codeKey is null
                        ? $"{At()}: {product.Sku} is on the sheet twice, here and on row {first}; count it on one row."
                        : $"{At()}: {(product.IsSerialized ? "serial" : "batch")} {line.Code} is on the sheet twice, here and on row {first}.")
                        { Row = line.Row, Column = codeKey is null ? "Sku" : "SerialOrBatch", Serial = product.IsSerialized ? line.Code : null, Batch = product.IsSerialized ? null : line.Code });
                    continue;
                }
                seen[(product.Id, codeKey ?? "")] = line.Row;
                named.Add((line, product, codeKey));
            }

            var moved = await StockTakeItems.MovedSinceAsync(db, take.Id, take.WarehouseId, take.ExportMark!.Value, honourRecounts: true, ct);
            var units = await LoadUnitsAsync(take.WarehouseId, named.Where(n => n.Product.IsSerialized).Select(n => (n.Product.Id, n.CodeKey!)).ToList(), ct);
            var layerProducts = named.Where(n => n.Product.TrackingType is TrackingType.Fifo or TrackingType.Batch).Select(n => n.Product.Id).Distinct().ToList();
            var layers = (await db.CostLayers.AsNoTracking()
                    .Where(l => l.WarehouseId == take.WarehouseId && layerProducts.Contains(l.ProductId) && l.Remaining > 0)
                    .Select(l => new LayerInfo(l.Id, l.ProductId, l.BatchKey, l.Batch, l.ReceivedAt, l.Remaining, l.UnitCost))
                    .ToListAsync(ct))
                .ToLookup(l => (l.ProductId, l.BatchKey));
            var foreign = await ForeignCodesAsync(named, units, layers, warehouses, ct);
            var datedProducts = named.Where(n => n.Line.ExpiresOn is not null && n.Product.TrackingType == TrackingType.Batch).Select(n => n.Product.Id).Distinct().ToList();
            var dates = datedProducts.Count == 0 ? [] : await db.BatchExpiries.AsNoTracking().Where(e => datedProducts.Contains(e.ProductId))
                .ToDictionaryAsync(e => (e.ProductId, e.BatchKey), ct);

            var variances = new List<Variance>();
            var outdated = new List<OutdatedRowDto>();
            foreach (var (line, product, codeKey) in named)
            {
                string At() => $"Row {line.Row} ({product.Sku})";
                void Outdated(decimal now, string reason) =>
                    outdated.Add(new OutdatedRowDto(line.Row, product.Id, product.Sku, line.Code, line.OnHand, now, reason));

                if (product.IsSerialized)
                {
                    var unit = units.GetValueOrDefault((product.Id, codeKey!));
                    var onHandNow = unit is { Status: SerialStatus.InStock } && unit.WarehouseId == take.WarehouseId ? 1m : 0m;
                    if (unit is not null && moved.TryGetValue(ItemKey.Unit(product.Id, unit.Id), out var why))
                    {
                        Outdated(onHandNow, $"Serial {unit.Serial}: {why}.");
                        continue;
                    }
                    if (line.OnHand is { } sheetSays && sheetSays != onHandNow)
                    {
                        Outdated(onHandNow, $"Serial {line.Code}: the sheet says {sheetSays} on hand, the books now say {onHandNow}.");
                        continue;
                    }
                    if (line.Counted is not (0 or 1)) continue;
                    var counted = line.Counted.Value;

                    if (unit is null)
                    {
                        if (foreign.TryGetValue(("S", codeKey!), out var owner) && owner.ProductId != product.Id)
                        {
                            problems.Add(new Problem(ProblemKind.Invalid, $"{At()}: serial {line.Code} belongs to {owner.Text}, not to {product.Sku}; correct the Sku.")
                                { Row = line.Row, Column = "SerialOrBatch", Serial = line.Code });
                            continue;
                        }
                        if (counted == 0) continue;
                        var cost = line.UnitCost ?? product.CostPrice;
                        if (cost is null)
                        {
                            problems.Add(new Problem(ProblemKind.Invalid,
                                $"{At()}: serial {line.Code} is a new unit; give the UnitCost it comes in at ({product.Sku} has no cost price to use instead).")
                                { Row = line.Row, Column = "UnitCost", Serial = line.Code });
                            continue;
                        }
                        variances.Add(new Variance(line, product, VarianceKind.Found, null, line.Code, null, 0, 1, cost.Value, cost.Value));
                    }
                    else if (unit.Status == SerialStatus.InStock && unit.WarehouseId != take.WarehouseId)
                        problems.Add(new Problem(ProblemKind.Invalid,
                            $"{At()}: serial {unit.Serial} is in stock in warehouse {warehouses[unit.WarehouseId!.Value]}, not {here}; transfer it to {here} first, or count it in {warehouses[unit.WarehouseId!.Value]}.")
                            { Row = line.Row, Column = "SerialOrBatch", Serial = unit.Serial });
                    else if (unit.Status == SerialStatus.InStock && counted == 0)
                        variances.Add(new Variance(line, product, VarianceKind.Missing, unit.Id, unit.Serial, null, 1, 0, unit.UnitCost, -unit.UnitCost));
                    else if (unit.Status == SerialStatus.Out && counted == 1)
                    {
                        // A unit that left and is found again is the same unit: it comes back at the row's cost, else
                        // the product's cost price, else the cost it last had.
                        var cost = line.UnitCost ?? product.CostPrice ?? unit.UnitCost;
                        variances.Add(new Variance(line, product, VarianceKind.Found, unit.Id, unit.Serial, null, 0, 1, cost, cost));
                    }
                    continue;
                }

                var stock = layers[(product.Id, codeKey)].ToList();
                var onHand = stock.Sum(l => l.Remaining);
                var item = codeKey is null ? ItemKey.Fifo(product.Id) : ItemKey.OfBatch(product.Id, codeKey);
                var label = codeKey is null ? product.Sku : $"Batch {line.Code}";
                if (moved.TryGetValue(item, out var movedWhy))
                {
                    Outdated(onHand, $"{label}: {movedWhy}.");
                    continue;
                }
                if (line.OnHand is { } says && says != onHand)
                {
                    Outdated(onHand, $"{label}: the sheet says {says} on hand, the books now say {onHand}.");
                    continue;
                }
                if (codeKey is not null && onHand == 0 && foreign.TryGetValue(("B", codeKey), out var batchOwner) && batchOwner.ProductId != product.Id)
                {
                    problems.Add(new Problem(ProblemKind.Invalid, $"{At()}: batch {line.Code} belongs to {batchOwner.Text}, not to {product.Sku}; correct the Sku.")
                        { Row = line.Row, Column = "SerialOrBatch", Batch = line.Code });
                    continue;
                }
                if (codeKey is not null && line.ExpiresOn is { } given && dates.TryGetValue((product.Id, codeKey), out var kept) && kept.ExpiresOn != given)
                {
                    problems.Add(new Problem(ProblemKind.Conflict,
                        $"{At()}: batch {kept.Batch} already expires on {ExpiryRule.Text(kept.ExpiresOn)}; the sheet gives {ExpiryRule.Text(given)}. A batch has one expiry date: change it with PATCH /api/products/{product.Id}/batches/{kept.Batch}, or correct ExpiresOn.")
                        { Row = line.Row, Column = "ExpiresOn", Batch = kept.Batch });
                    continue;
                }
                if (line.Counted is not { } count || count == onHand) continue;
                var batch = codeKey is null ? null : stock.FirstOrDefault()?.Batch ?? line.Code;
                if (count > onHand)
                {
                    var cost = line.UnitCost ?? (onHand > 0 ? Math.Round(stock.Sum(l => l.Remaining * l.UnitCost) / onHand, 6) : product.CostPrice);
                    if (cost is null)
                    {
                        problems.Add(new Problem(ProblemKind.Invalid,
                            $"{At()}: {count - onHand} more than the books are counted; give the UnitCost they come in at ({product.Sku} has no cost price to use instead).")
                            { Row = line.Row, Column = "UnitCost", Batch = batch });
                        continue;
                    }
                    // Each number is within the rules; their product is a stock value, which must be too.
                    if (Amounts.Check(Math.Round((count - onHand) * cost.Value, Amounts.Places), $"{At()}: the {count - onHand} more at {cost.Value} come to a value of") is { } tooBig)
                    {
                        problems.Add(new Problem(ProblemKind.Invalid, tooBig) { Row = line.Row, Column = "Counted", Batch = batch });
                        continue;
                    }
                    variances.Add(new Variance(line, product, VarianceKind.More, null, null, batch, onHand, count, cost.Value, (count - onHand) * cost.Value,
                        codeKey is null ? null : line.ExpiresOn));
                }
                else
                {
                    // An estimate: completing takes the oldest layers as they are then.
                    var takes = Fifo.Take(stock.Select(l => new LayerStock(l.Id, l.ReceivedAt, l.Remaining, l.UnitCost)), onHand - count)!;
                    var value = takes.Sum(t => t.Cost);
                    variances.Add(new Variance(line, product, VarianceKind.Less, null, null, batch, onHand, count, Math.Round(value / (onHand - count), 6), -value));
                }
            }
            return (variances, outdated);
        }

        /// <summary>
        /// The units the sheet names, by product and serial: first every unit in stock in this warehouse of the products
        /// named (one query however many rows), then the few named serials that are not (out, elsewhere, or unknown).
        /// </summary>
        private async Task<Dictionary<(int ProductId, string Key), UnitInfo>> LoadUnitsAsync(int warehouseId, List<(int ProductId, string Key)> named, CancellationToken ct)
        {
            var productIds = named.Select(n => n.ProductId).Distinct().ToList();
            var units = new Dictionary<(int, string), UnitInfo>(named.Count);
            if (productIds.Count == 0) return units;
            await foreach (var u in db.SerialUnits.AsNoTracking()
                               .Where(u => u.Status == SerialStatus.InStock && u.WarehouseId == warehouseId && productIds.Contains(u.ProductId))
                               // Status and warehouse are known from the filter: not read back (and converted) per unit.
                               .Select(u => new UnitInfo(u.Id, u.ProductId, u.Serial, u.SerialKey, SerialStatus.InStock, warehouseId, u.UnitCost))
                               .AsAsyncEnumerable().WithCancellation(ct))
                units[(u.ProductId, u.SerialKey)] = u;
            var rest = named.Where(n => !units.ContainsKey(n)).Select(n => n.Key).Distinct().ToList();
            if (rest.Count == 0) return units;
            var others = await db.SerialUnits.AsNoTracking()
                .Where(u => productIds.Contains(u.ProductId) && rest.Contains(u.SerialKey))
                .Select(u => new UnitInfo(u.Id, u.ProductId, u.Serial, u.SerialKey, u.Status, u.WarehouseId, u.UnitCost))
                .ToListAsync(ct);
            foreach (var u in others) units.TryAdd((u.ProductId, u.SerialKey), u);
            return units;
        }

        /// <summary>
        /// For serials and batch codes the row's product does not know: another product that holds that code in stock.
        /// The same text may name units of two products (two makers both start at 0001), so a code only counts as
        /// another product's while that product has it in stock; otherwise the row is a unit or batch found.
        /// </summary>
        private async Task<Dictionary<(string Kind, string Key), (int ProductId, string Text)>> ForeignCodesAsync(
            List<(Line Line, Product Product, string? CodeKey)> named, Dictionary<(int, string), UnitInfo> units,
            ILookup<(int, string?), LayerInfo> layers, Dictionary<int, string> warehouses, CancellationToken ct)
        {
            var result = new Dictionary<(string, string), (int, string)>();
            var serialKeys = named.Where(n => n.Product.IsSerialized && n.Line.Counted is not null && !units.ContainsKey((n.Product.Id, n.CodeKey!)))
                .Select(n => n.CodeKey!).Distinct().ToList();
            if (serialKeys.Count > 0)
            {
                var owners = await (from u in db.SerialUnits.AsNoTracking()
                                    join p in db.Products.AsNoTracking() on u.ProductId equals p.Id
                                    where serialKeys.Contains(u.SerialKey) && u.Status == SerialStatus.InStock
                                    select new { u.SerialKey, p.Id, p.Sku, u.WarehouseId }).ToListAsync(ct);
                foreach (var o in owners)
                    result.TryAdd(("S", o.SerialKey), (o.Id, $"{o.Sku} (in stock in warehouse {warehouses[o.WarehouseId!.Value]})"));
            }
            var batchKeys = named.Where(n => n.Product.TrackingType == TrackingType.Batch && n.Line.Counted > 0 && !layers[(n.Product.Id, n.CodeKey)].Any())
                .Select(n => n.CodeKey!).Distinct().ToList();
            if (batchKeys.Count > 0)
            {
                var owners = await (from l in db.CostLayers.AsNoTracking()
                                    join p in db.Products.AsNoTracking() on l.ProductId equals p.Id
                                    where batchKeys.Contains(l.BatchKey!) && l.Remaining > 0
                                    select new { l.BatchKey, p.Id, p.Sku }).Distinct().ToListAsync(ct);
                // A product that already holds the batch somewhere owns it, whoever else does too.
                var mine = named.Where(n => n.CodeKey is not null).Select(n => (n.Product.Id, n.CodeKey!)).ToHashSet();
                foreach (var group in owners.GroupBy(o => o.BatchKey!))
                    if (!group.Any(o => mine.Contains((o.Id, group.Key))))
                        result.TryAdd(("B", group.Key), (group.First().Id, group.First().Sku));
            }
            return result;
        }
    }
}
