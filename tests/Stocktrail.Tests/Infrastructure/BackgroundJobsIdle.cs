using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stocktrail.Data;
using Stocktrail.Domain;

namespace Stocktrail.Tests.Infrastructure;

/// <summary>
/// Waits until no background job is queued or running: a test that compares the database before and after a request
/// lets the work an earlier, accepted request queued (a 202 with its job) finish first, or that work's writes would be
/// charged to the request under test.
/// </summary>
public static class BackgroundJobsIdle
{
    public static async Task UntilIdleAsync(IServiceProvider services)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            await using (var scope = services.CreateAsyncScope())
                if (!await scope.ServiceProvider.GetRequiredService<StocktrailDbContext>().BackgroundJobs
                        .AnyAsync(j => j.Status == BackgroundJobStatus.Queued || j.Status == BackgroundJobStatus.Running))
                    return;
            Assert.True(DateTime.UtcNow < deadline, "A background job queued by an accepted request did not finish within a minute.");
            await Task.Delay(50);
        }
    }
}
