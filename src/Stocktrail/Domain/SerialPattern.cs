using System.Globalization;
using System.Text;

namespace Stocktrail.Domain;

/// <summary>
/// How a product's new serials are made: literal text with <c>{yyyy}</c>, <c>{yy}</c>, <c>{mm}</c> (the date the serial
/// is proposed) and exactly one counter <c>{0000}</c> (as many zeros as digits, 1 to 12), e.g. <c>SN-{yyyy}-{00000}</c>.
/// </summary>
public sealed class SerialPattern
{
    private readonly List<string> _parts;
    private readonly int _counterIndex;

    private SerialPattern(string text, List<string> parts, int counterIndex)
    {
        Text = text;
        _parts = parts;
        _counterIndex = counterIndex;
    }

    public string Text { get; }
    public int CounterDigits => _parts[_counterIndex].Length - 2;
    public long LargestCounter => (long)Math.Pow(10, CounterDigits) - 1;

    public static SerialPattern Create(string text) =>
        TryCreate(text, out var pattern, out var problem) ? pattern! : throw StockRuleException.Invalid(problem!);

    public static bool TryCreate(string? text, out SerialPattern? pattern, out string? problem)
    {
        pattern = null;
        var trimmed = text?.Trim() ?? "";
        var parts = new List<string>();
        var counters = new List<int>();
        var i = 0;
        problem = null;
        while (i < trimmed.Length && problem is null)
        {
            if (trimmed[i] == '}') problem = $"Serial pattern '{trimmed}' has a '}}' at character {i + 1} with no '{{' before it.";
            else if (trimmed[i] != '{')
            {
                var next = trimmed.IndexOfAny(['{', '}'], i);
                var end = next < 0 ? trimmed.Length : next;
                parts.Add(trimmed[i..end]);
                i = end;
            }
            else
            {
                var close = trimmed.IndexOf('}', i);
                var token = close < 0 ? null : trimmed[i..(close + 1)];
                if (token is null) problem = $"Serial pattern '{trimmed}' has a '{{' at character {i + 1} that is never closed.";
                else if (token is "{yyyy}" or "{yy}" or "{mm}") parts.Add(token);
                else if (token.Length is >= 3 and <= 14 && token[1..^1].All(c => c == '0'))
                {
                    counters.Add(parts.Count);
                    parts.Add(token);
                }
                else problem = $"Serial pattern '{trimmed}' has {token}; the placeholders are {{yyyy}}, {{yy}}, {{mm}} and a counter of 1 to 12 zeros such as {{0000}}.";
                i = close + 1;
            }
        }
        if (problem is null && counters.Count != 1)
            problem = counters.Count == 0
                ? $"Serial pattern '{trimmed}' needs a counter such as {{0000}}, so that each serial differs."
                : $"Serial pattern '{trimmed}' has {counters.Count} counters; it may have only one.";
        if (problem is null)
        {
            var candidate = new SerialPattern(trimmed, parts, counters[0]);
            var longest = candidate.Format(candidate.LargestCounter, new DateOnly(2000, 12, 31));
            problem = TrackingCode.Check(longest, "serial made by the pattern");
            if (problem is null) pattern = candidate;
        }
        return problem is null;
    }

    /// <summary>The serial for this counter value on this date.</summary>
    public string Format(long counter, DateOnly on)
    {
        if (counter < 1 || counter > LargestCounter)
            throw StockRuleException.Conflict(
                $"Serial pattern '{Text}' has used all {LargestCounter:N0} numbers of its counter; give the product a pattern with a longer counter.");
        var text = new StringBuilder();
        foreach (var part in _parts)
            text.Append(part switch
            {
                "{yyyy}" => on.Year.ToString("0000", CultureInfo.InvariantCulture),
                "{yy}" => (on.Year % 100).ToString("00", CultureInfo.InvariantCulture),
                "{mm}" => on.Month.ToString("00", CultureInfo.InvariantCulture),
                _ when ReferenceEquals(part, _parts[_counterIndex]) => counter.ToString(new string('0', CounterDigits), CultureInfo.InvariantCulture),
                _ => part,
            });
        return text.ToString();
    }

    public override string ToString() => Text;
}
