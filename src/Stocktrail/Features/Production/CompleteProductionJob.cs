using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Materials;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.Production;

/// <summary>
/// Completes a job with the quantity actually produced. The output enters stock at the job's consumed cost divided by
/// that quantity: a serialized output with one new serial per unit, a batch output with its batch code(s). The
/// genealogy is recorded: by default every input the job consumed is a component of every unit it produced (one
/// job-level link per component, docs/traceability.md); the request may instead say which consumed components went
/// into which output serial.
/// </summary>
public static class CompleteProductionJob
{
    public sealed record Request(decimal ActualQuantity, IReadOnlyList<string?>? Serials, IReadOnlyList<BatchQuantity>? Batches, IReadOnlyList<Output?>? Outputs);
    public sealed record Output(string? Serial, IReadOnlyList<Component?>? Components);
    public sealed record Component(int ProductId, IReadOnlyList<string?>? Serials, IReadOnlyList<BatchQuantity>? Batches, decimal? Quantity);

    /// <summary>What the job consumed and still holds (used less returned), per component.</summary>
    private sealed record Consumed(int ProductId, long? UnitId, string? SerialKey, string? Batch, decimal Quantity);

    public sealed class Handler(StocktrailDbContext db, LedgerWriter ledger, SerialLimit limit, AuditTrail audit, TimeProvider clock, BatchDates dates)
    {
        public async Task<ProductionJobDto> HandleAsync(int id, Request request, CancellationToken ct)
        {
            // The output's serials, and each component serial an output names.
            limit.Check(new[] { (request.ActualQuantity, request.Serials) }
                .Concat((request.Outputs ?? []).SelectMany(o => o?.Components ?? []).Select(c => (0m, c?.Serials))), isLine: false);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var job = await db.ProductionJobs.FirstOrDefaultAsync(j => j.Id == id, ct)
                ?? throw StockRuleException.NotFound($"There is no production job with id {id}.");
            job.RequireOpen("cannot be completed again");
            var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == job.OutputProductId, ct);

            var problems = new ProblemList();
            var entry = LineCheck.Check(product, 1, request.ActualQuantity, request.Serials, request.Batches, problems, new SerialsSeen(),
                label: $"Output of {job.Number} ({product.Sku})");
            if (entry.Serials.Count > 0)
            {
                var keys = entry.Serials.Select(s => s.Key).ToList();
                var taken = await db.SerialUnits.AsNoTracking().Where(u => u.ProductId == product.Id && keys.Contains(u.SerialKey)).Select(u => u.Serial).ToListAsync(ct);
                foreach (var serial in taken)
                    problems.Add(new Problem(ProblemKind.Conflict, $"Output of {job.Number} ({product.Sku}): serial {serial} already exists; a produced unit needs a new serial.") { Serial = serial });
            }

            var consumed = await ConsumedAsync(job.Id, ct);
            var explicitLinks = request.Outputs is { Count: > 0 } ? CheckOutputs(request.Outputs, entry, consumed, problems) : null;
            await dates.CheckAsync(product, 1, $"Output of {job.Number} ({product.Sku})", request.Batches, problems, ct);
            problems.ThrowIfAny();
            await dates.SaveAsync(ct);

            var totalCost = await MaterialCost.OfAsync(db, MaterialOwner.ProductionJob, job.Id, ct);
            var unitCost = Math.Round(totalCost / request.ActualQuantity, 6);
            var now = clock.GetUtcNow().UtcDateTime;
            job.Complete(request.ActualQuantity, unitCost, now);

            var posting = new Posting(now);
            var source = new DocumentRef(SourceType.ProductionJob, job.Id, job.Number);
            var description = $"Produced by {job.Number}";
            switch (product.TrackingType)
            {
                case TrackingType.Serial:
                    posting.SerialsIn.Add(new SerialsIn(product.Id, job.WarehouseId, entry.Serials.Select(s => UnitIn.New(s, unitCost)).ToList(), source, MovementKind.Produced, description));
                    break;
                case TrackingType.Batch:
                    foreach (var (batch, quantity) in entry.Batches)
                        posting.LayersIn.Add(new LayerIn(product.Id, job.WarehouseId, batch, quantity, unitCost, source, MovementKind.Produced, $"{description} — batch {batch}"));
                    break;
                default:
                    posting.LayersIn.Add(new LayerIn(product.Id, job.WarehouseId, null, request.ActualQuantity, unitCost, source, MovementKind.Produced, description));
                    break;
            }
            audit.Record(AuditActions.ProductionJobCompleted,
                $"Production job {job.Number} completed: made " +
                AuditText.Units(product.Sku, request.ActualQuantity, entry.Serials.Select(s => s.Value).ToList(), entry.Batches.Select(b => new BatchQuantity(b.Batch, b.Quantity))) +
                $" of {AuditText.Qty(job.Quantity)} planned, at {AuditText.Money(unitCost)} each from {AuditText.Money(totalCost)} consumed" +
                $"{(explicitLinks is null ? "" : $"; {explicitLinks.Count} component link(s) stated")}.",
                SourceType.ProductionJob, job.Number);
            await ledger.AppendAsync(posting, ct);

            await RecordGenealogyAsync(job, product, entry, consumed, explicitLinks, request.ActualQuantity, ct);
            await tx.CommitAsync(ct);
            return await ProductionJobReader.ReadAsync(db, job.Id, ct);
        }

        private async Task<List<Consumed>> ConsumedAsync(int jobId, CancellationToken ct) =>
            (await DocumentContents.ReadAsync(db, SourceType.ProductionJob, jobId, DocumentFlow.Out, ct)).PerProduct()
            .SelectMany(h => h.Units.Select(u => new Consumed(h.ProductId, u.Id, u.Key, null, 1))
                .Concat(h.Batches.Select(b => new Consumed(h.ProductId, null, null, b.Batch, b.Quantity)))
                .Concat(h.FifoQuantity > 0 ? [new Consumed(h.ProductId, null, null, null, h.FifoQuantity)] : []))
            .ToList();

        /// <summary>Checks the stated genealogy: each output is one of the serials produced, each component one the job consumed, used once.</summary>
        private static List<(SerialNumber Output, Consumed Component, decimal Quantity)> CheckOutputs(
            IReadOnlyList<Output?> outputs, LineUnits entry, List<Consumed> consumed, ProblemList problems)
        {
            var links = new List<(SerialNumber, Consumed, decimal)>();
            if (entry.Serials.Count == 0)
            {
                problems.Add(Problem.Invalid("outputs name output serials, so they are only for a serialized output."));
                return links;
            }
            var produced = entry.Serials.ToHashSet();
            var consumedUnits = consumed.Where(c => c.UnitId != null).ToDictionary(c => (c.ProductId, c.SerialKey!), c => c.UnitId!.Value);
            var usedUnits = new HashSet<long>();
            var left = consumed.Where(c => c.UnitId == null).ToDictionary(c => (c.ProductId, c.Batch == null ? null : TrackingCode.Key(c.Batch)), c => c.Quantity);
            var outputsSeen = new HashSet<SerialNumber>();

            foreach (var output in outputs)
            {
                if (output is null)
                {
                    problems.Add(Problem.Invalid("outputs: an empty output was given; give each as {serial, components}."));
                    continue;
                }
                if (!SerialNumber.TryCreate(output.Serial, out var serial, out var error) || !produced.Contains(serial))
                {
                    problems.Add(new Problem(ProblemKind.Invalid, $"outputs: '{output.Serial}' is not one of the serials produced.") { Serial = output.Serial });
                    continue;
                }
                if (!outputsSeen.Add(serial)) problems.Add(new Problem(ProblemKind.Invalid, $"outputs: output {serial} is given twice.") { Serial = serial.Value });
                foreach (var component in output.Components ?? [])
                {
                    if (component is null)
                    {
                        problems.Add(new Problem(ProblemKind.Invalid, $"outputs: output {serial} has an empty component; give each as {{productId, serials or batches or quantity}}.") { Serial = serial.Value });
                        continue;
                    }
                    foreach (var text in component.Serials ?? [])
                    {
                        var key = TrackingCode.Key(text ?? "");
                        if (!consumedUnits.TryGetValue((component.ProductId, key), out var unitId))
                            problems.Add(new Problem(ProblemKind.Conflict, $"outputs: component serial {text?.Trim()} of product {component.ProductId} was not consumed by this job.") { Serial = text });
                        else if (!usedUnits.Add(unitId))
                            problems.Add(new Problem(ProblemKind.Invalid, $"outputs: component serial {text?.Trim()} is given for more than one output; a unit goes into one.") { Serial = text });
                        else links.Add((serial, consumed.First(c => c.UnitId == unitId), 1));
                    }
                    if (component.Batches?.Any(b => b is null) == true)
                        problems.Add(new Problem(ProblemKind.Invalid, $"outputs: output {serial} has an empty batch for product {component.ProductId}; give each as {{batch, quantity}}.") { Serial = serial.Value });
                    var parts = (component.Batches ?? []).OfType<BatchQuantity>().Select(b => ((string?)b.Batch?.Trim(), b.Quantity)).ToList();
                    if (component.Quantity is { } q && parts.Count == 0) parts.Add((null, q));
                    foreach (var (batch, quantity) in parts)
                    {
                        var key = (component.ProductId, batch == null ? null : TrackingCode.Key(batch));
                        if (quantity <= 0 || !left.TryGetValue(key, out var available) || quantity > available)
                            problems.Add(new Problem(ProblemKind.Conflict,
                                $"outputs: {quantity} of product {component.ProductId}{(batch is null ? "" : $" batch {batch}")} is more than this job consumed and has not given to other outputs.") { Batch = batch });
                        else
                        {
                            left[key] = available - quantity;
                            links.Add((serial, consumed.First(c => c.UnitId == null && c.ProductId == component.ProductId && (c.Batch == null ? null : TrackingCode.Key(c.Batch)) == key.Item2), quantity));
                        }
                    }
                }
            }
            return links;
        }

        private async Task RecordGenealogyAsync(ProductionJob job, Product product, LineUnits entry, List<Consumed> consumed,
            List<(SerialNumber Output, Consumed Component, decimal Quantity)>? explicitLinks, decimal actualQuantity, CancellationToken ct)
        {
            var outputIds = new Dictionary<SerialNumber, long>();
            if (explicitLinks is not null)
            {
                var keys = entry.Serials.Select(s => s.Key).ToList();
                var units = await db.SerialUnits.AsNoTracking().Where(u => u.ProductId == product.Id && keys.Contains(u.SerialKey))
                    .Select(u => new { u.Id, u.Serial }).ToListAsync(ct);
                foreach (var unit in units) outputIds[SerialNumber.Create(unit.Serial)] = unit.Id;
            }

            ComponentLink Link(long? outputUnit, string? outputBatch, Consumed c, decimal quantity) =>
                new(job.Id, product.Id, outputUnit, outputBatch, c.ProductId, c.UnitId, c.Batch, quantity);

            if (explicitLinks is not null)
                db.ComponentLinks.AddRange(explicitLinks.Select(l => Link(outputIds[l.Output], null, l.Component, l.Quantity)));
            else if (entry.Serials.Count > 0)
                // One job-level link per component, meaning "in every unit this job produced" (its Produced ledger rows),
                // not one per output × component: 1,000 outputs of 1,000 parts are 1,000 rows. The quantity is per unit.
                db.ComponentLinks.AddRange(consumed.Select(c => Link(null, null, c, c.UnitId is null ? Math.Round(c.Quantity / actualQuantity, 6) : 1)));
            else if (entry.Batches.Count > 0)
                db.ComponentLinks.AddRange(
                    from b in entry.Batches
                    from c in consumed
                    select Link(null, b.Batch, c, c.UnitId is null ? Math.Round(c.Quantity * b.Quantity / actualQuantity, 6) : 1));
            else
                db.ComponentLinks.AddRange(consumed.Select(c => Link(null, null, c, c.Quantity)));
            await db.SaveChangesAsync(ct);
        }
    }
}
