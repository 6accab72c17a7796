using System.Globalization;
using ExcelDataReader;

namespace Stocktrail.Features.StockTakes;

/// <summary>
/// Reads the cells of a workbook's first worksheet as text, row by row, with ExcelDataReader's forward-only reader:
/// one pass over the sheet, typed values, no object tree. MiniExcel, which writes the sheet, built a dictionary and
/// boxed values for every row it read (about 7 KB a row), which at 100,000 rows was most of an import's time; the
/// Open XML SDK's reader measured slower still.
///
/// The text is what the cell holds without its number format: strings as written, numbers in invariant round-trip
/// form (so 12.5 typed in any Excel locale reads as 12.5), booleans as True/False, dates as <c>yyyy-MM-dd HH:mm:ss</c>.
/// Blank cells are null.
/// </summary>
internal static class XlsxSheet
{
    // ExcelDataReader asks for Windows code page 1252 as its fallback encoding, which .NET has only with this provider.
    static XlsxSheet() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    /// <summary>
    /// The rows of the first worksheet: the 1-based row number as the spreadsheet shows it, and the cells by column
    /// index (A = 0). The array is reused from row to row: copy what you keep. Rows without cells are not yielded.
    /// </summary>
    public static IEnumerable<(int Row, string?[] Values)> Open(Stream seekable)
    {
        IExcelDataReader reader;
        try
        {
            reader = ExcelReaderFactory.CreateOpenXmlReader(seekable, new ExcelReaderConfiguration { LeaveOpen = true });
        }
        catch (Exception e) when (e is ExcelDataReader.Exceptions.ExcelReaderException or IOException)
        {
            throw new InvalidDataException(e.Message, e);
        }
        return Rows(reader);
    }

    private static IEnumerable<(int Row, string?[] Values)> Rows(IExcelDataReader reader)
    {
        using var _ = reader;
        var values = new string?[16];
        while (Read(reader))
        {
            var count = 0;
            if (reader.FieldCount > values.Length) values = new string?[reader.FieldCount];
            Array.Clear(values);
            for (var c = 0; c < reader.FieldCount; c++)
                if (Text(reader.GetValue(c)) is { } text)
                {
                    values[c] = text;
                    count = c + 1;
                }
            if (count > 0) yield return (reader.Depth + 1, values.Length == count ? values : values[..count]);
        }
    }

    /// <summary>The next row; a damaged workbook is a sheet problem, not a server error.</summary>
    private static bool Read(IExcelDataReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (Exception e) when (e is ExcelDataReader.Exceptions.ExcelReaderException or System.Xml.XmlException)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }

    private static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        string s => CountSheet.Blank(s),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => CountSheet.Blank(value.ToString()),
    };
}
