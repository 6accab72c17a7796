using Stocktrail.Domain;

namespace Stocktrail.Features.StockTakes;

public sealed record StockTakeDto(int Id, string Number, int WarehouseId, string Warehouse, StockTakeStatus Status, DateTime CreatedAt,
    DateTime? ExportedAt, DateTime? ImportedAt, DateTime? CompletedAt, VarianceSummaryDto Summary, IReadOnlyList<VarianceDto> Variances, string CreatedBy);

/// <summary>One difference between the sheet and the books; <c>value</c> is the signed change in stock value.</summary>
public sealed record VarianceDto(int Row, int ProductId, string Sku, string? Serial, string? Batch, VarianceKind Kind,
    decimal OnHand, decimal Counted, decimal Difference, decimal UnitCost, decimal Value);

public sealed record VarianceSummaryDto(int Found, int Missing, int More, int Less, decimal ValueIn, decimal ValueOut, decimal NetValue)
{
    public static VarianceSummaryDto Of(IReadOnlyCollection<VarianceDto> variances) => new(
        variances.Count(v => v.Kind == VarianceKind.Found),
        variances.Count(v => v.Kind == VarianceKind.Missing),
        variances.Count(v => v.Kind == VarianceKind.More),
        variances.Count(v => v.Kind == VarianceKind.Less),
        variances.Where(v => v.Value > 0).Sum(v => v.Value),
        -variances.Where(v => v.Value < 0).Sum(v => v.Value),
        variances.Sum(v => v.Value));
}

/// <summary>A row left alone because its stock moved after the sheet was exported; export the outdated rows again and recount them.</summary>
public sealed record OutdatedRowDto(int Row, int ProductId, string Sku, string? SerialOrBatch, decimal? OnHandOnSheet, decimal OnHandNow, string Reason);

/// <summary>What an import found: every row's differences, the rows not counted, and the rows that are outdated.</summary>
public sealed record ImportResultDto(int StockTakeId, string Number, int Rows, int CountedRows, int NotCountedRows,
    VarianceSummaryDto Summary, IReadOnlyList<VarianceDto> Variances, IReadOnlyList<OutdatedRowDto> Outdated);

public sealed record JobDto(int Id, string Kind, BackgroundJobStatus Status, int Percent, int? StockTakeId, DateTime CreatedAt,
    DateTime? FinishedAt, int? ResultStatus, System.Text.Json.JsonElement? Result);

public sealed record JobProblemDto(string Title, int Status, string Detail, IReadOnlyList<Web.ProblemItem> Errors);
