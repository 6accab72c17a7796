using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Postgres;

/// <summary>Base of the HTTP tests on PostgreSQL: one app and database per test class, shared by its tests.</summary>
public abstract class PostgresApiTest(PostgresFactory factory) : IClassFixture<PostgresFactory>
{
    protected PostgresFactory Factory { get; } = factory;
    protected Api Api { get; } = new(factory.CreateClient());
}
