using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Receiving;

namespace Stocktrail.Tests.Postgres;

/// <summary>A large receipt's answer and its line's serials paged by key on PostgreSQL, as on SQLite.</summary>
public sealed class LineSerialsOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public Task A_receipt_of_2500_serials_lists_the_first_1000_with_its_count_and_its_line_pages_every_serial_once_in_order() =>
        new LineSerialsChecks(Api).ReceiptWalkAsync();
}
