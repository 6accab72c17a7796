using System.Text.Json;
using System.Text.Json.Serialization;
using Stocktrail.Domain;

namespace Stocktrail.Web;

/// <summary>
/// The <see cref="PlainText"/> rule at the edge, for the text no handler checks field by field: the address and its
/// query refuse every control character (a look-up is one line). Bodies, whichever handler they reach, refuse NUL,
/// which no database column can hold: every string of a JSON body (<see cref="PlainTextJsonConverter"/>) and a page's
/// form fields. Other control characters in a body are refused by the field's own check
/// (<see cref="PlainText.CheckName"/>, <see cref="TrackingCode"/>), which names the serial or line and reports every
/// problem at once, and lets a scanner's tab or line break around a serial be trimmed. A count sheet's cells are
/// checked where the sheet is read.
/// </summary>
public sealed class TextGuardMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var problems = new ProblemList();
        var request = context.Request;
        if (PlainText.ControlCharacter(request.Path.Value, lineBreaks: false) is { } c)
            problems.Add(Problem.Invalid(PlainText.Refusal("The address", c, lineBreaks: false)));
        foreach (var (key, values) in request.Query)
            foreach (var value in values)
                if ((PlainText.Check(key, "A query parameter's name") ?? PlainText.Check(value, $"The query parameter '{key}'")) is { } why)
                    problems.Add(Problem.Invalid(why));
        // Only the plain forms the pages post: a multipart upload (a count sheet) is checked where the file is read.
        if (request.HasFormContentType && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException e)
            {
                // The framework's own form reader refuses NUL before any field can be named.
                throw StockRuleException.Invalid($"The form cannot be read ({e.Message.TrimEnd('.')}): a field holds NUL or another character no text may hold.");
            }
            foreach (var (key, values) in form)
                foreach (var value in values)
                    if (key.Contains('\0') || value?.Contains('\0') == true)
                        problems.Add(Problem.Invalid(PlainText.Refusal($"The form field '{key.Replace("\0", "")}'", '\0', lineBreaks: true)));
        }
        problems.ThrowIfAny();
        await next(context);
    }
}

/// <summary>Every string of a JSON body: NUL is refused, naming the field by its path.</summary>
public sealed class PlainTextJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return text?.Contains('\0') == true ? throw new ControlCharacterException('\0') : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>A JSON string holding a control character; the serializer adds the path of the field.</summary>
public sealed class ControlCharacterException(char character) : JsonException($"A control character (U+{(int)character:X4}) was given.")
{
    public char Character { get; } = character;
}
