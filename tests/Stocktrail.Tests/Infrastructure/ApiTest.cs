namespace Stocktrail.Tests.Infrastructure;

/// <summary>Base of the HTTP tests: one app and database per test class, shared by its tests.</summary>
public abstract class ApiTest(StocktrailFactory factory) : IClassFixture<StocktrailFactory>
{
    protected StocktrailFactory Factory { get; } = factory;
    protected Api Api { get; } = new(factory.CreateClient());
}
