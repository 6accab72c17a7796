using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace Stocktrail.Features.StockTakes;

/// <summary>
/// Reads the cells of a workbook's first worksheet as text, row by row, with the framework's own zip and XML readers
/// (<see cref="ZipArchive"/>, <see cref="XmlReader"/>): one forward pass over the sheet's XML, one reused buffer per
/// row, no object per cell. MiniExcel's dynamic query, used before, built a dictionary and boxed values for every row
/// and allocated about 7 KB per row; at 100,000 rows that was most of an import's time. Writing stays with MiniExcel.
///
/// The text is what the cell shows without its number format, as MiniExcel gave it: shared and inline strings as
/// written, numbers in invariant round-trip form (so 12.5 typed in any Excel locale reads as 12.5), booleans as
/// True/False, and numbers styled as dates as <c>yyyy-MM-dd HH:mm:ss</c>. Blank cells are null.
/// </summary>
internal static class XlsxSheet
{
    private const string RelationshipsNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string StrictRelationshipsNs = "http://purl.oclc.org/ooxml/officeDocument/relationships";

    private static readonly XmlReaderSettings Settings = new()
    {
        IgnoreComments = true, IgnoreProcessingInstructions = true, IgnoreWhitespace = true, DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null, CloseInput = true,
    };

    /// <summary>
    /// The rows of the first worksheet: the 1-based row number as the spreadsheet shows it, and the cells by column
    /// index (A = 0). The array is reused from row to row: copy what you keep. Rows without cells are not yielded.
    /// </summary>
    public static IEnumerable<(int Row, string?[] Values)> Open(Stream seekable)
    {
        var zip = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
        try
        {
            var (sheetPath, sharedStringsPath, stylesPath) = Parts(zip);
            var sheet = zip.GetEntry(sheetPath) ?? throw new InvalidDataException($"The workbook names the worksheet {sheetPath}, which it does not hold.");
            var shared = sharedStringsPath is not null && zip.GetEntry(sharedStringsPath) is { } s ? SharedStrings(s) : [];
            var dateStyles = stylesPath is not null && zip.GetEntry(stylesPath) is { } st ? DateStyles(st) : [];
            return Rows(zip, sheet, shared, dateStyles);
        }
        catch (Exception)
        {
            zip.Dispose();
            throw;
        }
    }

    private static IEnumerable<(int Row, string?[] Values)> Rows(ZipArchive zip, ZipArchiveEntry sheet, List<string> shared, HashSet<int> dateStyles)
    {
        using var _ = zip;
        using var xml = XmlReader.Create(sheet.Open(), Settings);
        var values = new string?[16];
        var row = 0;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "row") continue;
            row = RowNumber(xml.GetAttribute("r"), row + 1);
            Array.Clear(values);
            var count = 0;
            if (xml.IsEmptyElement) continue;
            var column = -1;
            var depth = xml.Depth;
            while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "c") continue;
                column = ColumnIndex(xml.GetAttribute("r"), column + 1);
                var text = Cell(xml, shared, dateStyles);
                if (text is null) continue;
                if (column >= values.Length) Array.Resize(ref values, Math.Max(values.Length * 2, column + 1));
                values[column] = text;
                count = Math.Max(count, column + 1);
            }
            if (count > 0) yield return (row, values.Length == count ? values : values[..count]);
        }
    }

    /// <summary>Reads one <c>c</c> element, leaving the reader on its end, and gives its text, or null when blank.</summary>
    private static string? Cell(XmlReader xml, List<string> shared, HashSet<int> dateStyles)
    {
        var type = xml.GetAttribute("t");
        var style = xml.GetAttribute("s");
        if (xml.IsEmptyElement) return null;
        string? value = null, inline = null;
        var depth = xml.Depth;
        xml.Read();
        while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType != XmlNodeType.Element) xml.Read();
            else if (xml.LocalName == "v") value = xml.ReadElementContentAsString();
            else if (xml.LocalName == "is") inline = RichText(xml);
            else xml.Skip(); // a formula or an extension: not the value
        }
        var text = type switch
        {
            "s" => value is not null && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < shared.Count
                ? shared[i] : null,
            "inlineStr" => inline ?? value,
            "b" => value?.Trim() switch { "1" => "True", "0" => "False", var other => other },
            "d" => DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                ? at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : value,
            "str" or "e" => value,
            _ => Number(value, style, dateStyles),
        };
        return CountSheet.Blank(text);
    }

    private static string? Number(string? value, string? style, HashSet<int> dateStyles)
    {
        if (value is null) return null;
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return value;
        if (style is not null && dateStyles.Count > 0 && int.TryParse(style, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
            && dateStyles.Contains(s) && number is >= -657435.0 and < 2958466.0)
            return DateTime.FromOADate(number).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return number.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>The text of an <c>si</c> or <c>is</c> element: its <c>t</c> elements, plain or in runs, without phonetic hints.</summary>
    private static string RichText(XmlReader xml)
    {
        if (xml.IsEmptyElement)
        {
            xml.Read();
            return "";
        }
        var depth = xml.Depth;
        string? single = null;
        System.Text.StringBuilder? many = null;
        xml.Read();
        while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) && !xml.EOF)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "rPh")
            {
                xml.Skip();
                continue;
            }
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "t")
            {
                var t = xml.ReadElementContentAsString();
                if (single is null) single = t;
                else (many ??= new System.Text.StringBuilder(single)).Append(t);
                continue;
            }
            xml.Read();
        }
        xml.Read();
        return many?.ToString() ?? single ?? "";
    }

    private static List<string> SharedStrings(ZipArchiveEntry entry)
    {
        var strings = new List<string>();
        using var xml = XmlReader.Create(entry.Open(), Settings);
        xml.MoveToContent();
        while (!xml.EOF)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si") strings.Add(RichText(xml));
            else xml.Read();
        }
        return strings;
    }

    /// <summary>The cell styles (indexes into <c>cellXfs</c>) whose number format shows a date or a time.</summary>
    private static HashSet<int> DateStyles(ZipArchiveEntry entry)
    {
        var customDates = new HashSet<int>();
        var styles = new HashSet<int>();
        using var xml = XmlReader.Create(entry.Open(), Settings);
        var xf = -1;
        var inCellXfs = false;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "cellXfs") inCellXfs = false;
            if (xml.NodeType != XmlNodeType.Element) continue;
            switch (xml.LocalName)
            {
                case "numFmt":
                    if (int.TryParse(xml.GetAttribute("numFmtId"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                        && IsDateFormat(xml.GetAttribute("formatCode") ?? ""))
                        customDates.Add(id);
                    break;
                case "cellXfs":
                    inCellXfs = !xml.IsEmptyElement;
                    break;
                case "xf" when inCellXfs:
                    xf++;
                    if (int.TryParse(xml.GetAttribute("numFmtId"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var format)
                        && (format is >= 14 and <= 22 or >= 27 and <= 36 or >= 45 and <= 47 or >= 50 and <= 58 || customDates.Contains(format)))
                        styles.Add(xf);
                    break;
            }
        }
        return styles;
    }

    /// <summary>A format code shows a date or time when it has y, m, d, h or s outside quoted text and brackets.</summary>
    private static bool IsDateFormat(string code)
    {
        var quoted = false;
        var bracket = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '\\' && !quoted) { i++; continue; }
            if (c == '"') quoted = !quoted;
            else if (quoted) continue;
            else if (c == '[') bracket = true;
            else if (c == ']') bracket = false;
            else if (!bracket && char.ToLowerInvariant(c) is 'y' or 'm' or 'd' or 'h' or 's') return true;
        }
        return false;
    }

    /// <summary>The workbook's first sheet, its shared strings and styles, found through the package relationships.</summary>
    private static (string Sheet, string? SharedStrings, string? Styles) Parts(ZipArchive zip)
    {
        var workbookPath = "xl/workbook.xml";
        if (zip.GetEntry("_rels/.rels") is { } root)
            foreach (var (_, type, target) in Relationships(root, ""))
                if (type.EndsWith("/officeDocument", StringComparison.Ordinal)) { workbookPath = target; break; }
        var workbook = zip.GetEntry(workbookPath) ?? throw new InvalidDataException("The package holds no workbook.");
        var folder = workbookPath.Contains('/') ? workbookPath[..(workbookPath.LastIndexOf('/') + 1)] : "";
        var relsPath = $"{folder}_rels/{workbookPath[folder.Length..]}.rels";
        var rels = zip.GetEntry(relsPath) is { } r ? Relationships(r, folder) : [];

        string? firstSheetId = null;
        using (var xml = XmlReader.Create(workbook.Open(), Settings))
            while (xml.Read())
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "sheet")
                {
                    firstSheetId = xml.GetAttribute("id", RelationshipsNs) ?? xml.GetAttribute("id", StrictRelationshipsNs);
                    break;
                }
        var sheet = rels.FirstOrDefault(x => x.Id == firstSheetId).Target
            ?? zip.Entries.Select(e => e.FullName).Where(n => n.StartsWith($"{folder}worksheets/", StringComparison.OrdinalIgnoreCase) && n.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).FirstOrDefault()
            ?? throw new InvalidDataException("The workbook holds no worksheet.");
        var sharedStrings = rels.FirstOrDefault(x => x.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Target
            ?? (zip.GetEntry($"{folder}sharedStrings.xml") is not null ? $"{folder}sharedStrings.xml" : null);
        var styles = rels.FirstOrDefault(x => x.Type.EndsWith("/styles", StringComparison.Ordinal)).Target;
        return (sheet, sharedStrings, styles);
    }

    private static List<(string Id, string Type, string Target)> Relationships(ZipArchiveEntry entry, string folder)
    {
        var list = new List<(string, string, string)>();
        using var xml = XmlReader.Create(entry.Open(), Settings);
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "Relationship") continue;
            var target = xml.GetAttribute("Target") ?? "";
            if (xml.GetAttribute("TargetMode") == "External") continue;
            target = target.StartsWith('/') ? target[1..] : Normalize(folder + target);
            list.Add((xml.GetAttribute("Id") ?? "", xml.GetAttribute("Type") ?? "", target));
        }
        return list;
    }

    /// <summary>Resolves <c>..</c> and <c>.</c> segments of a path inside the package.</summary>
    private static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); }
            else parts.Add(part);
        }
        return string.Join('/', parts);
    }

    private static int RowNumber(string? reference, int next) =>
        int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var row) && row > 0 ? row : next;

    /// <summary>The 0-based column of a cell reference such as <c>AB12</c>, or <paramref name="next"/> without one.</summary>
    private static int ColumnIndex(string? reference, int next)
    {
        if (string.IsNullOrEmpty(reference)) return next;
        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
            column = column * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
        return i == 0 || column > 16384 ? next : column - 1;
    }
}
