using Stocktrail.Tests.Infrastructure;
using Stocktrail.Tests.Receiving;

namespace Stocktrail.Tests.Postgres;

/// <summary>A large delivery note line, supplier return line, project materials and job output summarized and paged by key on PostgreSQL, as on SQLite.</summary>
public sealed class LargeNotesAndMaterialsOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public Task A_delivery_note_of_1200_serials_lists_the_first_1000_and_pages_that_dispatch_s_serials_only() => new LargeNotesAndMaterialsChecks(Api).DeliveryNoteWalkAsync();

    [PostgresFact]
    public Task A_supplier_return_of_1200_serials_lists_the_first_1000_and_pages_that_return_s_serials_only() => new LargeNotesAndMaterialsChecks(Api).SupplierReturnWalkAsync();

    [PostgresFact]
    public Task A_project_s_large_use_and_materials_list_the_first_1000_and_page_what_each_holds() => new LargeNotesAndMaterialsChecks(Api).ProjectMaterialsWalkAsync();

    [PostgresFact]
    public Task A_job_s_1300_outputs_list_the_first_1000_and_page_every_one() => new LargeNotesAndMaterialsChecks(Api).JobOutputsWalkAsync();
}
