using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Stocktrail.Features.Labels;
using Stocktrail.Features.Shared;
using Stocktrail.Web;

namespace Stocktrail.Features.DeliveryNotes;

/// <summary>
/// The delivery note as an A4 PDF: header, then each line with its serials and batches, on as many pages as it takes.
/// A line of more serials than the note lists prints them all as runs (<c>first..last</c>), at most
/// <see cref="LineSerials.Listed"/> entries, and says how many it left off and where the whole list is.
/// </summary>
internal static class DeliveryNotePdf
{
    private const double Margin = 18, PageWidth = 210, PageHeight = 297, Bottom = PageHeight - 20;

    public static LabelFile Render(GetDeliveryNote.Note note, IReadOnlyDictionary<int, IReadOnlyList<string>> printed)
    {
        LabelFontResolver.Install();
        using var document = new PdfDocument();
        document.Info.Title = $"Delivery note {note.SaleNumber}/{note.DispatchNumber}";
        var writer = new Writer(document, note);
        writer.Header();
        foreach (var line in note.Lines)
        {
            writer.Need(12);
            writer.Row(line.LineNumber.ToString(CultureInfo.InvariantCulture), line.Sku, line.ProductName, FormText.Qty(line.Quantity), bold: false);
            if (printed.TryGetValue(line.LineId, out var runs))
            {
                writer.Codes($"Serials ({line.SerialCount:N0}; consecutive serials as first..last)", runs.Take(LineSerials.Listed).ToList());
                if (runs.Count > LineSerials.Listed)
                    writer.Text(Margin + 10, $"… and {runs.Count - LineSerials.Listed:N0} more entries not printed; every serial: GET {line.SerialsUrl}", 8, false);
            }
            else if (line.Serials.Count > 0) writer.Codes("Serials", line.Serials);
            if (line.Batches.Count > 0) writer.Codes("Batches", line.Batches.Select(b => $"{b.Batch} × {FormText.Qty(b.Quantity)}").ToList());
            writer.Gap(2);
        }
        writer.Need(20);
        writer.Gap(6);
        writer.Text(Margin, $"{note.Lines.Sum(l => l.SerialCount):N0} serial(s) on {note.Lines.Count} line(s). Received and checked by: ____________________   Date: __________", 9, false);
        writer.Finish();
        using var output = new MemoryStream();
        document.Save(output, false);
        return new LabelFile(output.ToArray(), "application/pdf", $"delivery-note-{note.SaleNumber}-{note.DispatchNumber}.pdf");
    }

    private sealed class Writer(PdfDocument document, GetDeliveryNote.Note note)
    {
        private XGraphics? _page;
        private double _y;
        private int _pages;

        private static double Pt(double mm) => XUnit.FromMillimeter(mm).Point;

        private XGraphics Page => _page ?? NewPage();

        private XGraphics NewPage()
        {
            _page?.Dispose();
            var page = document.AddPage();
            page.Width = XUnit.FromMillimeter(PageWidth);
            page.Height = XUnit.FromMillimeter(PageHeight);
            _page = XGraphics.FromPdfPage(page);
            _pages++;
            _y = Margin;
            if (_pages > 1) Text(Margin, $"Delivery note {note.SaleNumber} / dispatch {note.DispatchNumber} — continued", 8, false);
            return _page;
        }

        public void Header()
        {
            Text(Margin, "Delivery note", 18, true);
            _y += 2;
            Text(Margin, $"Sale {note.SaleNumber} — dispatch {note.DispatchNumber} of {note.DispatchCount}", 11, true);
            Text(Margin, $"Customer: {note.Customer}", 10, false);
            Text(Margin, $"Dispatched: {FormText.When(note.DispatchedAt)} UTC from {note.Warehouse}", 10, false);
            _y += 4;
            Row("#", "SKU", "Product", "Quantity", bold: true);
            Page.DrawLine(XPens.Black, Pt(Margin), Pt(_y - 1), Pt(PageWidth - Margin), Pt(_y - 1));
            _y += 1;
        }

        public void Row(string number, string sku, string product, string quantity, bool bold)
        {
            var size = 9.5;
            var baseline = _y + 4;
            Draw(Margin, baseline, number, size, bold);
            Draw(Margin + 10, baseline, LabelFonts.Fit(sku, 40, Mm(size), bold), size, bold);
            Draw(Margin + 52, baseline, LabelFonts.Fit(product, 90, Mm(size), bold), size, bold);
            var width = LabelFonts.Measure(quantity, Mm(size), bold);
            Draw(PageWidth - Margin - width, baseline, quantity, size, bold);
            _y += 5.5;
        }

        /// <summary>Codes four to a row under the line, so that a long list of serials stays readable and checkable.</summary>
        public void Codes(string title, IReadOnlyList<string> codes)
        {
            Need(5);
            Draw(Margin + 10, _y + 3.5, $"{title}:", 8, true);
            _y += 4.5;
            const int columns = 4;
            var columnWidth = (PageWidth - 2 * Margin - 10) / columns;
            for (var i = 0; i < codes.Count; i += columns)
            {
                Need(4.2);
                for (var c = 0; c < columns && i + c < codes.Count; c++)
                    Draw(Margin + 10 + c * columnWidth, _y + 3.2, "☐ " + LabelFonts.Fit(codes[i + c], columnWidth - 6, Mm(8), false), 8, false);
                _y += 4.2;
            }
        }

        public void Need(double height)
        {
            if (_page is null || _y + height > Bottom) NewPage();
        }

        public void Gap(double mm) => _y += mm;

        public void Text(double x, string text, double sizePt, bool bold)
        {
            Need(Mm(sizePt) * 1.5);
            Draw(x, _y + Mm(sizePt), text, sizePt, bold);
            _y += Mm(sizePt) * 1.5;
        }

        private void Draw(double x, double baseline, string text, double sizePt, bool bold) =>
            Page.DrawString(text, new XFont(LabelFonts.Family, sizePt, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular), XBrushes.Black,
                Pt(x), Pt(baseline), XStringFormats.BaseLineLeft);

        private static double Mm(double points) => points * 25.4 / 72;

        public void Finish()
        {
            _page?.Dispose();
            for (var i = 0; i < document.PageCount; i++)
            {
                using var graphics = XGraphics.FromPdfPage(document.Pages[i]);
                graphics.DrawString($"Page {i + 1} of {document.PageCount}", new XFont(LabelFonts.Family, 8, XFontStyleEx.Regular), XBrushes.Black,
                    Pt(PageWidth - Margin - 25), Pt(PageHeight - 10), XStringFormats.BaseLineLeft);
            }
        }
    }
}
