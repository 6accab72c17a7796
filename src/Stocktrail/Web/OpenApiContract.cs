using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace Stocktrail.Web;

/// <summary>
/// The served OpenAPI document as a contract a generated client can trust (docs/api-contract.md):
/// <list type="bullet">
/// <item>schemas are named from the declaring use case (<c>ReceivePurchaseOrder.Request</c> is <c>ReceivePurchaseOrderRequest</c>), never one shared <c>Request</c>;</item>
/// <item>strings read through the text guard are typed <c>string</c> (a custom converter otherwise leaves them untyped);</item>
/// <item>every operation answers the problems it can give, as <c>application/problem+json</c> with the <c>errors</c> the app really sends;</item>
/// <item>request examples given with <see cref="OpenApiContractExtensions.WithRequestExample{TBuilder}"/> are published on the operation.</item>
/// </list>
/// Operation ids and summaries are each endpoint's own (<c>.WithName</c>, <c>.WithSummary</c>); a test fails for one without.
/// </summary>
public static class OpenApiContract
{
    public const string ProblemMediaType = "application/problem+json";

    public static IServiceCollection AddStocktrailOpenApiContract(this IServiceCollection services)
    {
        services.Configure<OpenApiOptions>("v1", o =>
        {
            o.CreateSchemaReferenceId = SchemaId;
            o.AddSchemaTransformer(TypeGuardedStrings);
            o.AddSchemaTransformer(NullableIsOptional);
            o.AddOperationTransformer(ProblemAnswers);
            o.AddOperationTransformer(RequestExample);
            o.AddOperationTransformer(FileAnswers);
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Stocktrail API";
                document.Info.Description = "Stock control with serial and batch tracking. Every path under /api needs an API key " +
                    "(`Authorization: Bearer {key}`). Refusals are application/problem+json; `errors` lists every problem of the request. " +
                    "Lists page by key: pass an answer's `next` back as `after`. The contract: docs/api-contract.md.";
                foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                    if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description)) tag.Description = description;
                // The server is the address the document was asked at; paths begin with "/", so it ends without one.
                foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>What each group of operations is for, shown by the reference page and generated clients.</summary>
    public static readonly IReadOnlyDictionary<string, string> TagDescriptions = new Dictionary<string, string>
    {
        ["Health"] = "Whether the service is up and can reach its database, for load balancers and monitors.",
        ["Web"] = "Helpers the web pages call: the serial check and pickers.",
        ["Products"] = "Products, their tracking type (Serial, Batch, Fifo), GTIN, serial pattern and batches.",
        ["Warehouses"] = "Places stock is kept.",
        ["Suppliers"] = "Who stock is bought from.",
        ["Customers"] = "Who stock is sold to.",
        ["Purchase orders"] = "Orders to suppliers, their receipts, landed costs and serial corrections.",
        ["Projects"] = "Customer projects that use materials from stock and return what is left.",
        ["Production jobs"] = "Jobs that consume components and produce finished units, recording which parts went into which unit.",
        ["Stock sales"] = "Sales to customers, their dispatches, customer returns and delivery notes.",
        ["Tracing"] = "A serial's history and genealogy: where it came from and what it went into.",
        ["Stock dashboard"] = "Stock levels, serials in stock, movements and serial search.",
        ["Administration"] = "Reconciliation of the ledger and the audit trail, for Administrators.",
        ["Background jobs"] = "Long work (count sheet imports) run by a durable job: its state and outcome.",
        ["Users"] = "Users, roles and API keys.",
        ["Labels"] = "Barcode labels (PDF, PNG, ZPL), scans read into their parts, and serial numbers from a pattern.",
        ["Reports"] = "Stock value, cost of goods and the other reports, as JSON or CSV.",
        ["Stock adjustments"] = "Stock written in or off with a reason.",
        ["Stock transfers"] = "Stock moved between warehouses.",
        ["Stock takes"] = "Counts of a warehouse: the count sheet out and in, the variances, and completion.",
        ["Webhooks"] = "URLs told of events (signed, sent after commit from a durable outbox, retried), for Administrators.",
    };

    /// <summary>
    /// A handler's nested record is named for its use case (<c>CreateStockSale.Request</c> → <c>CreateStockSaleRequest</c>,
    /// <c>ListPurchaseOrders.Query</c> → <c>ListPurchaseOrdersQuery</c>); other types keep the default name.
    /// </summary>
    public static string? SchemaId(JsonTypeInfo info)
    {
        var type = info.Type;
        var name = OpenApiOptions.CreateDefaultSchemaReferenceId(info);
        if (name is null || type.IsGenericType) return name;
        // A nested DTO (ReceivePurchaseOrder.ReceiptDto) already says what it is.
        return type is { IsNested: true, DeclaringType: { } outer } && !type.IsEnum && !type.Name.EndsWith("Dto", StringComparison.Ordinal)
            ? outer.Name + type.Name
            : name;
    }

    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>A string read through <see cref="PlainTextJsonConverter"/> is still a string (nullable where the property is).</summary>
    private static Task TypeGuardedStrings(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        // A list of strings (serials): its items are strings too.
        if (context.JsonTypeInfo is { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } element } && element == typeof(string)
            && schema.Items is null or OpenApiSchema { Type: null })
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String };
        if (context.JsonTypeInfo.Type != typeof(string) || schema.Type is not null) return Task.CompletedTask;
        schema.Type = JsonSchemaType.String;
        var nullable = context.JsonPropertyInfo?.AttributeProvider switch
        {
            PropertyInfo p => Nullability.Create(p).ReadState != NullabilityState.NotNull,
            ParameterInfo p => Nullability.Create(p).ReadState != NullabilityState.NotNull,
            _ => false,
        };
        if (nullable) schema.Type |= JsonSchemaType.Null;
        return Task.CompletedTask;
    }

    /// <summary>
    /// A property that may be null need not be sent (a request's <c>serials?</c>, <c>number?</c>), and one written only
    /// when it has a value (a problem's <c>line</c>) may be missing: neither is required. The rest are.
    /// </summary>
    private static Task NullableIsOptional(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (schema.Required is not { Count: > 0 } required || schema.Properties is null) return Task.CompletedTask;
        foreach (var (name, property) in schema.Properties)
            if (property is OpenApiSchema { Type: { } type } && type.HasFlag(JsonSchemaType.Null)) required.Remove(name);
        return Task.CompletedTask;
    }

    /// <summary>An answer that is a file (a CSV list, a count sheet) declares its media types, each a string of that type.</summary>
    private static Task FileAnswers(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var files = context.Description.ActionDescriptor.EndpointMetadata.OfType<FileAnswerMetadata>().ToList();
        if (files.Count == 0 || operation.Responses is null) return Task.CompletedTask;
        if (!operation.Responses.TryGetValue("200", out var found) || found is not OpenApiResponse ok)
            operation.Responses["200"] = ok = new OpenApiResponse { Description = "OK" };
        ok.Content ??= new Dictionary<string, OpenApiMediaType>();
        foreach (var file in files)
            ok.Content[file.MediaType] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = file.MediaType.StartsWith("text/", StringComparison.Ordinal) ? null : "binary" },
            };
        return Task.CompletedTask;
    }

    /// <summary>
    /// The API group declares every problem answer (<see cref="OpenApiContractExtensions.ProducesProblems{TBuilder}"/>);
    /// an operation keeps those it can give: 403 only where a role is required, 404 only where the path names
    /// something, 409 only for changes (a busy database, 503, can answer any). Open operations need no key, so give no 401.
    /// </summary>
    private static Task ProblemAnswers(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (operation.Responses is null) return Task.CompletedTask;
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var isRead = context.Description.HttpMethod is "GET" or "HEAD";
        var hasPolicy = metadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null || a.Roles is not null);
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var namesSomething = context.Description.ParameterDescriptions.Any(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Path);
        if (!hasPolicy) operation.Responses.Remove("403");
        if (anonymous) operation.Responses.Remove("401");
        if (!namesSomething) operation.Responses.Remove("404");
        if (isRead) operation.Responses.Remove("409");
        foreach (var (code, response) in operation.Responses)
        {
            if (code.StartsWith('2') || response is not OpenApiResponse answer || answer.Content is null) continue;
            answer.Description = Describe(code) ?? answer.Description;
            // The generator lists application/json too; the app only ever sends problem+json for a refusal.
            if (answer.Content.ContainsKey(ProblemMediaType)) answer.Content.Remove("application/json");
        }
        return Task.CompletedTask;
    }

    private static string? Describe(string code) => code switch
    {
        "400" => "The request is malformed or invalid; nothing was changed. `errors` names each line, serial, batch or row.",
        "401" => "No API key, or a wrong, expired or revoked one.",
        "403" => "The caller's role may not do this; the detail names the role and the action.",
        "404" => "The id in the path names nothing.",
        "409" => "Refused by the current state of stock or of the document; nothing was changed.",
        "413" => "Larger than Stocktrail takes; the detail says the limit.",
        "503" => "The database is busy; nothing was changed. Retry-After says when to try again.",
        _ => null,
    };

    private static Task RequestExample(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var example = context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestExampleMetadata>().LastOrDefault();
        if (example is null || operation.RequestBody?.Content is not { } content) return Task.CompletedTask;
        foreach (var (mediaType, body) in content)
            if (mediaType.Contains("json", StringComparison.Ordinal) && body is OpenApiMediaType media)
                media.Example = JsonNode.Parse(example.Json);
        return Task.CompletedTask;
    }
}

/// <summary>A file the operation answers with (200), besides or instead of JSON.</summary>
public sealed record FileAnswerMetadata(string MediaType);

/// <summary>An example body for an operation's request, published in the document and shown at /docs.</summary>
public sealed record RequestExampleMetadata(string Json);

/// <summary>
/// The body of every refusal (RFC 9457), as <see cref="ProblemHandling"/> and the framework write it: <c>errors</c>
/// lists every problem of the request, each naming what it is about; <c>total</c> is there when the list was capped.
/// </summary>
public sealed record ApiProblem(
    string? Type,
    string Title,
    int Status,
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Instance,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ProblemItem>? Errors,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Total,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TraceId);

public static class OpenApiContractExtensions
{
    /// <summary>Declares every problem answer an API operation may give; the document keeps those that apply to each.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in new[] { 400, 401, 403, 404, 409, 503 })
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ApiProblem), [OpenApiContract.ProblemMediaType]));
        return builder;
    }

    /// <summary>The operation can answer a file of these media types (a CSV list, a count sheet).</summary>
    public static TBuilder ProducesFile<TBuilder>(this TBuilder builder, params string[] mediaTypes) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var mediaType in mediaTypes) builder.WithMetadata(new FileAnswerMetadata(mediaType));
        return builder;
    }

    /// <summary>An example request body (JSON) for the operation, shown in the API reference.</summary>
    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, string json) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestExampleMetadata(json));

    /// <summary>The operation's id, summary and, where it helps, a description: what a generated client and the reference show.</summary>
    public static TBuilder Describe<TBuilder>(this TBuilder builder, string operationId, string summary, string? description = null)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithName(operationId).WithSummary(summary);
        return description is null ? builder : builder.WithDescription(description);
    }
}
