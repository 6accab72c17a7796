using Microsoft.AspNetCore.Http.HttpResults;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;
using Stocktrail.Web;

namespace Stocktrail.Features.Materials;

/// <summary>
/// The serials endpoints of a project's or job's materials, the same under both: a materials item's serials (one
/// product, used and not returned), and what one use or return moved. Reads, open to everyone signed in, as the
/// materials list is.
/// </summary>
public static class MaterialSerialsApi
{
    /// <param name="name">The owner as an operation id names it: Project, ProductionJob.</param>
    /// <param name="noun">The owner as a sentence names it: project, job.</param>
    public static void Map(RouteGroupBuilder owners, SourceType owner, string name, string noun)
    {
        owners.MapGet("/{id:int}/materials/{productId:int}/serials", async Task<Ok<LineSerials.Result>> (int id, int productId, string? after, int? pageSize,
                LineSerials.Handler handler, CancellationToken ct) => TypedResults.Ok(await handler.MaterialsAsync(owner, id, productId, after, pageSize, ct)))
            .Describe($"List{name}MaterialSerials", $"List the serials of one of a {noun}'s materials", LineSerials.Description($"of the product used on the {noun} and not returned"));
        owners.MapGet("/{id:int}/materials/lines/{lineId:int}/serials", async Task<Ok<LineSerials.Result>> (int id, int lineId, string? after, int? pageSize,
                LineSerials.Handler handler, CancellationToken ct) => TypedResults.Ok(await handler.MaterialsLineAsync(owner, id, lineId, after, pageSize, ct)))
            .Describe($"List{name}MaterialsLineSerials", $"List the serials one use or return of a {noun}'s materials moved",
                LineSerials.Description("one use or return moved (lineId is a line id of its answer)"));
    }
}
