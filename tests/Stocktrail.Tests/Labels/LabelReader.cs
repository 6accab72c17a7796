using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;
using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace Stocktrail.Tests.Labels;

/// <summary>Reads labels back as a scanner would: ZXing.Net's reader on the pixels of the PNG, or of the PDF's symbol images.</summary>
public static class LabelReader
{
    public static BarcodeFormat Format(string symbology) => symbology switch
    {
        "code128" or "gs1-128" => BarcodeFormat.CODE_128,
        "qr" => BarcodeFormat.QR_CODE,
        _ => BarcodeFormat.DATA_MATRIX,
    };

    /// <summary>Every symbol found in the PNG, one label cell at a time (cells of the given size in millimetres).</summary>
    public static IReadOnlyList<string> DecodePng(byte[] png, string symbology, double labelWidth, double labelHeight)
    {
        using var bitmap = SKBitmap.Decode(png);
        var (cellWidth, cellHeight) = ((int)(labelWidth * 12), (int)(labelHeight * 12));
        var texts = new List<string>();
        for (var top = 0; top + cellHeight <= bitmap.Height + 1; top += cellHeight)
            for (var left = 0; left + cellWidth <= bitmap.Width + 1; left += cellWidth)
            {
                using var cell = new SKBitmap(cellWidth, cellHeight);
                bitmap.ExtractSubset(cell, new SKRectI(left, top, Math.Min(bitmap.Width, left + cellWidth), Math.Min(bitmap.Height, top + cellHeight)));
                // Aimed at the whole label first; a 2D reader that is put off by the text is then aimed at the symbol, as a person would.
                var text = Decode(cell, symbology);
                if (text is null && Format(symbology) != BarcodeFormat.CODE_128)
                {
                    var from = SymbolLeft(cell);
                    using var symbol = new SKBitmap(cell.Width - from, cell.Height);
                    cell.ExtractSubset(symbol, new SKRectI(from, 0, cell.Width, cell.Height));
                    text = Decode(symbol, symbology);
                }
                if (text is not null) texts.Add(text);
            }
        return texts;
    }

    /// <summary>
    /// Where the 2D symbol at the label's right begins, with some quiet zone: going left from its rightmost dark column
    /// to the first gap of white columns (a symbol has dark modules in every column; text and symbol are apart).
    /// </summary>
    private static int SymbolLeft(SKBitmap cell)
    {
        bool Dark(int x) => Enumerable.Range(2, cell.Height - 4).Any(y => cell.GetPixel(x, y).Red < 128);
        var x = cell.Width - 3;
        while (x > 0 && !Dark(x)) x--;
        var white = 0;
        for (; x > 0 && white < 8; x--) white = Dark(x) ? 0 : white + 1;
        return Math.Max(0, x - 4);
    }

    public static string? Decode(SKBitmap bitmap, string symbology)
    {
        var luminance = new byte[bitmap.Width * bitmap.Height];
        for (var y = 0; y < bitmap.Height; y++)
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                luminance[y * bitmap.Width + x] = (byte)((c.Red * 299 + c.Green * 587 + c.Blue * 114) / 1000);
            }
        var reader = new BarcodeReaderGeneric
        {
            AutoRotate = false,
            Options = new DecodingOptions
            {
                PossibleFormats = [Format(symbology)],
                TryHarder = true,
                AssumeGS1 = symbology.StartsWith("gs1", StringComparison.Ordinal),
                CharacterSet = symbology == "qr" ? null : "ISO-8859-1",
            },
        };
        var text = reader.Decode(new RGBLuminanceSource(luminance, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.Gray8))?.Text;
        // ZXing.Net's Code 128 reader turns a check character whose value is 102 (FNC1's) into a trailing GS, about one
        // symbol in a hundred (a GTIN such as 03801382629790 with batch LOT-42); the symbol itself holds no such separator.
        return Format(symbology) == BarcodeFormat.CODE_128 ? text?.TrimEnd('\u001d') : text;
    }

    /// <summary>The symbols a PDF's pages embed, as images, each decoded after drawing it large with a quiet zone.</summary>
    public static IReadOnlyList<string?> DecodePdf(byte[] pdf, string symbology, out int pages)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        pages = document.PageCount;
        var texts = new List<string?>();
        foreach (var page in document.Pages)
        {
            var xObjects = page.Resources.Elements.GetDictionary("/XObject");
            if (xObjects is null) continue;
            foreach (var item in xObjects.Elements.Values)
            {
                if ((item as PdfReference)?.Value is not PdfDictionary image || image.Elements.GetName("/Subtype") != "/Image") continue;
                using var symbol = Pixels(image);
                texts.Add(Decode(symbol, symbology));
            }
        }
        return texts;
    }

    private static SKBitmap Pixels(PdfDictionary image)
    {
        var (width, height) = (image.Elements.GetInteger("/Width"), image.Elements.GetInteger("/Height"));
        var bits = image.Elements.GetInteger("/BitsPerComponent");
        var data = image.Stream.UnfilteredValue;
        var colourSpace = image.Elements["/ColorSpace"];
        var components = colourSpace is PdfName { Value: "/DeviceRGB" } ? 3 : 1;
        var rowBytes = (width * components * bits + 7) / 8;
        const int scale = 4, quiet = 12;
        var linear = height == 1;
        var drawnHeight = linear ? 40 : height * scale;
        var bitmap = new SKBitmap(width * scale + 2 * quiet * scale, drawnHeight + 2 * quiet * scale);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var black = new SKPaint { Color = SKColors.Black };
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var dark = bits == 1
                    ? (data[y * rowBytes + x / 8] >> (7 - x % 8) & 1) == 0
                    : data[y * rowBytes + x * components] < 128;
                if (dark) canvas.DrawRect((quiet + x) * scale, quiet * scale + y * scale, scale, linear ? drawnHeight : scale, black);
            }
        return bitmap;
    }
}
