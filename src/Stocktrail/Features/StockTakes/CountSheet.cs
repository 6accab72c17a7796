using System.Globalization;
using System.Text;
using CsvHelper;
using MiniExcelLibs;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;

namespace Stocktrail.Features.StockTakes;

public enum SheetFormat { Csv, Xlsx }

/// <summary>One row of the count sheet as exported. Property order is column order (MiniExcel writes them so).</summary>
public sealed class SheetRow
{
    public string Sku { get; init; } = "";
    public string Name { get; init; } = "";
    public string Warehouse { get; init; } = "";
    public string SerialOrBatch { get; init; } = "";
    /// <summary>A batch's expiry date (yyyy-MM-dd), blank for other rows and batches without one.</summary>
    public string ExpiresOn { get; init; } = "";
    public decimal? UnitCost { get; init; }
    public decimal OnHand { get; init; }
    /// <summary>Always blank on export: the counter fills it in.</summary>
    public decimal? Counted { get; init; }
}

/// <summary>One data row as read from a sheet: its 1-based row number (the header is row 1) and its cells in column order.</summary>
public readonly record struct RawRow(int Row, string?[] Cells);

/// <summary>
/// Reads and writes the count sheet (<c>Sku, Name, Warehouse, SerialOrBatch, ExpiresOn, UnitCost, OnHand, Counted</c>) with
/// maintained libraries that stream: CsvHelper for CSV; for XLSX, MiniExcel writes and the Open XML SDK reads (see
/// XlsxSheet). Rows are yielded one at a time, so a sheet of 100,000 rows is never held whole in memory as a document.
/// </summary>
public static class CountSheet
{
    public static readonly string[] Columns = ["Sku", "Name", "Warehouse", "SerialOrBatch", "ExpiresOn", "UnitCost", "OnHand", "Counted"];
    public const int Sku = 0, Name = 1, Warehouse = 2, SerialOrBatch = 3, ExpiresOn = 4, UnitCost = 5, OnHand = 6, Counted = 7;

    /// <summary>Columns a sheet may leave out: sheets exported before batches had expiry dates have no ExpiresOn.</summary>
    public static readonly string[] Optional = ["ExpiresOn"];

    public const string CsvMediaType = "text/csv";
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static SheetFormat? ParseFormat(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "csv" => SheetFormat.Csv,
        "xlsx" => SheetFormat.Xlsx,
        _ => null,
    };

    /// <summary>An XLSX file is a zip archive; anything else is read as CSV.</summary>
    public static SheetFormat Sniff(Stream seekable)
    {
        Span<byte> head = stackalloc byte[4];
        var read = seekable.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        seekable.Position = 0;
        return read == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4 ? SheetFormat.Xlsx : SheetFormat.Csv;
    }

    public static async Task WriteCsvAsync(Stream output, IAsyncEnumerable<SheetRow> rows, CancellationToken ct)
    {
        await using var csv = CsvWriter.Create(output, null, leaveOpen: true);
        await csv.WriteRecordAsync(Columns, ct);
        var fields = new string[Columns.Length];
        await foreach (var row in rows.WithCancellation(ct))
        {
            fields[Sku] = SpreadsheetText.Defuse(row.Sku);
            fields[Name] = SpreadsheetText.Defuse(row.Name);
            fields[Warehouse] = SpreadsheetText.Defuse(row.Warehouse);
            fields[SerialOrBatch] = SpreadsheetText.Defuse(row.SerialOrBatch);
            fields[ExpiresOn] = row.ExpiresOn;
            fields[UnitCost] = Number(row.UnitCost);
            fields[OnHand] = Number(row.OnHand);
            fields[Counted] = Number(row.Counted);
            await csv.WriteRecordAsync(fields, ct);
        }
        await csv.FlushAsync(ct);
    }

    /// <summary>MiniExcel writes row by row from the enumeration; the zip needs a seekable target, so a temp file is used.</summary>
    public static async Task WriteXlsxAsync(Stream output, IEnumerable<SheetRow> rows, CancellationToken ct)
    {
        await using var file = TempFile();
        var defused = rows.Select(r => new SheetRow
        {
            Sku = SpreadsheetText.Defuse(r.Sku), Name = SpreadsheetText.Defuse(r.Name), Warehouse = SpreadsheetText.Defuse(r.Warehouse),
            SerialOrBatch = SpreadsheetText.Defuse(r.SerialOrBatch), ExpiresOn = r.ExpiresOn, UnitCost = r.UnitCost, OnHand = r.OnHand, Counted = r.Counted,
        });
        await MiniExcel.SaveAsAsync(file, defused, printHeader: true, sheetName: "Count sheet", excelType: ExcelType.XLSX, cancellationToken: ct);
        file.Position = 0;
        await file.CopyToAsync(output, ct);
    }

    /// <summary>
    /// The data rows of a sheet, in column order. A header with missing, renamed or unknown columns is reported as
    /// problems on row 1 and no rows are read. Wholly blank rows are skipped (their numbers still count).
    /// </summary>
    public static IEnumerable<RawRow> Read(Stream seekable, SheetFormat format, SheetLimits limits, ProblemList problems)
    {
        if (seekable.Length > limits.MaxFileBytes)
            throw StockRuleException.TooLarge($"The count sheet is {seekable.Length / (1024 * 1024):N0} MB; at most {limits.MaxFileBytes / (1024 * 1024):N0} MB are taken.");
        if (format == SheetFormat.Xlsx) XlsxGuard.Check(seekable, limits);
        return format == SheetFormat.Xlsx ? ReadXlsx(seekable, limits, problems) : ReadCsv(seekable, limits, problems);
    }

    private static IEnumerable<RawRow> ReadCsv(Stream stream, SheetLimits limits, ProblemList problems)
    {
        // Every line is a record, blank ones too, so that row numbers are the ones a spreadsheet shows. A line is
        // bounded (an unclosed quote would otherwise make the rest of the file one field).
        using var csv = CsvReader.Create(stream,
            new CsvReaderOptions { HasHeader = false, SkipEmptyLines = false, MaxRecordSize = limits.MaxCsvRecordBytes }, leaveOpen: true);
        int[]? map = null;
        var row = 0;
        while (true)
        {
            string? malformed = null;
            bool more;
            try
            {
                more = csv.Read();
            }
            catch (CsvFormatException e)
            {
                (malformed, more) = (e.Message, false);
            }
            if (malformed is not null)
            {
                problems.Add(new Problem(ProblemKind.Invalid,
                    $"Row {row + 1}: the CSV cannot be read there (a line holds at most {limits.MaxCsvRecordBytes / 1024:N0} KB; is a quote left open?): {malformed}") { Row = row + 1 });
                yield break;
            }
            if (!more) break;
            row++;
            if (row > limits.MaxRows)
                throw StockRuleException.TooLarge($"The sheet has more than {limits.MaxRows:N0} rows, the most a count sheet may have; split it over several stock takes.");
            var record = new string?[Math.Min(csv.FieldCount, limits.MaxColumns)];
            for (var i = 0; i < record.Length; i++) record[i] = Blank(csv.GetString(i));
            if (BeyondLastColumn(row, csv.FieldCount, i => csv.GetString(i), limits) is { } beyond)
            {
                problems.Add(beyond);
                if (map is null) yield break;
                continue;
            }
            if (map is null)
            {
                map = MapHeader(record, problems);
                if (map is null) yield break;
                continue;
            }
            var cells = new string?[Columns.Length];
            for (var c = 0; c < Columns.Length; c++)
                cells[c] = map[c] >= 0 && map[c] < record.Length ? record[map[c]] : null;
            if (cells.All(c => c is null)) continue;
            yield return new RawRow(row, cells);
        }
        if (map is null && !problems.Any)
            problems.Add(new Problem(ProblemKind.Invalid, "The sheet is empty: its first row must be the header " + string.Join(", ", Columns) + ".") { Row = 1 });
    }

    /// <summary>A cell with something in it right of the sheet's last column: a problem of its row (the header's stops the import).</summary>
    private static Problem? BeyondLastColumn(int row, int count, Func<int, string?> cell, SheetLimits limits)
    {
        for (var i = limits.MaxColumns; i < count; i++)
            if (Blank(cell(i)) is not null)
                return new Problem(ProblemKind.Invalid,
                    $"Row {row}: column {ColumnLetter(i)} holds something; a count sheet has {limits.MaxColumns} columns ({string.Join(", ", Columns)}), so nothing may stand right of column {ColumnLetter(limits.MaxColumns - 1)}.") { Row = row };
        return null;
    }

    private static IEnumerable<RawRow> ReadXlsx(Stream stream, SheetLimits limits, ProblemList problems)
    {
        IEnumerator<(int Row, string?[] Values)> rows;
        try
        {
            rows = XlsxSheet.Open(stream).GetEnumerator();
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or InvalidOperationException or FormatException)
        {
            problems.Add(new Problem(ProblemKind.Invalid, $"The file is not a readable XLSX workbook: {e.Message}") { Row = 1 });
            yield break;
        }
        using (rows)
        {
            int[]? map = null;
            var last = 0;
            while (true)
            {
                (int Row, string?[] Values) current;
                try
                {
                    if (!rows.MoveNext()) break;
                    current = rows.Current;
                }
                catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or InvalidOperationException or FormatException)
                {
                    problems.Add(new Problem(ProblemKind.Invalid, $"The file is not a readable XLSX workbook: {e.Message}") { Row = last + 1 });
                    yield break;
                }
                var (row, values) = current;
                last = row;
                // XlsxGuard has checked the file; this keeps the reader's own numbering honest too.
                if (row > limits.MaxRows)
                    throw StockRuleException.TooLarge($"The sheet has more than {limits.MaxRows:N0} rows, the most a count sheet may have.");
                if (BeyondLastColumn(row, values.Length, i => values[i], limits) is { } beyond)
                {
                    problems.Add(beyond);
                    if (map is null) yield break;
                    continue;
                }
                if (map is null)
                {
                    // The header is row 1 as a spreadsheet shows it, blank or not.
                    map = MapHeader(row == 1 ? values[..Math.Min(values.Length, limits.MaxColumns)] : [], problems);
                    if (map is null) yield break;
                    if (row == 1) continue;
                }
                var cells = new string?[Columns.Length];
                var any = false;
                for (var c = 0; c < Columns.Length; c++)
                    any |= (cells[c] = map[c] >= 0 && map[c] < values.Length ? values[map[c]] : null) is not null;
                if (!any) continue;
                yield return new RawRow(row, cells);
            }
            if (map is null && !problems.Any)
                problems.Add(new Problem(ProblemKind.Invalid, "The sheet is empty: its first row must be the header " + string.Join(", ", Columns) + ".") { Row = 1 });
        }
    }

    /// <summary>Where each expected column is in the file, or null (with problems) when a column is missing or renamed.</summary>
    private static int[]? MapHeader(IReadOnlyList<string?> header, ProblemList problems)
    {
        var found = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var unknown = new List<(int Index, string Name)>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = (header[i] ?? "").Trim().TrimStart('\uFEFF');
            if (name.Length == 0) continue;
            if (Columns.Contains(name, StringComparer.OrdinalIgnoreCase) && !found.ContainsKey(name)) found[name] = i;
            else unknown.Add((i, name));
        }
        var missing = Columns.Where(c => !found.ContainsKey(c) && !Optional.Contains(c)).ToList();
        foreach (var column in missing)
        {
            // A stranger in the missing column's usual place was most likely renamed from it.
            var expectedAt = Array.IndexOf(Columns, column);
            var renamed = unknown.FirstOrDefault(u => u.Index == expectedAt);
            problems.Add(new Problem(ProblemKind.Invalid, renamed.Name is not null
                ? $"Row 1: column {ColumnLetter(expectedAt)} is headed '{renamed.Name}'; it must be '{column}'. The header must be {string.Join(", ", Columns)}."
                : $"Row 1: the column '{column}' is missing. The header must be {string.Join(", ", Columns)}.") { Row = 1, Column = column });
        }
        foreach (var (index, name) in unknown.Where(u => missing.All(m => Array.IndexOf(Columns, m) != u.Index)))
            problems.Add(new Problem(ProblemKind.Invalid,
                $"Row 1: column {ColumnLetter(index)} '{name}' is not a count sheet column; the header must be {string.Join(", ", Columns)}.") { Row = 1, Column = name });
        return missing.Count > 0 || unknown.Count > 0 ? null : Columns.Select(c => found.GetValueOrDefault(c, -1)).ToArray();
    }

    public static string ColumnLetter(int index) => index < 26 ? ((char)('A' + index)).ToString() : $"{(char)('A' + index / 26 - 1)}{(char)('A' + index % 26)}";

    internal static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    public static FileStream TempFile() =>
        new(Path.Combine(Path.GetTempPath(), $"stocktrail-sheet-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
}
