using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.StockTakes;

public static class StockTakesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var takes = api.MapGroup("/stock-takes").WithTags("Stock takes");
        takes.MapPost("/", async Task<Created<StockTakeDto>> (StartStockTake.Request request, StartStockTake.Handler handler, CancellationToken ct) =>
        {
            var take = await handler.HandleAsync(request, ct);
            return TypedResults.Created($"/api/stock-takes/{take.Id}", take);
        }).Requires(Permission.StockControl).Describe("StartStockTake", "Start a stock take", "Counting starts for one warehouse; download its count sheet next.")
            .WithRequestExample("""{"warehouseId": 1}""");
        takes.MapGet("/", (StockTakeStatus? status, [AsParameters] DocumentFilter filter, string? format, ListStockTakes.Handler handler, CancellationToken ct) =>
            {
                var query = new ListStockTakes.Query(status, filter);
                return DocumentLists.AnswerAsync(format, () => handler.PageAsync(query, ct), () => handler.All(query), "stock-takes.csv");
            }).Describe("ListStockTakes", "List stock takes", DocumentLists.Description + " productId finds the takes with a variance of that product.")
            .ProducesFile("text/csv");
        takes.MapGet("/{id:int}", async Task<Ok<StockTakeDto>> (int id, GetStockTake.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, ct))).Describe("GetStockTake", "Get a stock take");

        // Reading the sheet changes nothing; marking it records where the count starts from and answers the same sheet.
        takes.MapGet("/{id:int}/sheet", (int id, string? format, string? rows, ExportCountSheet.Handler handler, CancellationToken ct) =>
            SheetAsync(id, format, rows, mark: false, handler, ct)).Describe("GetCountSheet", "Download the count sheet",
                "format=csv (default) or xlsx; rows=outdated gives only the rows that moved since the sheet was marked.")
            .ProducesFile(CountSheet.CsvMediaType, CountSheet.XlsxMediaType);
        takes.MapPost("/{id:int}/sheet/mark", (int id, string? format, string? rows, ExportCountSheet.Handler handler, CancellationToken ct) =>
            SheetAsync(id, format, rows, mark: true, handler, ct)).Requires(Permission.StockControl).Describe("MarkCountSheet", "Export and mark the count sheet",
                "Records the moment the count starts from and answers the sheet, in one transaction.")
            .ProducesFile(CountSheet.CsvMediaType, CountSheet.XlsxMediaType);

        // The sheet is the request body (text/csv or the XLSX media type) or a file in a multipart form. It is saved to
        // a temp file first: an XLSX zip must be read with seeking; a background import then keeps it in the database.
        takes.MapPost("/{id:int}/sheet", async Task<Results<Ok<ImportResultDto>, Accepted<QueueImport.QueuedDto>>> (int id,
            [FromQuery(Name = "async")] bool? background, HttpRequest request, ImportCountSheet.Handler handler, QueueImport.Handler queue, CancellationToken ct) =>
        {
            await using var sheet = CountSheet.TempFile();
            await SaveSheetAsync(request, sheet, ct);
            if (background != true) return TypedResults.Ok(await handler.HandleAsync(id, sheet, null, ct));
            var job = await queue.HandleAsync(id, sheet, ct);
            return TypedResults.Accepted($"/api/jobs/{job.Id}", new QueueImport.QueuedDto(job.Id, job.Status, 0));
        }).Requires(Permission.StockControl).Accepts<IFormFile>("multipart/form-data", CountSheet.CsvMediaType, CountSheet.XlsxMediaType)
            .Produces<ApiProblem>(StatusCodes.Status413PayloadTooLarge, OpenApiContract.ProblemMediaType)
            .Describe("ImportCountSheet", "Upload the counted sheet", "Answers the variances, or 400 with every row's problem in errors; async=true answers 202 with a job to poll.");

        takes.MapPost("/{id:int}/complete", async Task<Ok<StockTakeDto>> (int id, CompleteStockTake.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, ct))).Requires(Permission.StockControl)
            .Describe("CompleteStockTake", "Complete a stock take", "Posts the variances.");
    }

    private static async Task<PushStreamHttpResult> SheetAsync(int id, string? format, string? rows, bool mark, ExportCountSheet.Handler handler, CancellationToken ct)
    {
        var sheetFormat = CountSheet.ParseFormat(format)
            ?? throw StockRuleException.Invalid($"Format '{format}' is not known; use csv or xlsx.");
        var outdatedOnly = rows?.Trim().ToLowerInvariant() switch
        {
            null or "" or "all" => false,
            "outdated" => true,
            _ => throw StockRuleException.Invalid($"rows '{rows}' is not known; use all (the whole sheet) or outdated (the rows that moved since the export)."),
        };
        var export = await handler.PrepareAsync(id, outdatedOnly, mark, ct);
        return sheetFormat == SheetFormat.Csv
            ? TypedResults.Stream(stream => CountSheet.WriteCsvAsync(stream, export.Rows, ct), CountSheet.CsvMediaType, export.FileName + ".csv")
            : TypedResults.Stream(async stream => await CountSheet.WriteXlsxAsync(stream, await export.Rows.ToListAsync(ct), ct),
                CountSheet.XlsxMediaType, export.FileName + ".xlsx");
    }

    private static async Task SaveSheetAsync(HttpRequest request, FileStream target, CancellationToken ct)
    {
        var limits = request.HttpContext.RequestServices.GetRequiredService<SheetLimits>();
        // The server's own cap on bodies (30 MB by default) gives way to the sheet's, which says the limit in its refusal.
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limits.MaxFileBytes + 1024 * 1024;
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(ct);
            }
            catch (InvalidDataException e)
            {
                throw StockRuleException.TooLarge($"The form cannot be read ({e.Message.TrimEnd('.')}); send a count sheet of at most {limits.MaxFileBytes / (1024 * 1024):N0} MB.");
            }
            var file = form.Files.FirstOrDefault()
                ?? throw StockRuleException.Invalid("The form carries no file: attach the filled count sheet (CSV or XLSX).");
            await using var upload = file.OpenReadStream();
            await CopyAsync(upload, target, limits, ct);
        }
        else await CopyAsync(request.Body, target, limits, ct);
        if (target.Length == 0) throw StockRuleException.Invalid("The request carries no count sheet: send the filled sheet (CSV or XLSX) as the body.");
        await target.FlushAsync(ct);
        target.Position = 0;
    }

    /// <summary>Copies the upload to the temp file, refusing it as soon as it passes the limit rather than filling the disk.</summary>
    private static async Task CopyAsync(Stream from, FileStream to, SheetLimits limits, CancellationToken ct)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await from.ReadAsync(buffer, ct)) > 0)
        {
            if (to.Length + read > limits.MaxFileBytes)
                throw StockRuleException.TooLarge($"The count sheet is larger than {limits.MaxFileBytes / (1024 * 1024):N0} MB, the most that is taken.");
            await to.WriteAsync(buffer.AsMemory(0, read), ct);
        }
    }
}
