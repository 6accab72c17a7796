using System.Text.Json;
using System.Text.Json.Serialization;
using Stocktrail.Domain;

namespace Stocktrail.Web;

/// <summary>
/// The <see cref="PlainText"/> rule at the edge, for every text a request carries, whichever handler it reaches: the address
/// and its query, a page's form fields (<see cref="TextGuardMiddleware"/>) and every string of a JSON body
/// (<see cref="PlainTextJsonConverter"/>). Line breaks pass here, since a serial list is several lines; the one-line
/// fields refuse them in their own checks (<see cref="PlainText.CheckName"/>, <see cref="TrackingCode"/>). A count sheet's
/// cells are checked where the sheet is read.
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
                    if ((PlainText.Check(key, "A form field's name") ?? PlainText.Check(value, $"The form field '{key}'", lineBreaks: true)) is { } why)
                        problems.Add(Problem.Invalid(why));
        }
        problems.ThrowIfAny();
        await next(context);
    }
}

/// <summary>Every string of a JSON body: control characters other than line breaks are refused, naming the field.</summary>
public sealed class PlainTextJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return PlainText.ControlCharacter(text, lineBreaks: true) is { } c ? throw new ControlCharacterException(c) : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>A JSON string holding a control character; the serializer adds the path of the field.</summary>
public sealed class ControlCharacterException(char character) : JsonException($"A control character (U+{(int)character:X4}) was given.")
{
    public char Character { get; } = character;
}
