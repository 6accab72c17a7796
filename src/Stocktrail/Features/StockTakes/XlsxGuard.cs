using System.Globalization;
using System.IO.Compression;
using System.Xml;
using Stocktrail.Domain;

namespace Stocktrail.Features.StockTakes;

/// <summary>
/// Checks an uploaded XLSX against <see cref="SheetLimits"/> before ExcelDataReader reads it, because the reader trusts
/// the file: it loads every shared string whole, loops through every row number up to the largest one, sizes each row
/// to the rightmost column, and quietly renumbers rows that are negative, repeated or out of order. So, one streaming
/// pass with the framework's own zip and XML readers: the parts inflated and counted (never beyond the limit), and in
/// the worksheets and shared strings every row number, cell reference and cell text checked, text measured in chunks
/// rather than read whole. A file that breaks a limit is refused at once (413 for size, 400 for impossible numbers),
/// naming the limit; nothing was read into the stock take.
/// </summary>
internal static class XlsxGuard
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true, IgnoreComments = true, CloseInput = false,
    };

    public static void Check(Stream seekable, SheetLimits limits)
    {
        try
        {
            using var zip = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > limits.MaxZipEntries)
                throw StockRuleException.TooLarge($"The workbook holds {zip.Entries.Count:N0} parts; a count sheet has about ten, and at most {limits.MaxZipEntries:N0} are read.");
            long inflated = 0;
            foreach (var entry in zip.Entries)
            {
                using var part = new CappedStream(entry.Open(), limits.MaxUncompressedBytes - inflated, limits.MaxUncompressedBytes);
                var name = entry.FullName;
                if (name.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                    ScanWorksheet(part, limits);
                else if (name.Equals("xl/sharedStrings.xml", StringComparison.OrdinalIgnoreCase))
                    ScanTexts(part, "si", limits, i => $"Shared text {i:N0} of the workbook");
                else part.CopyTo(Stream.Null);
                inflated += part.BytesRead;
            }
        }
        catch (Exception e) when (e is InvalidDataException or XmlException)
        {
            throw StockRuleException.Invalid($"The file is not a readable XLSX workbook: {e.Message}");
        }
        finally
        {
            seekable.Position = 0;
        }
    }

    private static void ScanWorksheet(Stream part, SheetLimits limits)
    {
        using var xml = XmlReader.Create(part, Settings);
        int row = 0, column = 0, textLength = 0;
        string cell = "";
        var chunk = new char[4096];
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element)
                switch (xml.LocalName)
                {
                    case "dimension" when xml.GetAttribute("ref") is { } range:
                        var last = range.Split(':')[^1];
                        if (!TryParseCell(last, out var lastColumn, out var lastRow) || lastColumn > limits.MaxColumns || lastRow > limits.MaxRows)
                            throw Refused($"The worksheet says it spans {range}; a count sheet has {limits.MaxColumns} columns (A to {CountSheet.ColumnLetter(limits.MaxColumns - 1)}) and at most {limits.MaxRows:N0} rows.", lastRow > limits.MaxRows);
                        break;
                    case "row":
                        var next = row + 1;
                        if (xml.GetAttribute("r") is { } r && !int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out next))
                            throw Refused($"Row '{r}' of the worksheet is not a row number a spreadsheet can have (1 to {limits.MaxRows:N0}).");
                        if (next > limits.MaxRows)
                            throw Refused($"Row {next:N0} of the worksheet is past the last row a count sheet may have, {limits.MaxRows:N0}.", tooLarge: true);
                        if (next <= row)
                            throw Refused($"Row {next:N0} of the worksheet comes after row {row:N0}: each row must come once, in order.");
                        (row, column) = (next, 0);
                        break;
                    case "c":
                        var at = column + 1;
                        if (xml.GetAttribute("r") is { } reference)
                        {
                            if (!TryParseCell(reference, out at, out var cellRow) || cellRow != row)
                                throw Refused($"Cell '{reference}' of the worksheet is not a cell of row {row:N0}.");
                        }
                        if (at <= column)
                            throw Refused($"Cell {CellName(at, row)} of the worksheet comes after {CellName(column, row)}: each cell must come once, left to right.");
                        if (at > limits.MaxColumns)
                            throw Refused($"Cell {CellName(at, row)} is right of column {CountSheet.ColumnLetter(limits.MaxColumns - 1)}: a count sheet has {limits.MaxColumns} columns, {string.Join(", ", CountSheet.Columns)}. Delete the columns after {CountSheet.ColumnLetter(limits.MaxColumns - 1)}.");
                        (column, cell, textLength) = (at, CellName(at, row), 0);
                        break;
                }
            else if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace)
            {
                textLength += Measure(xml, chunk, limits.MaxCellLength - textLength);
                if (textLength > limits.MaxCellLength)
                    throw Refused($"Cell {cell} holds more than {limits.MaxCellLength:N0} characters, the most a count sheet cell may hold.", tooLarge: true);
            }
        }
    }

    /// <summary>The texts of the shared string table, each <paramref name="item"/> element one cell's text.</summary>
    private static void ScanTexts(Stream part, string item, SheetLimits limits, Func<int, string> name)
    {
        using var xml = XmlReader.Create(part, Settings);
        int index = -1, textLength = 0;
        var chunk = new char[4096];
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == item) (index, textLength) = (index + 1, 0);
            else if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace)
            {
                textLength += Measure(xml, chunk, limits.MaxCellLength - textLength);
                if (textLength > limits.MaxCellLength)
                    throw Refused($"{name(index + 1)} has more than {limits.MaxCellLength:N0} characters, the most a count sheet cell may hold.", tooLarge: true);
            }
        }
    }

    /// <summary>The length of the text node, read in chunks and only until it passes <paramref name="room"/>.</summary>
    private static int Measure(XmlReader xml, char[] chunk, int room)
    {
        var length = 0;
        int read;
        while (length <= room && (read = xml.ReadValueChunk(chunk, 0, chunk.Length)) > 0) length += read;
        return length;
    }

    /// <summary>A cell reference such as <c>B12</c>: column 1-based (A = 1), within XLSX's 16,384 columns.</summary>
    private static bool TryParseCell(string reference, out int column, out int row)
    {
        (column, row) = (0, 0);
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            column = column * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            if (column > 16_384) return false;
        }
        return i is > 0 and <= 3 && int.TryParse(reference.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out row) && row > 0;
    }

    private static string CellName(int column, int row) => column == 0 ? $"row {row:N0}'s start" : $"{CountSheet.ColumnLetter(column - 1)}{row}";

    private static StockRuleException Refused(string message, bool tooLarge = false) =>
        tooLarge ? StockRuleException.TooLarge(message) : StockRuleException.Invalid(message);

    /// <summary>Reads through to the inner stream and refuses once more than the room left has come out of it.</summary>
    private sealed class CappedStream(Stream inner, long room, long limit) : Stream
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        private int Count(int read)
        {
            BytesRead += read;
            if (BytesRead > room)
                throw StockRuleException.TooLarge($"The workbook is more than {limit / (1024 * 1024):N0} MB once unpacked, the most a count sheet may be.");
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
