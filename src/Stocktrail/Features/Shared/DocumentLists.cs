using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Domain;

namespace Stocktrail.Features.Shared;

/// <summary>
/// What every document list takes: the filters a stock controller narrows a list by, and a page of it by key
/// (STYLE.md rule 13): newest first, <c>after</c> is the <c>next</c> of the page before, never an offset or a count.
/// Dates are whole UTC days, both ends included.
/// </summary>
public sealed record DocumentFilter(
    [FromQuery(Name = "search")] string? Search = null,
    [FromQuery(Name = "from")] DateOnly? From = null,
    [FromQuery(Name = "to")] DateOnly? To = null,
    [FromQuery(Name = "warehouseId")] int? WarehouseId = null,
    [FromQuery(Name = "productId")] int? ProductId = null,
    [FromQuery(Name = "after")] string? After = null,
    [FromQuery(Name = "pageSize")] int? PageSize = null,
    [FromQuery(Name = "page")] int? PageNumber = null)
{
    public DateTime? FromTime => From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    /// <summary>The first moment after the <see cref="To"/> day.</summary>
    public DateTime? ToTime => To?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    /// <summary>The search text, trimmed and lower-cased, or null for none.</summary>
    public string? Text => string.IsNullOrWhiteSpace(Search) ? null : Search.Trim().ToLowerInvariant();

    /// <summary>
    /// The ids below which the page starts and how many rows to pass over (<c>page</c>, the contract's numbered pages,
    /// counted from 1; <c>after</c> is the faster way for deep pages), checked with the page size and the date range,
    /// all problems at once.
    /// </summary>
    public (int? AfterId, int Size, int Skip) Page()
    {
        var problems = new ProblemList();
        var page = ListPage.Check(After, PageNumber, PageSize, problems);
        // Document ids are ints: a longer key names no document, so it is no page of this list either.
        if (page.After is > int.MaxValue) problems.Add(ListPage.NotAPage(After!));
        if (From is { } from && To is { } to && to < from)
            problems.Add(Problem.Invalid($"The date range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})."));
        problems.ThrowIfAny();
        return ((int?)page.After, page.Size, page.Skip);
    }
}

/// <summary>
/// Where a page of a list starts, the same for every list that grows without bound (STYLE.md rule 13): <c>after</c> is
/// the <c>next</c> of the page before, the id of its last row (opaque to clients), and the page is read from that row's
/// place in the list's order by index, with no count and no offset; <c>before</c> is the <c>prev</c> of the page after,
/// the id of its first row, and the page is the rows just before it, read the same way backwards; <c>page</c> (from 1)
/// is the contract's numbered pages, by offset. At most one of the three is given.
/// </summary>
/// <remarks>
/// A list ordered by something other than its id (a product's movements by time, its serials by serial) reads the
/// row named by <c>after</c> first, by its primary key, for the values the order continues from: the cursor stays one
/// shape for every list, and rows made while a client pages land where they belong without shifting the pages.
/// </remarks>
public readonly record struct ListPage(long? After, int Size, int Skip, long? Before = null)
{
    /// <summary>Reads <c>after</c>, <c>before</c>, <c>page</c> and <c>pageSize</c>, adding each problem to <paramref name="problems"/>.</summary>
    public static ListPage Check(string? after, int? page, int? pageSize, ProblemList problems,
        int defaultSize = DocumentLists.DefaultPageSize, int maxSize = DocumentLists.MaxPageSize, string? before = null)
    {
        var afterId = Key(after, NotAPage, problems);
        var beforeId = Key(before, NotAPageBefore, problems);
        if (!string.IsNullOrWhiteSpace(after) && !string.IsNullOrWhiteSpace(before))
            problems.Add(Problem.Invalid("Pass after or before, not both: each already says where the page is."));
        var size = pageSize ?? defaultSize;
        var sizeFits = size >= 1 && size <= maxSize;
        if (!sizeFits) problems.Add(Problem.Invalid($"pageSize is 1 to {maxSize:N0} (was {size})."));
        var skip = 0;
        if (page is { } number)
        {
            if (number < 1) problems.Add(Problem.Invalid($"page counts from 1 (was {number})."));
            // The rows passed over, (page - 1) × pageSize, must fit an int: past it the offset would wrap round to page 1.
            else if (sizeFits && (long)(number - 1) * size > int.MaxValue)
                problems.Add(Problem.Invalid($"page {number} is past any list: at {size:N0} a page, pages stop at {int.MaxValue / size + 1:N0}."));
            else if (sizeFits) skip = (number - 1) * size;
            if (number > 1 && afterId is not null) problems.Add(Problem.Invalid("Pass page or after, not both: after already says where the page starts."));
            if (number > 1 && beforeId is not null) problems.Add(Problem.Invalid("Pass page or before, not both: before already says where the page ends."));
        }
        return new(afterId, size, skip, beforeId);
    }

    private static long? Key(string? text, Func<string, Problem> refusal, ProblemList problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) return id;
        problems.Add(refusal(text));
        return null;
    }

    /// <summary>The refusal of an <c>after</c> that is no page of the list (not a key, or no row of this list).</summary>
    public static Problem NotAPage(string after) =>
        Problem.Invalid($"after '{after}' is not a page of this list: pass the next of the page before, as it came.");

    /// <summary>The refusal of a <c>before</c> that is no page of the list (not a key, or no row of this list).</summary>
    public static Problem NotAPageBefore(string before) =>
        Problem.Invalid($"before '{before}' is not a page of this list: pass the prev of the page after, as it came.");

    /// <summary>
    /// A page read forwards (from the list's start, from <c>page</c>'s offset or after <c>after</c>), one row past its
    /// size: its rows, the key of the page before it (none for the list's first page) and of the page after it.
    /// </summary>
    public Paged<T> Forward<T>(IReadOnlyList<T> rows, Func<T, long> id)
    {
        var (items, next) = DocumentLists.Cut(rows, Size, id);
        var prev = (After is not null || Skip > 0) && items.Count > 0 ? Text(id(items[0])) : null;
        return new(items, prev, next);
    }

    /// <summary>
    /// A page read backwards, the rows just before the one <c>before</c> names, nearest first, one row past its size:
    /// the page in the list's order, with the key of the page before it (when a row is left) and of the page after it
    /// (the row <c>before</c> names is there). Null when less than a page is left before it: the page is then the
    /// list's first, read as without a key, so that a step back always shows a full page.
    /// </summary>
    public Paged<T>? Back<T>(IReadOnlyList<T> nearestFirst, Func<T, long> id)
    {
        if (nearestFirst.Count < Size) return null;
        var items = nearestFirst.Take(Size).Reverse().ToList();
        return new(items, nearestFirst.Count > Size ? Text(id(items[0])) : null, Text(id(items[^1])));
    }

    /// <summary>The same page read forwards from the list's start: what a step back that reaches the start shows.</summary>
    public ListPage First => this with { After = null, Before = null, Skip = 0 };

    private static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A page of a list: its rows, and the keys of the pages before (<c>prev</c>, for <c>before</c>) and after it (<c>next</c>, for <c>after</c>).</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, string? Prev, string? Next);

public static class DocumentLists
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1_000;

    /// <summary>What every list operation says of its paging and its CSV.</summary>
    public const string Description = "Newest first, 100 a page unless pageSize says (at most 1,000). Pass an answer's next as after for the " +
        "page that follows (or page=2, 3, … for numbered pages); no next means the last page. from and to are whole UTC days of the document's creation, both included. " +
        "format=csv answers every matching row (after applies, pageSize does not) as a CSV download.";

    /// <summary>
    /// One page of a list: <paramref name="rows"/> gives the list's rows newest first below an id (or all of them for
    /// null), read one past the page's size to know whether another follows.
    /// </summary>
    public static async Task<(IReadOnlyList<T> Items, string? Next)> PageAsync<T>(DocumentFilter filter,
        Func<int?, IQueryable<T>> rows, Func<T, long> id, CancellationToken ct)
    {
        var (after, size, skip) = filter.Page();
        return Cut(await rows(after).Skip(skip).Take(size + 1).ToListAsync(ct), size, id);
    }

    /// <summary>Every row the filters match (from <c>after</c> or <c>page</c> on), streamed as it is written out.</summary>
    public static IAsyncEnumerable<T> All<T>(DocumentFilter filter, Func<int?, IQueryable<T>> rows)
    {
        var (after, _, skip) = filter.Page();
        return rows(after).Skip(skip).AsAsyncEnumerable();
    }

    /// <summary>The page's rows (one more than the page was read, to know whether another follows) and the key of the next page.</summary>
    public static (IReadOnlyList<T> Items, string? Next) Cut<T>(IReadOnlyList<T> rows, int size, Func<T, long> id) =>
        rows.Count > size
            ? (rows.Take(size).ToList(), id(rows[size - 1]).ToString(CultureInfo.InvariantCulture))
            : (rows, null);

    /// <summary>
    /// The list as JSON (a page), or with <c>format=csv</c> every row the filters match as a CSV download, streamed
    /// from the database (a header of the item's field names, then one row per item; text cells defused).
    /// </summary>
    public static async Task<Results<Ok<TList>, PushStreamHttpResult>> AnswerAsync<TList, TItem>(string? format,
        Func<Task<TList>> page, Func<IAsyncEnumerable<TItem>> all, string fileName) =>
        format?.Trim().ToLowerInvariant() switch
        {
            null or "" or "json" => TypedResults.Ok(await page()),
            "csv" => TypedResults.Stream(stream => WriteCsvAsync(stream, all()), "text/csv", fileName),
            _ => throw StockRuleException.Invalid($"format '{format}' is not known: use json or csv."),
        };

    /// <summary>A header of the item's property names (camelCase, as in JSON), then one row per item, numbers and dates in invariant form.</summary>
    public static async Task WriteCsvAsync<T>(Stream stream, IAsyncEnumerable<T> items)
    {
        var properties = typeof(T).GetProperties();
        await using var csv = CsvWriter.Create(stream, null, leaveOpen: true);
        await csv.WriteRecordAsync(properties.Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToArray());
        var fields = new string[properties.Length];
        await foreach (var item in items)
        {
            for (var i = 0; i < properties.Length; i++) fields[i] = Cell(properties[i].GetValue(item));
            await csv.WriteRecordAsync(fields);
        }
        await csv.FlushAsync();
    }

    public static string Cell(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        string s => SpreadsheetText.Defuse(s),
        var v => v.ToString() ?? "",
    };
}
