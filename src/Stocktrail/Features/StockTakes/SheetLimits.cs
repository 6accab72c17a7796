namespace Stocktrail.Features.StockTakes;

/// <summary>
/// How large an uploaded count sheet may be, checked before and while it is parsed so that a hostile file (a zip bomb,
/// a 300 MB cell, a row numbered 400,000,000, a million columns) is refused with the limit it broke instead of taking
/// the server's memory or time. Settings <c>Stocktrail:CountSheet:*</c>; the defaults hold a sheet of XLSX's own
/// 1,048,576 rows.
/// </summary>
public sealed record SheetLimits
{
    /// <summary>The file as uploaded, CSV or XLSX.</summary>
    public long MaxFileBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>An XLSX's parts once inflated, all together: a zip can hold a thousand times its size.</summary>
    public long MaxUncompressedBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>The parts of an XLSX zip (an exported sheet has about ten).</summary>
    public int MaxZipEntries { get; init; } = 1_000;

    /// <summary>One cell's text: names have at most 200 characters and codes 64, so this is generous.</summary>
    public int MaxCellLength { get; init; } = 1_000;

    /// <summary>The last row a sheet may use, the header included: XLSX's own last row.</summary>
    public int MaxRows { get; init; } = 1_048_576;

    /// <summary>A count sheet has its 7 columns, A to G; nothing may stand to their right.</summary>
    public int MaxColumns => CountSheet.Columns.Length;

    /// <summary>A CSV line, in bytes (7 cells of at most <see cref="MaxCellLength"/> characters, quoted).</summary>
    public int MaxCsvRecordBytes { get; init; } = 64 * 1024;
}
