using ZXing;
using ZXing.Common;

namespace Stocktrail.Features.Labels;

/// <summary>ZXing.Net's encoders make the symbol's modules; the label formats only draw them.</summary>
public static class Barcodes
{
    // Code 128's escape for FNC1 in ZXing's encoder; GS1-128 ends each variable-length element with it.
    private const char Fnc1 = '\u00f1';

    /// <summary>The symbol's modules, without quiet zone: one row for a linear symbol, a square for a 2D one.</summary>
    public static BitMatrix Encode(Label label, Symbology symbology)
    {
        var hints = new Dictionary<EncodeHintType, object> { [EncodeHintType.MARGIN] = 0 };
        var (format, contents) = symbology switch
        {
            Symbology.Code128 => (BarcodeFormat.CODE_128, label.Code),
            Symbology.Qr => (BarcodeFormat.QR_CODE, label.Code),
            Symbology.DataMatrix => (BarcodeFormat.DATA_MATRIX, label.Code),
            Symbology.Gs1_128 => (BarcodeFormat.CODE_128, label.Scanned(symbology).Replace(Domain.Gs1.GroupSeparator, Fnc1)),
            _ => (BarcodeFormat.DATA_MATRIX, label.Scanned(symbology)),
        };
        if (Label.IsGs1(symbology)) hints[EncodeHintType.GS1_FORMAT] = true;
        if (symbology == Symbology.Qr)
        {
            hints[EncodeHintType.CHARACTER_SET] = "UTF-8";
            hints[EncodeHintType.ERROR_CORRECTION] = ZXing.QrCode.Internal.ErrorCorrectionLevel.M;
        }
        if (symbology == Symbology.DataMatrix)
        {
            hints[EncodeHintType.CHARACTER_SET] = "ISO-8859-1";
            hints[EncodeHintType.DATA_MATRIX_SHAPE] = ZXing.Datamatrix.Encoder.SymbolShapeHint.FORCE_SQUARE;
        }
        if (symbology == Symbology.Gs1DataMatrix)
            hints[EncodeHintType.DATA_MATRIX_SHAPE] = ZXing.Datamatrix.Encoder.SymbolShapeHint.FORCE_SQUARE;
        return new MultiFormatWriter().encode(contents, format, 0, 0, hints);
    }

    public static bool IsLinear(Symbology symbology) => symbology is Symbology.Code128 or Symbology.Gs1_128;

    /// <summary>Quiet zone each side, in modules: ten for Code 128, four for QR, two for Data Matrix (ISO minimums or more).</summary>
    public static int QuietZone(Symbology symbology) => symbology switch
    {
        Symbology.Code128 or Symbology.Gs1_128 => 10,
        Symbology.Qr => 4,
        _ => 2,
    };

    /// <summary>The symbol's dark modules as runs along its rows (x, y, length), so each format draws few shapes.</summary>
    public static IEnumerable<(int X, int Y, int Length)> Runs(BitMatrix matrix, bool linear)
    {
        var rows = linear ? 1 : matrix.Height;
        for (var y = 0; y < rows; y++)
        {
            var x = 0;
            while (x < matrix.Width)
            {
                if (!matrix[x, y]) { x++; continue; }
                var start = x;
                while (x < matrix.Width && matrix[x, y]) x++;
                yield return (start, y, x - start);
            }
        }
    }
}
