using System.Net;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Contract;

/// <summary>
/// The served OpenAPI document read as a client generator reads it. Each rule names every operation or schema that
/// breaks it, so an endpoint added without its id, summary or typed answers fails here with its path.
/// </summary>
public sealed class OpenApiDocumentTests(StocktrailFactory factory) : ApiTest(factory)
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    private async Task<JsonObject> DocumentAsync()
    {
        using var anonymous = Factory.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = null;
        var response = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static IEnumerable<(string Name, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from method in path.Value!.AsObject()
        where Methods.Contains(method.Key)
        select ($"{method.Key.ToUpperInvariant()} {path.Key}", method.Value!.AsObject());

    private static JsonObject Schemas(JsonObject document) => document["components"]!["schemas"]!.AsObject();

    [Fact]
    public async Task Every_operation_has_a_unique_operation_id_a_summary_and_a_tag()
    {
        var operations = Operations(await DocumentAsync()).ToList();
        Assert.True(operations.Count > 60, $"only {operations.Count} operations");
        var lacking = operations.Where(o => string.IsNullOrWhiteSpace((string?)o.Operation["operationId"])
                || string.IsNullOrWhiteSpace((string?)o.Operation["summary"]) || o.Operation["tags"] is not JsonArray { Count: > 0 })
            .Select(o => o.Name).ToList();
        Assert.True(lacking.Count == 0, "Without an operationId (.WithName), summary (.WithSummary) or tag: " + string.Join("; ", lacking));
        var repeated = operations.GroupBy(o => (string)o.Operation["operationId"]!).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(repeated.Count == 0, "operationIds used twice: " + string.Join(", ", repeated));
    }

    [Fact]
    public async Task Every_operation_declares_its_success_answer_with_a_body_and_its_problem_answers_as_problem_json()
    {
        var document = await DocumentAsync();
        var wrong = new List<string>();
        foreach (var (name, operation) in Operations(document))
        {
            var responses = operation["responses"]!.AsObject();
            var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
            if (success.Count == 0) wrong.Add($"{name}: no success answer");
            foreach (var (code, answer) in success)
                if (code != "204" && answer!["content"] is not JsonObject { Count: > 0 } content
                    || answer!["content"] is JsonObject c && c.Any(m => m.Value!["schema"] is null))
                    wrong.Add($"{name}: {code} has no typed body");
            var problems = responses.Where(r => r.Key[0] is '4' or '5').ToList();
            if (problems.Count == 0 || name.Contains(" /api/", StringComparison.Ordinal) && !problems.Any(p => p.Key == "400")) wrong.Add($"{name}: no problem answer (400)");
            foreach (var (code, answer) in problems)
            {
                var content = answer!["content"]?.AsObject();
                if (content is null || content.Count != 1 || (string?)content["application/problem+json"]?["schema"]?["$ref"] != "#/components/schemas/ApiProblem")
                    wrong.Add($"{name}: {code} is not application/problem+json ApiProblem");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task The_problem_schema_lists_errors_as_the_app_sends_them()
    {
        var schemas = Schemas(await DocumentAsync());
        var problem = schemas["ApiProblem"]!;
        Assert.Equal(["detail", "status", "title"], problem["required"]!.AsArray().Select(r => (string)r!).Order());
        Assert.Equal("#/components/schemas/ProblemItem", (string?)problem["properties"]!["errors"]!["items"]!["$ref"]);
        var item = schemas["ProblemItem"]!["properties"]!.AsObject();
        Assert.Equal(["message", "line", "serial", "batch", "row", "column"], item.Select(p => p.Key));

        // What a refusal really carries: the same names.
        var refused = await Api.PostRefused("/api/stock-adjustments", new { warehouseId = 0, reason = "", lines = Array.Empty<object>() }, HttpStatusCode.BadRequest);
        var body = refused.Body.AsObject();
        Assert.All(body.Select(p => p.Key), key => Assert.Contains(key, problem["properties"]!.AsObject().Select(p => p.Key)));
        Assert.All(body["errors"]!.AsArray().SelectMany(e => e!.AsObject().Select(p => p.Key)), key => Assert.Contains(key, item.Select(p => p.Key)));
    }

    [Fact]
    public async Task Every_operation_but_the_open_ones_requires_the_bearer_api_key()
    {
        var document = await DocumentAsync();
        Assert.Equal("bearer", (string?)document["components"]!["securitySchemes"]!["ApiKey"]!["scheme"]);
        var wrong = Operations(document)
            .Where(o => o.Name.Contains(" /api/", StringComparison.Ordinal) ? !NeedsKey(o.Operation) : o.Operation["security"] is not JsonArray { Count: 0 })
            .Select(o => o.Name).ToList();
        Assert.True(wrong.Count == 0, "Security not as it is: " + string.Join("; ", wrong));
    }

    private static bool NeedsKey(JsonObject operation) =>
        operation["security"] is JsonArray { Count: 1 } security && security[0] is JsonObject requirement && requirement.ContainsKey("ApiKey");

    [Fact]
    public async Task Schemas_are_named_for_what_they_are_never_Request_or_an_anonymous_type()
    {
        var names = Schemas(await DocumentAsync()).Select(s => s.Key).ToList();
        Assert.DoesNotContain("Request", names);
        Assert.DoesNotContain("Result", names);
        Assert.DoesNotContain(names, n => n.StartsWith("AnonymousType", StringComparison.Ordinal) || n.Contains('`') || n.Contains('+'));
        Assert.Contains("ReceivePurchaseOrderRequest", names);
        Assert.Contains("ReceiptDto", names);
        Assert.Contains("ListPurchaseOrdersResult", names);
        Assert.Contains("CreateStockSaleRequest", names);
    }

    [Fact]
    public async Task Ids_quantities_and_amounts_are_numbers_and_never_also_strings()
    {
        var document = await DocumentAsync();
        var both = new List<string>();
        void Walk(JsonNode? node, string where)
        {
            switch (node)
            {
                case JsonObject o:
                    if (o["type"] is JsonArray types && types.Any(t => (string?)t is "integer" or "number") && types.Any(t => (string?)t == "string"))
                        both.Add(where);
                    if (o.ContainsKey("pattern") && o["type"] is JsonArray numeric && numeric.Any(t => (string?)t is "integer" or "number")) both.Add(where + " (pattern)");
                    foreach (var (key, value) in o) Walk(value, $"{where}/{key}");
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++) Walk(a[i], $"{where}/{i}");
                    break;
            }
        }
        Walk(document, "");
        Assert.True(both.Count == 0, "number | string at " + string.Join(", ", both.Take(20)));

        var line = Schemas(document)["ReceivePurchaseOrderLine"]!["properties"]!;
        Assert.Equal("integer", (string?)line["lineId"]!["type"]);
        Assert.Equal("number", (string?)line["quantity"]!["type"]);
        Assert.Equal("string", (string?)line["serials"]!["items"]!["type"]);
        Assert.Equal(["lineId", "quantity"], Schemas(document)["ReceivePurchaseOrderLine"]!["required"]!.AsArray().Select(r => (string)r!));

        // And the app holds to it: a quantity sent as text is refused, naming the field.
        var warehouse = await Api.Warehouse();
        var refused = await Api.PostRefused("/api/stock-adjustments", new { warehouseId = warehouse.ToString(), reason = "Text id", lines = Array.Empty<object>() }, HttpStatusCode.BadRequest);
        Assert.Contains("warehouseId", refused.Detail);
        Assert.Contains("JSON numbers", refused.Detail);
    }

    [Fact]
    public async Task Each_document_kind_has_an_example_request_that_the_reference_shows()
    {
        var document = await DocumentAsync();
        string[] kinds = ["CreatePurchaseOrder", "ReceivePurchaseOrder", "CreateStockSale", "DispatchStockSale", "ReturnStockSale", "CreateProject",
            "UseProjectMaterials", "CreateProductionJob", "CompleteProductionJob", "AdjustStock", "TransferStock", "StartStockTake", "AddLandedCost", "CorrectReceivedSerial"];
        var operations = Operations(document).ToDictionary(o => (string)o.Operation["operationId"]!, o => o.Operation);
        foreach (var kind in kinds)
            Assert.True(operations[kind]["requestBody"]?["content"]?["application/json"]?["example"] is JsonObject, $"{kind} has no example request");
    }

    [Fact]
    public async Task The_api_reference_is_served_at_docs_with_its_own_script_and_a_policy_naming_its_inline_script()
    {
        using var anonymous = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = true });
        anonymous.DefaultRequestHeaders.Authorization = null;
        var page = await anonymous.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"scalar.js\"></script>", html);
        Assert.DoesNotContain("cdn.", html, StringComparison.OrdinalIgnoreCase);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Matches("script-src 'self' 'sha256-[A-Za-z0-9+/=]+'", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)));
        var script = await anonymous.GetAsync("/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000, "scalar.js is Scalar's bundle");
    }
}
