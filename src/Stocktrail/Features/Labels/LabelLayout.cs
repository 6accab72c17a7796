using System.Globalization;

namespace Stocktrail.Features.Labels;

/// <summary>
/// Where labels go: an A4 sheet of common label stock (3 × 8 labels of 70 × 37 mm, as Avery 3475 and its like), or a
/// label printer's roll, one label per page, of a size set by <c>Stocktrail:Labels:RollSize</c> (default 57x32 mm) or
/// the request.
/// </summary>
public sealed record LabelLayout(string Name, double LabelWidth, double LabelHeight, int Columns, int Rows, double PageWidth, double PageHeight)
{
    public const string Setting = "Stocktrail:Labels:RollSize";
    public const string DefaultRollSize = "57x32";

    public static readonly LabelLayout Sheet = new("sheet", 70, 37, 3, 8, 210, 297);

    public bool IsSheet => Rows > 1 || Columns > 1;
    public int PerPage => Columns * Rows;

    /// <summary>Top-left corner of the label at <paramref name="index"/> on its page, in millimetres; sheets are centred.</summary>
    public (double X, double Y) Origin(int index)
    {
        var onPage = index % PerPage;
        var marginX = (PageWidth - Columns * LabelWidth) / 2;
        var marginY = (PageHeight - Rows * LabelHeight) / 2;
        return (marginX + onPage % Columns * LabelWidth, marginY + onPage / Columns * LabelHeight);
    }

    public static LabelLayout? Parse(string? layout, string? size, string rollSize, out string? problem)
    {
        problem = null;
        switch (layout?.Trim().ToLowerInvariant())
        {
            case null or "" or "sheet":
                return Sheet;
            case "roll":
                var text = string.IsNullOrWhiteSpace(size) ? rollSize : size;
                var parts = text.ToLowerInvariant().Split('x');
                if (parts.Length == 2
                    && double.TryParse(parts[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var width)
                    && double.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var height)
                    && width is >= 20 and <= 200 && height is >= 15 and <= 200)
                    return new LabelLayout("roll", width, height, 1, 1, width, height);
                problem = $"Label size '{text}' is not WIDTHxHEIGHT in millimetres between 20x15 and 200x200 (e.g. 57x32).";
                return null;
            default:
                problem = $"Layout '{layout}' is not known; choose sheet (A4, 3 × 8 labels of 70 × 37 mm) or roll (one label per page).";
                return null;
        }
    }
}
