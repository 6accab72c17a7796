using Stocktrail.Domain;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.Materials;

public sealed record MaterialsRequest(int WarehouseId, IReadOnlyList<MaterialLine?>? Lines);

public sealed record MaterialLine(int ProductId, decimal Quantity, IReadOnlyList<string?>? Serials, IReadOnlyList<BatchQuantity>? Batches, BatchPick? Pick = null) : IStockLine;

/// <summary>What one use or return of materials moved: per line, the units and batches and their cost.</summary>
public sealed record MaterialsMovedDto(string Number, IReadOnlyList<MaterialMovedLineDto> Lines, decimal TotalCost);
public sealed record MaterialMovedLineDto(int Id, int ProductId, string Sku, decimal Quantity, decimal UnitCost, decimal TotalCost, IReadOnlyList<string> Serials, IReadOnlyList<BatchQuantity> Batches) : SerialsOnLine;

/// <summary>The materials list of a project or job: per product, what is on it now (used less returned), and at what cost.</summary>
public sealed record MaterialsListDto(IReadOnlyList<MaterialsListItem> Items, decimal TotalCost);
public sealed record MaterialsListItem(int ProductId, string Sku, string Name, decimal Quantity, decimal UnitCost, decimal TotalCost, IReadOnlyList<string> Serials, IReadOnlyList<BatchQuantity> Batches) : SerialsOnLine;
