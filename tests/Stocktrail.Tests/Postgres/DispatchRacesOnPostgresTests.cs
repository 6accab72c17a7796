using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Sales;

namespace Stocktrail.Tests.Postgres;

/// <summary>The dispatch races on PostgreSQL, where requests really run side by side and the database decides.</summary>
public sealed class DispatchRacesOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public Task Twenty_simultaneous_dispatches_of_the_same_serial_on_twenty_sales_let_exactly_one_through() =>
        DispatchRaces.OneSerialOnTwentySales(Api);

    [PostgresFact]
    public Task Twenty_simultaneous_dispatches_of_one_fifo_unit_with_ten_in_stock_let_exactly_ten_through() =>
        DispatchRaces.TenFifoUnitsForTwentySales(Api);
}
