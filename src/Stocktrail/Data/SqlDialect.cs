namespace Stocktrail.Data;

/// <summary>
/// The little SQL that differs between providers, for the set-based statements of large documents: a JSON array
/// passed as one parameter, read as rows.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>A FROM clause that reads the JSON array of objects in <paramref name="parameter"/> as rows named r.</summary>
    public abstract string JsonRows(string parameter, params (string Name, ColumnType Type)[] columns);

    /// <summary>How column <paramref name="name"/> of those rows is read.</summary>
    public abstract string Column(string name, ColumnType type);

    /// <summary>
    /// Whether a write must lock the stock levels it is about to change before it reads stock. SQLite has one writer at
    /// a time already (a document's transaction takes the write lock at its start); PostgreSQL runs writers side by
    /// side, so they queue on the level rows instead of failing each other's version checks.
    /// </summary>
    public virtual bool LocksStockLevels => false;

    public enum ColumnType { Integer, Number, Text }
}

public sealed class SqliteDialect : SqlDialect
{
    public override string JsonRows(string parameter, params (string Name, ColumnType Type)[] columns) =>
        $"json_each({parameter}) AS r";

    // Decimals travel as JSON strings and stay text, as EF Core stores decimals in SQLite.
    public override string Column(string name, ColumnType type) => $"json_extract(r.value, '$.{name}')";
}

public sealed class PostgresDialect : SqlDialect
{
    public override string JsonRows(string parameter, params (string Name, ColumnType Type)[] columns) =>
        $"jsonb_to_recordset(CAST({parameter} AS jsonb)) AS r({string.Join(", ", columns.Select(c => $"{c.Name} {PgType(c.Type)}"))})";

    public override string Column(string name, ColumnType type) => $"r.{name}";

    public override bool LocksStockLevels => true;

    private static string PgType(ColumnType type) => type switch
    {
        ColumnType.Integer => "bigint",
        ColumnType.Number => "numeric",
        _ => "text",
    };
}
