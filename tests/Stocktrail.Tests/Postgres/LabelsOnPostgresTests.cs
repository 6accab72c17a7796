using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Labels;

namespace Stocktrail.Tests.Postgres;

public sealed class LabelsOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public Task Twenty_clerks_asking_at_once_never_get_the_same_serial() => SerialRace.TwentyClerks(Api);
}
