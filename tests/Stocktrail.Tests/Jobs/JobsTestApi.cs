using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.StockTakes;

namespace Stocktrail.Tests.Jobs;

public static class JobsTestApi
{
    /// <summary>Polls the job until it has ended (or a minute has passed); returns its last answer.</summary>
    public static async Task<JsonNode> WaitForJob(this Api api, int jobId, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromMinutes(1));
        JsonNode job;
        do
        {
            await Task.Delay(100);
            job = await api.Get($"/api/jobs/{jobId}");
        } while ((string)job["status"]! is "Queued" or "Running" && DateTime.UtcNow < deadline);
        return job;
    }

    /// <summary>A counting stock take of <paramref name="count"/> serials and its filled sheet: every serial ending in 0 counted missing.</summary>
    public static async Task<(int Warehouse, int Product, int Take, string Sheet)> CountedTake(this Api api, string prefix, int count)
    {
        var warehouse = await api.Warehouse();
        var product = await api.SerialsInStock(warehouse, 2m, Enumerable.Range(1, count).Select(i => $"{prefix}-{i:D5}").ToArray());
        var take = await api.StartStockTake(warehouse);
        var sheet = StockTakeTestApi.Count(await api.ExportCsv(take), r => r[3].EndsWith('0') ? "0" : "1");
        return (warehouse, product, take, StockTakeTestApi.Csv(sheet));
    }

    /// <summary>
    /// A stock take import as a node left it when it died mid-way: running, its lease run out a minute ago, its sheet
    /// stored with it. Committed in one transaction, so no worker sees it half made.
    /// </summary>
    public static async Task<int> JobOfADeadNode<T>(WebApplicationFactory<T> factory, int take, string sheet, int attempts) where T : class
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StocktrailDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var job = new BackgroundJob("StockTakeImport", take, DateTime.UtcNow.AddMinutes(-2));
        db.BackgroundJobs.Add(job);
        await db.SaveChangesAsync();
        db.BackgroundJobInputs.Add(new BackgroundJobInput(job.Id, 0, System.Text.Encoding.UTF8.GetBytes(sheet)));
        await db.SaveChangesAsync();
        var expired = DateTime.UtcNow.AddMinutes(-1);
        await db.BackgroundJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, BackgroundJobStatus.Running).SetProperty(j => j.Percent, 40).SetProperty(j => j.Attempts, attempts)
            .SetProperty(j => j.LeaseOwner, "dead-node/1/00000000").SetProperty(j => j.LeaseExpiresAt, expired));
        await tx.CommitAsync();
        return job.Id;
    }
}
