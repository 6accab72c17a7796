using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Web;

/// <summary>
/// Turns every refusal into an RFC 9457 problem: 400 for bad input, 404 for an unknown id, 409 for what the state of
/// stock or of a document refuses. <c>errors</c> lists every problem, each naming its line, serial, batch or row.
/// </summary>
public sealed class ProblemHandling(IProblemDetailsService problems, ILogger<ProblemHandling> logger) : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait before trying again when the database is busy.</summary>
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (IsBusy(exception))
        {
            // Nothing was committed; another request holds what this one needs (SQLite's one writer, a PostgreSQL lock
            // or every connection). That is the service's state, not the request's fault: 503, and when to ask again.
            logger.LogWarning(exception, "Database busy");
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = Single(StatusCodes.Status503ServiceUnavailable, "Busy",
                    $"The database is busy with other work; nothing was changed. Try again in {RetryAfterSeconds} seconds."),
            });
        }
        var problem = exception switch
        {
            StockRuleException refused => FromRule(refused),
            ConcurrentChangeException concurrent => Single(StatusCodes.Status409Conflict, "Changed at the same time", concurrent.Message),
            DbUpdateConcurrencyException => Single(StatusCodes.Status409Conflict, "Changed at the same time",
                "Someone else changed the same stock or document at the same moment; nothing was changed. Check it and try again."),
            DbUpdateException db when IsUniqueOrCheckViolation(db) => Single(StatusCodes.Status409Conflict, "Changed at the same time",
                "Another request recorded the same serial, number or stock at the same moment; nothing was changed. Check it and try again."),
            Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } or Npgsql.PostgresException { SqlState: "23505" or "23514" or "40001" or "40P01" } =>
                Single(StatusCodes.Status409Conflict, "Changed at the same time",
                    "Another request recorded the same serial or stock at the same moment; nothing was changed. Check it and try again."),
            BadHttpRequestException bad => Single(bad.StatusCode, "Invalid request", Explain(bad)),
            // A net, not the check: quantities and amounts past what decimal arithmetic holds (a quantity times a cost
            // beyond 7.9e28) are bad input; the transaction was not committed, so nothing was changed.
            OverflowException => Single(StatusCodes.Status400BadRequest, "Invalid request",
                "A quantity, cost or amount in the request is too large to be worked with; nothing was changed. Check the numbers and try again."),
            _ => null,
        };
        if (problem is null) return false;
        if (problem.Status >= 500) logger.LogError(exception, "Request failed");

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    public static (int Status, string Title) StatusOf(StockRuleException refused) => refused.Kind switch
        {
            ProblemKind.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            ProblemKind.Invalid => (StatusCodes.Status400BadRequest, "Invalid request"),
            ProblemKind.TooLarge => (StatusCodes.Status413PayloadTooLarge, "Too large"),
            _ => (StatusCodes.Status409Conflict, "Refused by the current stock or document"),
        };

    /// <summary>The message; for a capped list, how many problems there were in all and how many are listed.</summary>
    public static string DetailOf(StockRuleException refused) => refused.Total > refused.Problems.Count
        ? $"{refused.Total:N0} problems; the first {refused.Problems.Count:N0} are listed. {refused.Problems[0].Message}"
        : refused.Message;

    private static ProblemDetails FromRule(StockRuleException refused)
    {
        var (status, title) = StatusOf(refused);
        var problem = Single(status, title, DetailOf(refused));
        problem.Extensions["errors"] = refused.Problems.Select(ProblemItem.From).ToList();
        if (refused.Total > refused.Problems.Count) problem.Extensions["total"] = refused.Total;
        return problem;
    }

    private static ProblemDetails Single(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };

    private static string Explain(BadHttpRequestException bad) => bad.InnerException switch
    {
        ControlCharacterException control => PlainText.Refusal($"The field {Field(control.Path)}", control.Character, lineBreaks: true),
        // A number sent as text ("5"), text where a list is, and the like: the field and what it takes, not the .NET type.
        JsonException { Path: { Length: > 0 } path } json when json.Message.Contains("could not be converted", StringComparison.Ordinal) =>
            $"The field {Field(path)} has a value of the wrong kind: ids, quantities and amounts are JSON numbers (5, not \"5\"), text is in quotes, lists in brackets.",
        JsonException json => $"The request body is not valid JSON{(json.Path is { Length: > 0 } path ? $" at {path}" : "")}: {FirstSentence(json.Message)}",
        _ => bad.Message,
    };

    /// <summary>A JSON path as the request's author wrote the field: <c>$.lines[0].serials[2]</c> is <c>lines[0].serials[2]</c>.</summary>
    private static string Field(string? path) => path is { Length: > 2 } && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path ?? "of the body";

    private static string FirstSentence(string message) => message.Split(" Path:", 2)[0];

    /// <summary>
    /// SQLite's writer lock not got in time (SQLITE_BUSY, SQLITE_LOCKED); PostgreSQL's lock_timeout, too many
    /// connections, a server not yet accepting them, or no free connection in the pool in time: anywhere in the chain.
    /// </summary>
    private static bool IsBusy(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }:
                case Npgsql.PostgresException { SqlState: "55P03" or "53300" or "57P03" }:
                case Npgsql.NpgsqlException { InnerException: TimeoutException }:
                    return true;
            }
        }
        return false;
    }

    private static bool IsUniqueOrCheckViolation(DbUpdateException exception) => exception.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        Npgsql.PostgresException pg => pg.SqlState is "23505" or "23514" or "40001" or "40P01",
        _ => false,
    };
}

/// <summary>One entry of a problem body's <c>errors</c>: the message and what it names.</summary>
public sealed record ProblemItem(
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Serial,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Batch,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Row,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Column)
{
    public static ProblemItem From(Problem p) => new(p.Message, p.Line, p.Serial, p.Batch, p.Row, p.Column);
}
