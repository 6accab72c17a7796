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

    [PostgresFact]
    public Task Movements_step_back_a_page_at_a_time_to_the_pages_as_read_while_newer_rows_are_added() => Checks.MovementsBackAsync();

    [PostgresFact]
    public Task Serials_step_back_a_page_at_a_time_and_a_step_that_reaches_the_start_shows_the_first_page() => Checks.SerialsBackAsync();

    [PostgresFact]
    public Task The_audit_log_steps_back_a_page_at_a_time_while_lines_are_added() => Checks.AuditBackAsync(Factory);

    [PostgresFact]
    public Task A_webhooks_deliveries_step_back_a_page_at_a_time_while_deliveries_are_added() => Checks.DeliveriesBackAsync();

    [PostgresFact]
    public Task The_stock_overview_pages_by_key_forwards_and_back_through_every_matching_product_once() => Checks.StockOverviewPagesAsync();
}
