using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.Adjustments;

/// <summary>
/// Counts stock in or writes it off outside any other document, for a reason, as of an effective date. In lines bring
/// units in at a unit cost: a new serial per unit (or a serial that is out, coming back as the same unit), batch codes,
/// or a Fifo quantity. Out lines take existing serials, batches or Fifo stock at their own cost; stock never goes
/// negative. In and Out lines may be mixed. Every problem is reported at once and a refused adjustment changes nothing.
/// </summary>
public static class AdjustStock
{
    public const int MaxReasonLength = 200;

    public sealed record Request(int WarehouseId, string? Reason, DateTimeOffset? EffectiveDate, IReadOnlyList<Line?>? Lines);

    /// <summary>The direction is text so that a wrong one is refused naming its line, not as unreadable JSON.</summary>
    public sealed record Line(int ProductId, string? Direction, decimal Quantity, decimal? UnitCost,
        IReadOnlyList<string?>? Serials, IReadOnlyList<BatchQuantity>? Batches);

    private sealed record InLine(int Position, Product Product, decimal Quantity, decimal UnitCost, LineUnits Entry);

    public sealed class Handler(StocktrailDbContext db, LedgerWriter ledger, StockPicker picker, SerialLimit limit, GetStockAdjustment.Handler reader, AuditTrail audit, TimeProvider clock, BatchDates dates)
    {
        public async Task<StockAdjustmentDto> HandleAsync(Request request, CancellationToken ct)
        {
            DocumentLines.RequireLines(request.Lines, "A stock adjustment");
            var requestLines = request.Lines!;
            var now = clock.GetUtcNow().UtcDateTime;

            var problems = new ProblemList();
            var reason = request.Reason?.Trim() ?? "";
            if (reason.Length == 0)
                problems.Add(Problem.Invalid("A stock adjustment needs a reason: say why stock is counted in or written off."));
            else if (reason.Length > MaxReasonLength)
                problems.Add(Problem.Invalid($"The reason is {reason.Length} characters long; keep it to {MaxReasonLength}."));
            else if (PlainText.Check(reason, "The reason") is { } why) problems.Add(Problem.Invalid(why));
            var effectiveDate = request.EffectiveDate?.UtcDateTime ?? now;
            if (effectiveDate > now)
                problems.Add(Problem.Invalid(
                    $"The effective date {effectiveDate:yyyy-MM-dd HH:mm:ss} UTC is in the future; an adjustment records what has already happened."));

            limit.Check(requestLines.Select(l => (l?.Quantity ?? 0, l?.Serials)));
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var warehouse = await DocumentLines.WarehouseCodeAsync(db, request.WarehouseId, problems, ct);
            var products = await DocumentLines.LoadProductsAsync(db, requestLines.Select(l => l?.ProductId).ToList(), problems, ct);

            var seen = new SerialsSeen();
            var outLines = new List<OutLine>();
            var candidates = new List<(int Position, Line Line, Product Product)>();
            for (var i = 0; i < requestLines.Count; i++)
            {
                var (line, position) = (requestLines[i], i + 1);
                if (line is null)
                {
                    problems.Add(new Problem(ProblemKind.Invalid, $"Line {position} is empty: give its productId, direction, quantity and serials or batches.") { Line = position });
                    continue;
                }
                var direction = ParseDirection(line, position, problems);
                if (!products.TryGetValue(line.ProductId, out var product) || direction is null) continue;
                var at = $"Line {position} ({product.Sku})";
                if (product.TrackingType == TrackingType.NonStock)
                {
                    problems.Add(new Problem(ProblemKind.Invalid, $"{at}: {product.Sku} is a NonStock product; its stock is not tracked, so there is nothing to adjust.") { Line = position });
                    continue;
                }
                if (direction == AdjustmentDirection.Out)
                {
                    if (line.UnitCost is not null)
                        problems.Add(new Problem(ProblemKind.Invalid, $"{at}: an Out line leaves at the cost of the units it takes; leave out its unitCost.") { Line = position });
                    outLines.Add(new OutLine(position, product, line.Quantity, line.Serials, line.Batches));
                    // Registers the serials taken out, so that an In line giving one of them is told it was given twice.
                    LineCheck.Check(product, position, line.Quantity, line.Serials, line.Batches, new ProblemList(), seen);
                }
                else candidates.Add((position, line, product));
            }

            var inLines = new List<InLine>();
            foreach (var (position, line, product) in candidates)
            {
                var at = $"Line {position} ({product.Sku})";
                var entry = LineCheck.Check(product, position, line.Quantity, line.Serials, line.Batches, problems, seen);
                await dates.CheckAsync(product, position, at, line.Batches, problems, ct);
                var unitCost = line.UnitCost ?? product.CostPrice;
                if (unitCost is null)
                    problems.Add(new Problem(ProblemKind.Invalid, $"{at}: give the unitCost the units come in at; {product.Sku} has no cost price to use instead.") { Line = position });
                else if (unitCost < 0)
                    problems.Add(new Problem(ProblemKind.Invalid, $"{at}: the unit cost cannot be negative (was {unitCost}).") { Line = position });
                else if (!Money.TryCreate(unitCost.Value, out var cost, out var tooBig, "The unit cost"))
                    problems.Add(new Problem(ProblemKind.Invalid, $"{at}: {tooBig}") { Line = position });
                else inLines.Add(new InLine(position, product, line.Quantity, cost, entry));
            }

            // Without the warehouse there is no stock to check the Out lines against; report what is known.
            if (warehouse.Length == 0) problems.ThrowIfAny();
            var picked = await picker.PickAsync(request.WarehouseId, outLines, problems, ct);
            var returning = await KnownSerials.FindAsync(db, inLines.Select(l => new IncomingSerials(l.Position, l.Product, l.Entry.Serials)), "adjusted in", problems, ct);
            problems.ThrowIfAny();
            await dates.SaveAsync(ct);

            var adjustment = new StockAdjustment(request.WarehouseId, reason, effectiveDate, now);
            var incoming = inLines.ToDictionary(l => l.Position);
            var saved = requestLines.Select((line, i) => incoming.TryGetValue(i + 1, out var inLine)
                ? adjustment.AddLine(line!.ProductId, AdjustmentDirection.In, line.Quantity, inLine.UnitCost)
                : adjustment.AddLine(line!.ProductId, AdjustmentDirection.Out, line.Quantity, null)).ToList();
            db.StockAdjustments.Add(adjustment);
            await db.SaveChangesAsync(ct);
            adjustment.NumberFromId();

            var source = new DocumentRef(SourceType.StockAdjustment, adjustment.Id, adjustment.Number);
            var posting = new Posting(effectiveDate);
            foreach (var line in picked)
                line.AddTo(posting, request.WarehouseId, source.ForLine(saved[line.Line.Position - 1].Id), MovementKind.AdjustedOut, $"Adjusted out on {adjustment.Number}: {reason}");
            foreach (var line in inLines)
                PostIn(posting, line, request.WarehouseId, source.ForLine(saved[line.Position - 1].Id), $"Adjusted in on {adjustment.Number}: {reason}", returning);

            audit.Record(AuditActions.StockAdjustmentPosted,
                $"Stock adjustment {adjustment.Number} in {warehouse}, effective {effectiveDate:yyyy-MM-dd HH:mm} UTC, for '{reason}': {AuditLines(picked, inLines)}.",
                SourceType.StockAdjustment, adjustment.Number);
            await ledger.AppendAsync(posting, ct);
            await tx.CommitAsync(ct);
            return await reader.HandleAsync(adjustment.Id, ct);
        }

        private static string AuditLines(List<PickedLine> picked, List<InLine> inLines) => AuditText.Lines(
            picked.Select(p => (p.Line.Position, Text: "Out " + AuditText.Line(p.Line.Position, p.Product.Sku, p.Line.Quantity,
                    p.Units.Select(u => u.Serial).ToList(), p.Batches.Select(b => new BatchQuantity(b.Batch, b.Takes.Sum(t => t.Quantity))))))
                .Concat(inLines.Select(l => (l.Position, Text: "In " + AuditText.Line(l.Position, l.Product.Sku, l.Quantity,
                    l.Entry.Serials.Select(s => s.Value).ToList(), l.Entry.Batches.Select(b => new BatchQuantity(b.Batch, b.Quantity))) +
                    $" at {AuditText.Money(l.UnitCost)}")))
                .OrderBy(l => l.Position).Select(l => l.Text));

        private static void PostIn(Posting posting, InLine line, int warehouseId, DocumentRef source, string description,
            Dictionary<(int ProductId, string Key), KnownUnit> returning)
        {
            var product = line.Product;
            switch (product.TrackingType)
            {
                case TrackingType.Serial:
                    posting.SerialsIn.Add(new SerialsIn(product.Id, warehouseId,
                        line.Entry.Serials.Select(s => returning.TryGetValue((product.Id, s.Key), out var unit)
                            ? UnitIn.Known(unit, line.UnitCost) : UnitIn.New(s, line.UnitCost)).ToList(),
                        source, MovementKind.AdjustedIn, description));
                    break;
                case TrackingType.Batch:
                    foreach (var (batch, quantity) in line.Entry.Batches)
                        posting.LayersIn.Add(new LayerIn(product.Id, warehouseId, batch, quantity, line.UnitCost, source, MovementKind.AdjustedIn, $"{description} — batch {batch}"));
                    break;
                case TrackingType.Fifo:
                    posting.LayersIn.Add(new LayerIn(product.Id, warehouseId, null, line.Quantity, line.UnitCost, source, MovementKind.AdjustedIn, description));
                    break;
            }
        }

        private static AdjustmentDirection? ParseDirection(Line line, int position, ProblemList problems)
        {
            var text = line.Direction?.Trim();
            if (string.Equals(text, "In", StringComparison.OrdinalIgnoreCase)) return AdjustmentDirection.In;
            if (string.Equals(text, "Out", StringComparison.OrdinalIgnoreCase)) return AdjustmentDirection.Out;
            problems.Add(new Problem(ProblemKind.Invalid, string.IsNullOrEmpty(text)
                ? $"Line {position}: give its direction, In (stock counted in) or Out (stock written off)."
                : $"Line {position}: direction '{text}' is not known; use In (stock counted in) or Out (stock written off).") { Line = position });
            return null;
        }
    }
}
