using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Stocktrail.Web;

namespace Stocktrail.Features.Shared;

/// <summary>
/// A list page of documents: the same list handler as the API, filtered from the address (so a filtered list can be
/// bookmarked and shared), with status tabs, a page at a time by key and the CSV of the same filters. The page's own
/// address names (<c>q</c>, <c>warehouse</c>, <c>product</c>, …) differ from the form fields a page may also post.
/// </summary>
public abstract partial class DocumentListModel : StockPageModel
{
    [FromQuery(Name = "q")] public string? Search { get; set; }
    [FromQuery(Name = "from")] public DateOnly? From { get; set; }
    [FromQuery(Name = "to")] public DateOnly? To { get; set; }
    [FromQuery(Name = "warehouse")] public int? FilterWarehouseId { get; set; }
    [FromQuery(Name = "product")] public int? FilterProductId { get; set; }
    [FromQuery(Name = "party")] public int? FilterPartyId { get; set; }
    [FromQuery(Name = "status")] public string? Status { get; set; }
    [FromQuery(Name = "after")] public string? After { get; set; }
    /// <summary>Rows a page (100 unless the address says, at most 1,000).</summary>
    [FromQuery(Name = "size")] public int? PageSize { get; set; }

    public IReadOnlyList<Choices.Option> WarehouseChoices { get; protected set; } = [];
    public IReadOnlyList<Choices.ProductOption> ProductChoices { get; protected set; } = [];
    /// <summary>Suppliers or customers, where the list is filtered by one (<see cref="PartyLabel"/> says which).</summary>
    public IReadOnlyList<Choices.Option> PartyChoices { get; protected set; } = [];
    public virtual string? PartyLabel => null;
    /// <summary>The statuses the documents can have, for the tabs; none for documents posted when made.</summary>
    public virtual IReadOnlyList<string> Statuses => [];
    /// <summary>The API list this page shows, for the CSV of the same filters.</summary>
    public abstract string ApiPath { get; }
    public string? Next { get; protected set; }

    /// <summary>Why the list could not be read as asked (a bad page key, a date range ending before it starts).</summary>
    public List<Domain.Problem> ListProblems { get; } = [];

    /// <summary>Reads the page; a refused filter is shown above an empty list, as the API would answer 400.</summary>
    protected async Task<T?> ReadAsync<T>(Func<Task<T>> read) where T : class
    {
        try
        {
            return await read();
        }
        catch (Domain.StockRuleException refused)
        {
            ListProblems.AddRange(refused.Problems);
            return null;
        }
    }

    public DocumentFilter Filter => new(Search, From, To, FilterWarehouseId, FilterProductId, After, PageSize);

    /// <summary>The status asked for, or null for all (an unknown one shows all, as no tab is chosen).</summary>
    protected TStatus? StatusAs<TStatus>() where TStatus : struct, Enum =>
        Enum.TryParse<TStatus>(Status, ignoreCase: true, out var status) && Enum.IsDefined(status) ? status : null;

    protected async Task LoadChoicesAsync(Choices choices, CancellationToken ct)
    {
        WarehouseChoices = await choices.WarehousesAsync(ct);
        ProductChoices = await choices.ProductsAsync(ct);
    }

    /// <summary>This page's address with some filters changed; any change but the page's own starts again at the first page.</summary>
    public string Link(params (string Key, string? Value)[] changes)
    {
        var query = Request.Query.Where(q => q.Key != "after" && changes.All(c => c.Key != q.Key))
            .Select(q => (q.Key, Value: (string?)q.Value.ToString()))
            .Concat(changes)
            .Where(q => !string.IsNullOrEmpty(q.Value))
            .ToDictionary(q => q.Key, q => q.Value);
        return QueryHelpers.AddQueryString(Request.Path, query);
    }

    /// <summary>The API's CSV of every document these filters match.</summary>
    public string CsvLink()
    {
        var query = new Dictionary<string, string?>
        {
            ["search"] = Search, ["from"] = From?.ToString("yyyy-MM-dd"), ["to"] = To?.ToString("yyyy-MM-dd"),
            ["warehouseId"] = FilterWarehouseId?.ToString(), ["productId"] = FilterProductId?.ToString(),
            ["status"] = Statuses.Contains(Status ?? "", StringComparer.OrdinalIgnoreCase) ? Status : null,
            [PartyLabel == "Supplier" ? "supplierId" : "customerId"] = PartyLabel is null ? null : FilterPartyId?.ToString(),
            ["format"] = "csv",
        };
        return QueryHelpers.AddQueryString(ApiPath, query.Where(q => !string.IsNullOrEmpty(q.Value)));
    }

    /// <summary>A status as a stock controller says it: <c>PartiallyReceived</c> is "Partially received".</summary>
    public static string InWords(string status) => Capital().Replace(status, m => " " + m.Value.ToLowerInvariant());

    [GeneratedRegex("(?<=[a-z])[A-Z]")]
    private static partial Regex Capital();
}
