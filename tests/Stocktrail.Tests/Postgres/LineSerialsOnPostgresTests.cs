using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Receiving;

namespace Stocktrail.Tests.Postgres;

/// <summary>A large receipt's answer and its line's serials paged by key on PostgreSQL, as on SQLite.</summary>
public sealed class LineSerialsOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public Task A_receipt_of_2500_serials_lists_the_first_1000_with_its_count_and_its_line_pages_every_serial_once_in_order() =>
        new LineSerialsChecks(Api).ReceiptWalkAsync();

    [PostgresFact]
    public Task A_line_received_large_then_small_summarizes_the_large_receipt_and_lists_the_small_one_and_the_other_lines_whole() =>
        new LineSerialsChecks(Api).LargeAndSmallReceiptsOfOneLineAsync();
}
