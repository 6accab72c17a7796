using System.Globalization;
using System.Security;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using SkiaSharp;
using ZXing.Common;

namespace Stocktrail.Features.Labels;

public enum LabelFormat { Pdf, Png, Svg }

public sealed record LabelFile(byte[] Content, string ContentType, string FileName);

/// <summary>Draws labels into a PDF (pages of the layout), or a PNG or SVG (the labels as they sit on the layout, page after page).</summary>
internal static class LabelFiles
{
    public const int PngDotsPerMm = 12; // 305 dpi: label printers print at 203 or 300 dpi

    public static LabelFile Render(IReadOnlyList<Label> labels, Symbology symbology, LabelFormat format, LabelLayout layout, string name)
    {
        var symbols = labels.Select(l => Barcodes.Encode(l, symbology)).ToList();
        return format switch
        {
            LabelFormat.Pdf => new LabelFile(Pdf(labels, symbols, symbology, layout), "application/pdf", name + ".pdf"),
            LabelFormat.Png => new LabelFile(Png(labels, symbols, symbology, layout), "image/png", name + ".png"),
            _ => new LabelFile(Encoding.UTF8.GetBytes(Svg(labels, symbols, symbology, layout)), "image/svg+xml", name + ".svg"),
        };
    }

    private static (double Width, double Height, int Columns) Grid(int count, LabelLayout layout)
    {
        var columns = Math.Min(layout.Columns, count);
        var rows = (count + columns - 1) / columns;
        return (columns * layout.LabelWidth, rows * layout.LabelHeight, columns);
    }

    private static byte[] Png(IReadOnlyList<Label> labels, IReadOnlyList<BitMatrix> symbols, Symbology symbology, LabelLayout layout)
    {
        var (width, height, columns) = Grid(labels.Count, layout);
        using var bitmap = new SKBitmap((int)Math.Ceiling(width * PngDotsPerMm), (int)Math.Ceiling(height * PngDotsPerMm));
        using (var surface = new SKCanvas(bitmap))
        {
            surface.Clear(SKColors.White);
            var canvas = new SkiaCanvas(surface, PngDotsPerMm);
            for (var i = 0; i < labels.Count; i++)
            {
                var (x, y) = (i % columns * layout.LabelWidth, i / columns * layout.LabelHeight);
                canvas.Outline(x, y, layout.LabelWidth, layout.LabelHeight);
                LabelDrawing.Draw(canvas, labels[i], symbology, symbols[i], x, y, layout.LabelWidth, layout.LabelHeight);
            }
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The symbol alone at one pixel per module: what a PDF embeds and scales, without interpolation.</summary>
    internal static byte[] SymbolPng(BitMatrix matrix, bool linear)
    {
        var height = linear ? 1 : matrix.Height;
        using var bitmap = new SKBitmap(matrix.Width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < matrix.Width; x++)
                bitmap.SetPixel(x, y, matrix[x, y] ? SKColors.Black : SKColors.White);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static string Svg(IReadOnlyList<Label> labels, IReadOnlyList<BitMatrix> symbols, Symbology symbology, LabelLayout layout)
    {
        var (width, height, columns) = Grid(labels.Count, layout);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:0.##}mm\" height=\"{height:0.##}mm\" viewBox=\"0 0 {width:0.##} {height:0.##}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width:0.##}\" height=\"{height:0.##}\" fill=\"#fff\"/>");
        var canvas = new SvgCanvas(svg);
        for (var i = 0; i < labels.Count; i++)
        {
            var (x, y) = (i % columns * layout.LabelWidth, i / columns * layout.LabelHeight);
            canvas.Outline(x, y, layout.LabelWidth, layout.LabelHeight);
            LabelDrawing.Draw(canvas, labels[i], symbology, symbols[i], x, y, layout.LabelWidth, layout.LabelHeight);
        }
        return svg.Append("</svg>").ToString();
    }

    private static byte[] Pdf(IReadOnlyList<Label> labels, IReadOnlyList<BitMatrix> symbols, Symbology symbology, LabelLayout layout)
    {
        LabelFontResolver.Install();
        using var document = new PdfDocument();
        document.Info.Title = "Labels";
        PdfCanvas? canvas = null;
        for (var i = 0; i < labels.Count; i++)
        {
            if (i % layout.PerPage == 0)
            {
                canvas?.Dispose();
                var page = document.AddPage();
                page.Width = XUnit.FromMillimeter(layout.PageWidth);
                page.Height = XUnit.FromMillimeter(layout.PageHeight);
                canvas = new PdfCanvas(XGraphics.FromPdfPage(page));
            }
            var (x, y) = layout.Origin(i);
            LabelDrawing.Draw(canvas!, labels[i], symbology, symbols[i], x, y, layout.LabelWidth, layout.LabelHeight);
        }
        canvas?.Dispose();
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private sealed class SkiaCanvas(SKCanvas canvas, int dotsPerMm) : ILabelCanvas
    {
        public void Text(double x, double baseline, string text, double size, bool bold)
        {
            using var font = new SKFont(LabelFonts.Typeface(bold), (float)(size * dotsPerMm));
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            canvas.DrawText(text, (float)(x * dotsPerMm), (float)(baseline * dotsPerMm), font, paint);
        }

        // Modules snapped to whole pixels, so the bars keep their exact width ratios when printed at the image's resolution.
        public void Symbol(BitMatrix matrix, bool linear, double x, double y, double module, double height)
        {
            var dots = Math.Max(1, (int)Math.Floor(module * dotsPerMm));
            var (left, top) = ((int)Math.Round(x * dotsPerMm), (int)Math.Round(y * dotsPerMm));
            var barDots = (int)Math.Round(height * dotsPerMm);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = false };
            foreach (var (rx, ry, length) in Barcodes.Runs(matrix, linear))
                canvas.DrawRect(left + rx * dots, top + (linear ? 0 : ry * dots), length * dots, linear ? barDots : dots, paint);
        }

        public void Outline(double x, double y, double width, double height)
        {
            using var paint = new SKPaint { Color = new SKColor(0xd0, 0xd0, 0xd0), IsStroke = true, StrokeWidth = 1 };
            canvas.DrawRect((float)(x * dotsPerMm), (float)(y * dotsPerMm), (float)(width * dotsPerMm) - 1, (float)(height * dotsPerMm) - 1, paint);
        }
    }

    private sealed class SvgCanvas(StringBuilder svg) : ILabelCanvas
    {
        public void Text(double x, double baseline, string text, double size, bool bold) =>
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{x:0.###}\" y=\"{baseline:0.###}\" font-family=\"{LabelFonts.Family}, Verdana, sans-serif\" font-size=\"{size:0.###}\"{(bold ? " font-weight=\"bold\"" : "")}>{SecurityElement.Escape(text)}</text>");

        public void Symbol(BitMatrix matrix, bool linear, double x, double y, double module, double height)
        {
            svg.Append("<g class=\"symbol\" fill=\"#000\" shape-rendering=\"crispEdges\">");
            foreach (var (rx, ry, length) in Barcodes.Runs(matrix, linear))
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{x + rx * module:0.####}\" y=\"{(linear ? y : y + ry * module):0.####}\" width=\"{length * module:0.####}\" height=\"{(linear ? height : module):0.####}\"/>");
            svg.Append("</g>");
        }

        public void Outline(double x, double y, double width, double height) =>
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"label\" x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{width:0.##}\" height=\"{height:0.##}\" fill=\"none\" stroke=\"#d0d0d0\" stroke-width=\"0.2\"/>");
    }

    private sealed class PdfCanvas(XGraphics graphics) : ILabelCanvas, IDisposable
    {
        private static double Points(double mm) => XUnit.FromMillimeter(mm).Point;

        public void Text(double x, double baseline, string text, double size, bool bold)
        {
            var font = new XFont(LabelFonts.Family, Points(size), bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
            graphics.DrawString(text, font, XBrushes.Black, Points(x), Points(baseline), XStringFormats.BaseLineLeft);
        }

        // The symbol goes in as an image of one pixel per module, drawn to size without smoothing: crisp at any
        // printer resolution, and the very modules ZXing made can be read back out of the file.
        public void Symbol(BitMatrix matrix, bool linear, double x, double y, double module, double height)
        {
            using var png = new MemoryStream(SymbolPng(matrix, linear));
            var image = XImage.FromStream(png);
            image.Interpolate = false;
            graphics.DrawImage(image, Points(x), Points(y), Points(module * matrix.Width), Points(height));
        }

        public void Outline(double x, double y, double width, double height) { }

        public void Dispose() => graphics.Dispose();
    }
}

/// <summary>PDFsharp finds no fonts by itself on Linux; every face it asks for is the DejaVu Sans shipped with the app.</summary>
internal sealed class LabelFontResolver : IFontResolver
{
    private static readonly Lock Gate = new();

    public static void Install()
    {
        lock (Gate)
            if (GlobalFontSettings.FontResolver is not LabelFontResolver) GlobalFontSettings.FontResolver = new LabelFontResolver();
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans", false, italic);

    public byte[] GetFont(string faceName) => LabelFonts.Bytes(faceName.EndsWith("-Bold", StringComparison.Ordinal));
}
