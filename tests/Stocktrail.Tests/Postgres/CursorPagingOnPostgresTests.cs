using Stocktrail.Tests.Dashboard;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Postgres;

/// <summary>
/// Paging by key on PostgreSQL: rows of one moment compared at its microsecond precision, serials in the key's "C"
/// order, the same walks as on SQLite.
/// </summary>
public sealed class CursorPagingOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    private CursorPagingChecks Checks => new(Api);

    [PostgresFact]
    public Task Movements_page_by_key_through_every_row_once_newest_first_while_rows_are_added() => Checks.MovementsWalkAsync();

    [PostgresFact]
    public Task In_stock_serials_page_by_key_in_serial_order_and_serials_added_meanwhile_come_in_their_place() => Checks.SerialsWalkAsync();

    [PostgresFact]
    public Task A_page_key_that_is_no_row_of_the_list_is_refused_naming_it() => Checks.BadKeysAsync();

    [PostgresFact]
    public Task A_serial_search_by_prefix_finds_only_serials_starting_with_it_whatever_the_locale() => Checks.SerialSearchByPrefixAsync();
}
