using Stocktrail.Tests.Hostile;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Postgres;

public sealed class ControlCharactersOnPostgresTests(PostgresFactory factory) : PostgresApiTest(factory)
{
    [PostgresFact]
    public Task Control_characters_in_any_text_field_are_refused_naming_the_field() => ControlCharacterCases.AssertEachRefusedNamingTheField(Api);
}
