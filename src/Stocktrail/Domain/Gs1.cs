using System.Globalization;
using System.Text;

namespace Stocktrail.Domain;

/// <summary>A GS1 trade item number: 8, 12, 13 or 14 digits whose last is the GS1 check digit; kept as GTIN-14.</summary>
public static class Gtin
{
    /// <summary>The GTIN-14 form (left-padded with zeros), or the reason the text is not a GTIN.</summary>
    public static string? Normalise(string? text, out string? problem)
    {
        var digits = text?.Trim() ?? "";
        problem = null;
        if (digits.Length is not (8 or 12 or 13 or 14) || !digits.All(char.IsAsciiDigit))
            problem = $"GTIN '{TrackingCode.Printable(digits)}' must be 8, 12, 13 or 14 digits.";
        else if (CheckDigit(digits[..^1]) != digits[^1] - '0')
            problem = $"GTIN {digits} has check digit {digits[^1]}, but its GS1 check digit is {CheckDigit(digits[..^1])}; it was mistyped.";
        return problem is null ? digits.PadLeft(14, '0') : null;
    }

    /// <summary>The GS1 mod-10 check digit: weights 3 and 1 alternating from the right.</summary>
    public static int CheckDigit(string digitsWithoutCheck)
    {
        var sum = 0;
        for (var i = 0; i < digitsWithoutCheck.Length; i++)
        {
            var fromRight = digitsWithoutCheck.Length - 1 - i;
            sum += (digitsWithoutCheck[i] - '0') * (fromRight % 2 == 0 ? 3 : 1);
        }
        return (10 - sum % 10) % 10;
    }
}

/// <summary>What a GS1 element string says about a unit: its GTIN, serial (21), batch (10) and expiry (17).</summary>
public sealed record Gs1Data(string? Gtin, string? Serial, string? Batch, DateOnly? ExpiresOn, IReadOnlyList<(string Ai, string Value)> Elements);

/// <summary>
/// GS1 element strings, as printed under a GS1-128 or GS1 DataMatrix symbol ("(01)…(21)…") and as a scanner types
/// them (AIs back to back, a variable-length value ended by FNC1, which scanners send as GS, U+001D).
/// </summary>
public static class Gs1
{
    public const char GroupSeparator = '\u001d';

    // Application identifiers this reader knows, with their value length: fixed, or up to a maximum (variable, ended
    // by FNC1 unless last). From the GS1 General Specifications' AI table (section 3.2); 31nn–36nn are the measures.
    private static readonly Dictionary<string, (bool Fixed, int Length)> Known = new()
    {
        ["00"] = (true, 18), ["01"] = (true, 14), ["02"] = (true, 14), ["03"] = (true, 14), ["04"] = (true, 16),
        ["10"] = (false, 20), ["11"] = (true, 6), ["12"] = (true, 6), ["13"] = (true, 6), ["15"] = (true, 6),
        ["16"] = (true, 6), ["17"] = (true, 6), ["20"] = (true, 2), ["21"] = (false, 20), ["22"] = (false, 20),
        ["235"] = (false, 28), ["240"] = (false, 30), ["241"] = (false, 30), ["242"] = (false, 6), ["243"] = (false, 20),
        ["250"] = (false, 30), ["251"] = (false, 30), ["253"] = (false, 30), ["254"] = (false, 20), ["255"] = (false, 25),
        ["30"] = (false, 8), ["37"] = (false, 8), ["400"] = (false, 30), ["401"] = (false, 30), ["402"] = (true, 17),
        ["403"] = (false, 30), ["410"] = (true, 13), ["411"] = (true, 13), ["412"] = (true, 13), ["413"] = (true, 13),
        ["414"] = (true, 13), ["415"] = (true, 13), ["416"] = (true, 13), ["417"] = (true, 13), ["420"] = (false, 20),
        ["421"] = (false, 12), ["422"] = (true, 3), ["423"] = (false, 15), ["424"] = (true, 3), ["425"] = (false, 15),
        ["426"] = (true, 3), ["427"] = (false, 3), ["7001"] = (true, 13), ["7002"] = (false, 30), ["7003"] = (true, 10),
        ["7004"] = (false, 4), ["7006"] = (true, 6), ["7007"] = (false, 12), ["8005"] = (true, 6), ["8008"] = (false, 12),
        ["8020"] = (false, 25), ["90"] = (false, 30), ["91"] = (false, 90), ["92"] = (false, 90), ["93"] = (false, 90),
        ["94"] = (false, 90), ["95"] = (false, 90), ["96"] = (false, 90), ["97"] = (false, 90), ["98"] = (false, 90),
        ["99"] = (false, 90),
    };

    // Symbology identifiers a scanner may put in front: GS1-128, GS1 DataMatrix, GS1 QR Code, GS1 DataBar.
    private static readonly string[] SymbologyIdentifiers = ["]C1", "]d2", "]Q3", "]e0"];

    /// <summary>
    /// Reads the code as a GS1 element string, or returns null when it is not one. Parentheses, GS separators or a
    /// symbology identifier mark it as GS1; without any of them it is read as GS1 only when it starts with (01) and a
    /// GTIN whose check digit is right and every following AI is known, so a plain serial of digits is not mistaken.
    /// </summary>
    public static Gs1Data? TryParse(string code, int currentYear, out string? problem)
    {
        problem = null;
        var text = code.Trim();
        var marked = false;
        foreach (var id in SymbologyIdentifiers)
            if (text.StartsWith(id, StringComparison.Ordinal)) { text = text[id.Length..]; marked = true; break; }

        List<(string Ai, string Value)>? elements;
        if (text.StartsWith('(')) elements = SplitParenthesised(text, out problem);
        else
        {
            marked |= text.Contains(GroupSeparator);
            // A separator ends a variable-length value only when another follows; one at the very end is a reader's
            // artefact (ZXing's Code 128 reader adds one when the check character's value is FNC1's, 102).
            text = text.Trim(GroupSeparator);
            if (!marked && !(text.Length >= 16 && text.StartsWith("01", StringComparison.Ordinal) && text[..16].All(char.IsAsciiDigit)
                && Gtin.Normalise(text[2..16], out _) is not null))
                return null;
            elements = SplitRaw(text, out problem);
            if (elements is null && !marked) { problem = null; return null; }
        }
        if (elements is null) return null;

        string? gtin = null, serial = null, batch = null;
        DateOnly? expiry = null;
        foreach (var (ai, value) in elements)
        {
            switch (ai)
            {
                case "01" or "02":
                    gtin = Gtin.Normalise(value, out var gtinProblem);
                    if (gtinProblem is not null) { problem = $"(01) {gtinProblem}"; return null; }
                    break;
                case "21": serial = value; break;
                case "10": batch = value; break;
                case "17":
                    expiry = Date(value, currentYear);
                    if (expiry is null) { problem = $"(17) expiry '{value}' is not a date YYMMDD."; return null; }
                    break;
            }
        }
        return new Gs1Data(gtin, serial, batch, expiry, elements);
    }

    /// <summary>The human-readable element string printed under a GS1 symbol: "(01)…(21)…".</summary>
    public static string HumanReadable(IEnumerable<(string Ai, string Value)> elements) =>
        string.Concat(elements.Select(e => $"({e.Ai}){e.Value}"));

    /// <summary>What a scanner reads from a GS1 symbol: AIs back to back, a GS after each variable-length value but the last.</summary>
    public static string Transmitted(IReadOnlyList<(string Ai, string Value)> elements)
    {
        var text = new StringBuilder();
        for (var i = 0; i < elements.Count; i++)
        {
            text.Append(elements[i].Ai).Append(elements[i].Value);
            if (i < elements.Count - 1 && !Known[elements[i].Ai].Fixed) text.Append(GroupSeparator);
        }
        return text.ToString();
    }

    /// <summary>The elements of a unit's label, fixed-length first so that fewer separators are needed.</summary>
    public static IReadOnlyList<(string Ai, string Value)> Elements(string gtin, DateOnly? expiresOn, string? batch, string? serial)
    {
        var elements = new List<(string, string)> { ("01", gtin) };
        if (expiresOn is { } date) elements.Add(("17", date.ToString("yyMMdd", CultureInfo.InvariantCulture)));
        if (batch is not null) elements.Add(("10", batch));
        if (serial is not null) elements.Add(("21", serial));
        return elements;
    }

    /// <summary>
    /// Why the value cannot be carried in AI (10) or (21), or null: at most 20 characters of GS1's character set 82
    /// (digits, Latin letters and <c>!"%&amp;'()*+,-./:;&lt;=&gt;?_</c>).
    /// </summary>
    public static string? CheckValue(string value, string what)
    {
        if (value.Length > 20) return $"{what} '{value}' is {value.Length} characters; a GS1 label carries at most 20.";
        var bad = value.FirstOrDefault(c => !IsCharacterSet82(c));
        return bad == default ? null
            : $"{what} '{TrackingCode.Printable(value)}' contains '{TrackingCode.Printable(bad.ToString())}', which GS1 does not allow " +
              "(digits, letters A–Z a–z and !\"%&'()*+,-./:;<=>?_ only); use code128, qr or datamatrix for this label.";
    }

    private static bool IsCharacterSet82(char c) => char.IsAsciiLetterOrDigit(c) || "!\"%&'()*+,-./:;<=>?_".Contains(c);

    private static List<(string, string)>? SplitParenthesised(string text, out string? problem)
    {
        problem = null;
        var elements = new List<(string, string)>();
        var i = 0;
        while (i < text.Length)
        {
            var close = text[i] == '(' ? text.IndexOf(')', i) : -1;
            var ai = close > i ? text[(i + 1)..close] : "";
            if (ai.Length is < 2 or > 4 || !ai.All(char.IsAsciiDigit))
            {
                problem = $"'{TrackingCode.Printable(text)}' is not a GS1 element string: expected an AI in parentheses at character {i + 1}.";
                return null;
            }
            var next = text.IndexOf('(', close + 1);
            // A value may itself contain '(' only where the AI's length is fixed; variable values run to the next "(nn)".
            if (Known.TryGetValue(ai, out var rule) && rule.Fixed) next = Math.Min(text.Length, close + 1 + rule.Length);
            while (next > 0 && next < text.Length && !StartsAi(text, next)) next = text.IndexOf('(', next + 1);
            var end = next < 0 ? text.Length : next;
            elements.Add((ai, text[(close + 1)..end].TrimEnd(GroupSeparator)));
            i = end;
        }
        return elements;
    }

    private static bool StartsAi(string text, int at)
    {
        var close = text.IndexOf(')', at);
        return text[at] == '(' && close - at - 1 is >= 2 and <= 4 && text[(at + 1)..close].All(char.IsAsciiDigit);
    }

    private static List<(string, string)>? SplitRaw(string text, out string? problem)
    {
        problem = null;
        var elements = new List<(string, string)>();
        var i = 0;
        while (i < text.Length)
        {
            var ai = Enumerable.Range(2, 3).Select(n => i + n <= text.Length ? text.Substring(i, n) : null)
                .FirstOrDefault(candidate => candidate is not null && (Known.ContainsKey(candidate) || IsMeasure(candidate)));
            if (ai is null)
            {
                problem = $"'{TrackingCode.Printable(text)}' has an application identifier this reader does not know at character {i + 1}; " +
                    "scan it again or type it with parentheses, e.g. (01)…(21)….";
                return null;
            }
            var (isFixed, length) = IsMeasure(ai) ? (true, 6) : Known[ai];
            var start = i + ai.Length;
            int end;
            if (isFixed)
            {
                end = start + length;
                if (end > text.Length) { problem = $"({ai}) needs {length} characters but the code ends after {text.Length - start}."; return null; }
            }
            else
            {
                var gs = text.IndexOf(GroupSeparator, start);
                end = gs < 0 ? text.Length : gs;
                if (end - start > length) { problem = $"({ai}) may hold at most {length} characters; '{text[start..end]}' is longer (a separator is missing?)."; return null; }
            }
            elements.Add((ai, text[start..end]));
            i = end;
            while (i < text.Length && text[i] == GroupSeparator) i++;
        }
        return elements;
    }

    // 31nn to 36nn: measures, four-digit AIs with six digits of value.
    private static bool IsMeasure(string ai) => ai.Length == 4 && ai[0] == '3' && ai[1] is >= '1' and <= '6' && ai.All(char.IsAsciiDigit);

    /// <summary>
    /// A YYMMDD date; day 00 is the month's last day. The century follows the GS1 sliding window: a year more than
    /// 50 years ahead is the previous century, more than 49 behind the next.
    /// </summary>
    private static DateOnly? Date(string yymmdd, int currentYear)
    {
        if (yymmdd.Length != 6 || !yymmdd.All(char.IsAsciiDigit)) return null;
        var (yy, mm, dd) = (int.Parse(yymmdd[..2]), int.Parse(yymmdd[2..4]), int.Parse(yymmdd[4..]));
        var year = currentYear / 100 * 100 + yy;
        if (year - currentYear > 50) year -= 100;
        else if (currentYear - year > 49) year += 100;
        if (mm is < 1 or > 12) return null;
        var last = DateTime.DaysInMonth(year, mm);
        if (dd > last) return null;
        return new DateOnly(year, mm, dd == 0 ? last : dd);
    }
}
