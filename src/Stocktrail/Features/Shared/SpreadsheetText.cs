namespace Stocktrail.Features.Shared;

/// <summary>
/// Text cells of the spreadsheets Stocktrail writes (count sheets in CSV and XLSX, report CSVs) never start like a
/// formula. A product named <c>=HYPERLINK("http://x","y")</c> would otherwise be a live formula in the spreadsheet of
/// whoever opens the export (CSV injection): a cell beginning with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a
/// carriage return is written with a leading apostrophe, which spreadsheets show as text. So that reading a sheet back
/// gives exactly the text that was exported, a cell that already begins with an apostrophe gets one too, and
/// <see cref="Restore"/> takes off the one apostrophe <see cref="Defuse"/> adds.
/// </summary>
public static class SpreadsheetText
{
    public static string Defuse(string text) => text.Length > 0 && (Starts(text[0]) || text[0] == '\'') ? "'" + text : text;

    public static string? Restore(string? cell) =>
        cell is { Length: > 1 } && cell[0] == '\'' && (Starts(cell[1]) || cell[1] == '\'') ? cell[1..] : cell;

    private static bool Starts(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';
}
