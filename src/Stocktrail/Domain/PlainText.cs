namespace Stocktrail.Domain;

/// <summary>
/// What any text Stocktrail keeps or looks up may hold: no control characters (NUL, escape, tab, ...). PostgreSQL
/// cannot store NUL at all, and the others are never typed on purpose: they come from broken files and hostile
/// clients. Line breaks are the one exception, and only in a field that is several lines by nature (a pasted list of
/// serials); names, codes and reasons are one line.
/// </summary>
public static class PlainText
{
    /// <summary>The first character <paramref name="text"/> may not hold, or null when it may be kept.</summary>
    public static char? ControlCharacter(string? text, bool lineBreaks)
    {
        if (text is null) return null;
        foreach (var c in text)
            if (char.IsControl(c) && !(lineBreaks && c is '\n' or '\r')) return c;
        return null;
    }

    /// <summary>Why <paramref name="text"/> cannot be the <paramref name="field"/>, or null when it can.</summary>
    public static string? Check(string? text, string field, bool lineBreaks = false) =>
        ControlCharacter(text, lineBreaks) is { } c ? Refusal(field, c, lineBreaks) : null;

    public static string Refusal(string field, char c, bool lineBreaks) =>
        $"{field} contains a control character ({Name(c)}); {(lineBreaks ? "no text may hold one" : "text here is one line without control characters")}.";

    /// <summary>
    /// The rules of a name-like field (a warehouse's name, a project's, a landed cost's description, a reason): given,
    /// at most <paramref name="maxLength"/> characters once trimmed, one line without control characters.
    /// <paramref name="rule"/> is what the field needs, said when it is blank or too long.
    /// </summary>
    public static void CheckName(string? text, string field, int maxLength, string rule, ProblemList problems)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Length > maxLength) problems.Add(Problem.Invalid(rule));
        else if (Check(trimmed, field) is { } why) problems.Add(Problem.Invalid(why));
    }

    private static string Name(char c) => c switch
    {
        '\0' => "NUL, U+0000",
        '\t' => "a tab, U+0009",
        '\n' => "a line break, U+000A",
        '\r' => "a carriage return, U+000D",
        _ => $"U+{(int)c:X4}",
    };
}
