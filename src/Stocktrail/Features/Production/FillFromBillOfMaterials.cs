using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Materials;
using Stocktrail.Features.Products;

namespace Stocktrail.Features.Production;

public sealed record JobBillOfMaterialsDto(int JobId, string Number, int OutputProductId, string OutputSku, decimal PlannedQuantity, int WarehouseId,
    IReadOnlyList<JobBillOfMaterialsLineDto> Lines);

/// <summary>
/// One component of the job's output: <c>required</c> is the bill's quantity per unit × the job's planned quantity
/// (whole units for a serialized component), <c>onJob</c> what the job holds of it now (used less returned), and
/// <c>quantity</c> what is still to be used, never below zero.
/// </summary>
public sealed record JobBillOfMaterialsLineDto(int ProductId, string Sku, string Name, TrackingType TrackingType, decimal QuantityPerUnit,
    decimal Required, decimal OnJob, decimal Quantity);

/// <summary>
/// The material lines a production job needs, from its output product's bill of materials and its planned quantity,
/// less what is already on the job: the lines its use of materials is filled with. The serials and batches are still
/// chosen by whoever uses them.
/// </summary>
public static class FillFromBillOfMaterials
{
    public sealed class Handler(StocktrailDbContext db, GetBillOfMaterials.Handler bill, ListMaterials.Handler materials)
    {
        public async Task<JobBillOfMaterialsDto> HandleAsync(int jobId, CancellationToken ct)
        {
            var job = await ProductionJobReader.ReadAsync(db, jobId, ct);
            var components = await bill.HandleAsync(job.OutputProductId, ct);
            var onJob = (await materials.HandleAsync(MaterialOwner.ProductionJob, jobId, ct)).Items.ToDictionary(i => i.ProductId, i => i.Quantity);
            var lines = components.Lines.Select(c =>
            {
                var required = BillsOfMaterials.Required(c.Quantity, job.Quantity, c.TrackingType == TrackingType.Serial);
                var held = onJob.GetValueOrDefault(c.ProductId);
                return new JobBillOfMaterialsLineDto(c.ProductId, c.Sku, c.Name, c.TrackingType, c.Quantity, required, held, Math.Max(0, required - held));
            }).ToList();
            return new JobBillOfMaterialsDto(job.Id, job.Number, job.OutputProductId, job.OutputSku, job.Quantity, job.WarehouseId, lines);
        }
    }
}
