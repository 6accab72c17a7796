using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stocktrail.Data;
using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.StockTakes;

namespace Stocktrail.Tests.Jobs;

public sealed class DurableJobTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task A_job_whose_node_died_is_taken_over_and_imported_once()
    {
        var (warehouse, product, take, sheet) = await Api.CountedTake("DN", 40);
        var jobId = await JobsTestApi.JobOfADeadNode(Factory, take, sheet, attempts: 1);

        var job = await Api.WaitForJob(jobId);

        Assert.Equal("Succeeded", (string)job["status"]!);
        Assert.Equal(100, (int)job["percent"]!);
        Assert.Equal(4, job["result"]!["variances"]!.AsArray().Count);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var row = await scope.ServiceProvider.GetRequiredService<StocktrailDbContext>().BackgroundJobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
            Assert.Equal(2, row.Attempts);
            Assert.Null(row.LeaseOwner);
            Assert.False(await scope.ServiceProvider.GetRequiredService<StocktrailDbContext>().BackgroundJobInputs.AnyAsync(i => i.JobId == jobId),
                "The sheet is dropped once the job has ended.");
        }
        await Api.CompleteStockTake(take);
        Assert.Equal(36m, await Api.OnHand(product, warehouse));
        await Api.AssertLedgerConsistent();
    }

    [Fact]
    public async Task A_job_whose_nodes_kept_dying_is_failed_saying_so_and_changes_nothing()
    {
        var (_, _, take, sheet) = await Api.CountedTake("DD", 10);
        var jobId = await JobsTestApi.JobOfADeadNode(Factory, take, sheet, attempts: 3);

        var job = await Api.WaitForJob(jobId);

        Assert.Equal("Failed", (string)job["status"]!);
        Assert.Equal(500, (int)job["resultStatus"]!);
        Assert.Contains("stopped before it finished, 3 time(s) in a row; nothing of it was applied", (string)job["result"]!["detail"]!);
        Assert.Null((await Api.Get($"/api/stock-takes/{take}"))["importedAt"]);
    }

    [Fact]
    public async Task A_background_import_answers_the_same_on_a_second_node_of_the_same_database()
    {
        await using var second = Factory.WithWebHostBuilder(_ => { });
        var other = new Api(second.CreateClient());
        TestUsers.Authenticate(other.Http, Factory.BootstrapKey);
        var (_, _, take, sheet) = await Api.CountedTake("SN", 30);

        var response = await Api.ImportCsv(take, sheet, background: true);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = (int)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;

        var seenThere = await other.WaitForJob(jobId);
        var seenHere = await Api.Get($"/api/jobs/{jobId}");

        Assert.Equal("Succeeded", (string)seenThere["status"]!);
        Assert.Equal(seenHere.ToJsonString(), seenThere.ToJsonString());
        Assert.Equal(3, seenThere["result"]!["variances"]!.AsArray().Count);
    }

    [Fact]
    public async Task An_unknown_job_is_not_found()
    {
        var problem = await Api.Refused(HttpMethod.Get, "/api/jobs/987654", null, HttpStatusCode.NotFound);
        problem.Mentions("no background job with id 987654");
    }
}
