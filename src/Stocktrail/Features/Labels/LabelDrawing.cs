using SkiaSharp;
using ZXing.Common;

namespace Stocktrail.Features.Labels;

/// <summary>Something labels are drawn on, in millimetres from its top-left corner: a PNG, an SVG or a PDF page.</summary>
internal interface ILabelCanvas
{
    void Text(double x, double baseline, string text, double size, bool bold);
    /// <summary>The symbol's modules with its top-left corner at (x, y); a linear symbol's bars are <paramref name="height"/> tall.</summary>
    void Symbol(BitMatrix matrix, bool linear, double x, double y, double module, double height);
    void Outline(double x, double y, double width, double height);
}

/// <summary>The one layout of a label, whatever it is drawn on: text on top and bars below, or text beside a 2D symbol.</summary>
internal static class LabelDrawing
{
    private const double Padding = 2;

    public static void Draw(ILabelCanvas canvas, Label label, Symbology symbology, BitMatrix matrix, double x0, double y0, double width, double height)
    {
        var linear = Barcodes.IsLinear(symbology);
        var quiet = Barcodes.QuietZone(symbology);
        var nameSize = Math.Min(3.4, height * 0.1);
        var lineSize = nameSize * 0.85;
        var textWidth = width - 2 * Padding;
        double symbolSide = 0;
        if (!linear)
        {
            // Big enough for any scanner (modules of at most 0.75 mm), small enough to leave the text room.
            symbolSide = Math.Min(Math.Min(height - 2 * Padding, width * 0.4), 0.75 * (matrix.Width + 2 * quiet));
            textWidth = width - symbolSide - 3 * Padding;
        }

        var y = y0 + Padding;
        foreach (var part in LabelFonts.Wrap(label.ProductName, textWidth, nameSize, bold: true, maxLines: 2))
        {
            y += nameSize * (y == y0 + Padding ? 1 : 1.15);
            canvas.Text(x0 + Padding, y, part, nameSize, bold: true);
        }
        var lines = label.TextLines().ToList();
        if (!linear && Label.IsGs1(symbology)) lines.AddRange(label.Gs1Elements.Select(e => $"({e.Ai}){e.Value}"));
        foreach (var line in lines)
        {
            y += lineSize * 1.25;
            if (y > y0 + height - Padding) break;
            canvas.Text(x0 + Padding, y, LabelFonts.Fit(line, textWidth, lineSize, bold: false), lineSize, bold: false);
        }

        if (linear)
        {
            var hri = Label.IsGs1(symbology) ? Domain.Gs1.HumanReadable(label.Gs1Elements) : null;
            var hriSize = lineSize * 0.8;
            var top = y + lineSize * 0.6;
            var bottom = y0 + height - Padding - (hri is null ? 0 : hriSize * 1.3);
            var module = Math.Min(0.5, width / (matrix.Width + 2 * quiet));
            var symbolWidth = module * matrix.Width;
            var left = x0 + (width - symbolWidth) / 2;
            canvas.Symbol(matrix, linear: true, left, top, module, Math.Max(4, bottom - top));
            if (hri is not null)
            {
                var fitted = LabelFonts.Fit(hri, width - 2 * Padding, hriSize, bold: false);
                canvas.Text(x0 + (width - LabelFonts.Measure(fitted, hriSize, false)) / 2, y0 + height - Padding, fitted, hriSize, bold: false);
            }
        }
        else
        {
            var module = symbolSide / (matrix.Width + 2 * quiet);
            var side = module * matrix.Width;
            canvas.Symbol(matrix, linear: false, x0 + width - Padding - module * quiet - side, y0 + (height - side) / 2, module, side);
        }
    }
}

/// <summary>DejaVu Sans, shipped in the assembly so that labels look the same on any machine, with or without fonts installed.</summary>
internal static class LabelFonts
{
    public const string Family = "DejaVu Sans";
    private static readonly Lazy<byte[]> RegularBytes = new(() => Read("DejaVuSans.ttf"));
    private static readonly Lazy<byte[]> BoldBytes = new(() => Read("DejaVuSans-Bold.ttf"));
    private static readonly Lazy<SKTypeface> RegularFace = new(() => SKTypeface.FromData(SKData.CreateCopy(RegularBytes.Value)));
    private static readonly Lazy<SKTypeface> BoldFace = new(() => SKTypeface.FromData(SKData.CreateCopy(BoldBytes.Value)));

    public static byte[] Bytes(bool bold) => bold ? BoldBytes.Value : RegularBytes.Value;
    public static SKTypeface Typeface(bool bold) => bold ? BoldFace.Value : RegularFace.Value;

    /// <summary>How wide the text is at an em size of <paramref name="size"/>, in the same unit.</summary>
    public static double Measure(string text, double size, bool bold)
    {
        using var font = new SKFont(Typeface(bold), 100);
        return font.MeasureText(text) / 100 * size;
    }

    /// <summary>The text broken at spaces into lines that fit, the last cut short when there are more words than lines.</summary>
    public static IReadOnlyList<string> Wrap(string text, double width, double size, bool bold, int maxLines)
    {
        var lines = new List<string>();
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var current = "";
        for (var i = 0; i < words.Length; i++)
        {
            var candidate = current.Length == 0 ? words[i] : current + " " + words[i];
            if (current.Length == 0 || Measure(candidate, size, bold) <= width) { current = candidate; continue; }
            if (lines.Count == maxLines - 1) return [.. lines, Fit(string.Join(' ', [current, .. words[i..]]), width, size, bold)];
            lines.Add(Fit(current, width, size, bold));
            current = words[i];
        }
        if (current.Length > 0) lines.Add(Fit(current, width, size, bold));
        return lines;
    }

    /// <summary>The text, cut short with an ellipsis where it would not fit.</summary>
    public static string Fit(string text, double width, double size, bool bold)
    {
        if (Measure(text, size, bold) <= width) return text;
        var length = text.Length;
        while (length > 1 && Measure(text[..length] + "…", size, bold) > width) length--;
        return text[..length] + "…";
    }

    private static byte[] Read(string file)
    {
        using var stream = typeof(LabelFonts).Assembly.GetManifestResourceStream("Stocktrail.Labels." + file)
            ?? throw new InvalidOperationException($"The label font {file} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
