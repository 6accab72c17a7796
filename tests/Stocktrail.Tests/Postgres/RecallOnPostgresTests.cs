using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Tracing;

namespace Stocktrail.Tests.Postgres;

/// <summary>The recursive genealogy query of the recall, on PostgreSQL.</summary>
public sealed class RecallOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public async Task A_batch_recall_finds_every_unit_built_from_it_three_levels_up_and_where_each_is_now()
    {
        var scenario = await RecallScenario.BuildAsync(Api);
        await scenario.AssertBatchRecallAsync(Api);

        var root = (await Api.Get($"/api/products/{scenario.Kit}/serials/K-3/trace"))["root"]!;
        Assert.Equal("LOT-7", (string)root["components"]![0]!["components"]![0]!["components"]![0]!["batch"]!);
    }
}
