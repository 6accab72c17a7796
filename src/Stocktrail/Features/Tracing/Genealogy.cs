using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;

namespace Stocktrail.Features.Tracing;

/// <summary>
/// The walk through production genealogy (<see cref="Domain.ComponentLink"/>) in one recursive query, for any depth:
/// <see cref="Direction.Down"/> from a unit to everything it was built from, <see cref="Direction.Up"/> from a unit or
/// batch to everything built from it. Both link shapes are followed: a link naming its output (a serial unit or a
/// batch), and a job-level link (no output named) meaning "every output of this job", whose outputs are the job's
/// <c>Produced</c> ledger rows. A job-level hop is a node of its own (<see cref="Job"/>, no parent, so that the
/// outputs × components of a job are walked once, not once per pair) and an edge row (<see cref="JobEdge"/>) that
/// says which node reached it; edge rows are not walked further. docs/traceability.md explains the shapes.
/// </summary>
public static class Genealogy
{
    public enum Direction { Down, Up }

    /// <summary>Node kinds: a serial unit, a batch of a product, an untracked (Fifo) quantity, a job's outputs as a whole.</summary>
    public const string Unit = "U", Batch = "B", Untracked = "F", Job = "J", JobEdge = "E";

    /// <summary>Deep enough for any real product; stops a batch that went into itself from walking forever.</summary>
    public const int MaxDepth = 32;

    /// <summary>One row of the walk: a node and the node it was reached from (none for the start and for job nodes).</summary>
    public sealed class Row
    {
        public int Depth { get; set; }
        public string Kind { get; set; } = "";
        public int ProductId { get; set; }
        public long? UnitId { get; set; }
        public string? Batch { get; set; }
        /// <summary>The production job of the link the node was reached through (for a job node, that job).</summary>
        public int? JobId { get; set; }
        public decimal? Quantity { get; set; }
        public string? ParentKind { get; set; }
        public int? ParentProductId { get; set; }
        public long? ParentUnitId { get; set; }
        public string? ParentBatch { get; set; }
        public int? ParentJobId { get; set; }

        // Made once per row: the tree asks for them several times for each of its thousands of rows.
        private string? _key, _parentKey;

        public string Key => _key ??= NodeKey(Kind == JobEdge ? Job : Kind, ProductId, UnitId, Batch, JobId);
        public string? ParentKey => ParentKind is null ? null : _parentKey ??= NodeKey(ParentKind, ParentProductId ?? 0, ParentUnitId, ParentBatch, ParentJobId);
    }

    public static string NodeKey(string kind, int productId, long? unitId, string? batch, int? jobId) => kind switch
    {
        Unit => $"U:{unitId}",
        Batch => $"B:{productId}:{Domain.TrackingCode.Key(batch ?? "")}",
        Job => $"J:{jobId}",
        _ => $"F:{productId}:{jobId}",
    };

    /// <summary>Every row reachable from the start (a serial unit, or a batch when <paramref name="unitId"/> is null).</summary>
    public static async Task<List<Row>> WalkAsync(StocktrailDbContext db, Direction direction, int productId, long? unitId, string? batch, CancellationToken ct)
    {
        var sql = Sql(direction, db is PostgresStocktrailDbContext);
        return await db.Database.SqlQueryRaw<Row>(sql, productId, unitId ?? 0L, batch ?? "", unitId is null ? Batch : Unit).ToListAsync(ct);
    }

    private static string Sql(Direction direction, bool postgres)
    {
        // PostgreSQL wants both terms of a recursive query to have the same column types; SQLite does not mind casts.
        string I(string e) => $"CAST({e} AS {(postgres ? "integer" : "INTEGER")})";
        string L(string e) => $"CAST({e} AS {(postgres ? "bigint" : "INTEGER")})";
        string T(string e) => $"CAST({e} AS {(postgres ? "text" : "TEXT")})";
        string N(string e) => postgres ? $"CAST({e} AS numeric)" : e;

        const string columns = "\"Depth\", \"Kind\", \"ProductId\", \"UnitId\", \"Batch\", \"JobId\", \"Quantity\", \"ParentKind\", \"ParentProductId\", \"ParentUnitId\", \"ParentBatch\", \"ParentJobId\"";
        var start = $"""
            SELECT {I("0")}, {T("{3}")}, {I("{0}")}, {L("CASE WHEN {3} = 'U' THEN {1} END")}, {T("CASE WHEN {3} = 'B' THEN {2} END")}, {I("NULL")}, {N("1")},
                   {T("NULL")}, {I("NULL")}, {L("NULL")}, {T("NULL")}, {I("NULL")}
            """;
        // A node reached through a job node has that job node as its parent; a job node has none (see the summary).
        string Parent(string isJobNode) => $"""
            {T($"CASE WHEN {isJobNode} THEN NULL ELSE n.\"Kind\" END")}, {I($"CASE WHEN {isJobNode} THEN NULL ELSE n.\"ProductId\" END")},
            {L($"CASE WHEN {isJobNode} THEN NULL ELSE n.\"UnitId\" END")}, {T($"CASE WHEN {isJobNode} THEN NULL ELSE n.\"Batch\" END")},
            {I($"CASE WHEN {isJobNode} THEN NULL ELSE n.\"JobId\" END")}
            """;
        // The links a walk row leads to are found by one indexed lookup per link shape (a, b, c: by serial unit, by
        // batch, by job), each keyed on the row with NULL where the shape does not apply, so at most one of them finds
        // anything; l is the link found, by primary key. A correlated `l."Id" IN (… UNION ALL …)` list said the same,
        // but PostgreSQL runs such a list as a subplan for every link of the table for every walk row (10,000 × 11,111
        // on the bench's genealogy: minutes), and SQLite builds a temporary table for each evaluation.
        const string jobLevel = "l.\"OutputSerialUnitId\" IS NULL AND l.\"OutputBatch\" IS NULL";
        const string pair = "(SELECT 0 AS e UNION ALL SELECT 1 AS e) x";

        var step = direction == Direction.Up
            ? $"""
                SELECT {I($"n.\"Depth\" + CASE WHEN m.\"Id\" IS NULL AND {jobLevel} THEN 0 ELSE 1 END")},
                       {T($"CASE WHEN m.\"Id\" IS NOT NULL THEN (CASE WHEN m.\"SerialUnitId\" IS NOT NULL THEN 'U' WHEN m.\"Batch\" IS NOT NULL THEN 'B' ELSE 'F' END) WHEN l.\"OutputSerialUnitId\" IS NOT NULL THEN 'U' WHEN l.\"OutputBatch\" IS NOT NULL THEN 'B' WHEN x.e = 0 THEN 'J' ELSE 'E' END")},
                       {I("COALESCE(m.\"ProductId\", l.\"OutputProductId\")")}, {L("COALESCE(m.\"SerialUnitId\", l.\"OutputSerialUnitId\")")},
                       {T("COALESCE(m.\"Batch\", l.\"OutputBatch\")")}, {I("COALESCE(l.\"ProductionJobId\", n.\"JobId\")")},
                       {N($"CASE WHEN m.\"Id\" IS NOT NULL THEN m.\"Quantity\" WHEN {jobLevel} AND x.e = 0 THEN NULL ELSE l.\"Quantity\" END")},
                       {Parent($"m.\"Id\" IS NULL AND {jobLevel} AND x.e = 0")}
                FROM walk n
                CROSS JOIN {pair}
                LEFT JOIN "ComponentLinks" a ON n."Kind" IN ('U', 'B') AND a."ComponentSerialUnitId" = n."UnitId"
                LEFT JOIN "ComponentLinks" b ON b."ComponentProductId" = CASE WHEN n."Kind" = 'B' THEN n."ProductId" END
                    AND b."ComponentSerialUnitId" IS NULL AND upper(b."ComponentBatch") = upper(n."Batch")
                LEFT JOIN "ComponentLinks" l ON l."Id" = COALESCE(a."Id", b."Id")
                LEFT JOIN "StockMovements" m ON m."SourceType" = 'ProductionJob' AND m."SourceId" = CASE WHEN x.e = 0 AND n."Kind" = 'J' THEN n."JobId" END AND m."Kind" = 'Produced'
                WHERE n."Depth" < {MaxDepth} AND (m."Id" IS NOT NULL OR (l."Id" IS NOT NULL AND (x.e = 0 OR ({jobLevel}))))
                """
            : $"""
                SELECT {I("n.\"Depth\" + CASE WHEN l.\"Id\" IS NULL THEN 0 ELSE 1 END")},
                       {T("CASE WHEN l.\"Id\" IS NULL THEN (CASE WHEN x.e = 0 THEN 'J' ELSE 'E' END) WHEN l.\"ComponentSerialUnitId\" IS NOT NULL THEN 'U' WHEN l.\"ComponentBatch\" IS NOT NULL THEN 'B' ELSE 'F' END")},
                       {I("COALESCE(l.\"ComponentProductId\", n.\"ProductId\")")}, {L("l.\"ComponentSerialUnitId\"")}, {T("l.\"ComponentBatch\"")},
                       {I("COALESCE(l.\"ProductionJobId\", m.\"SourceId\")")}, {N("l.\"Quantity\"")},
                       {Parent("l.\"Id\" IS NULL AND x.e = 0")}
                FROM walk n
                CROSS JOIN {pair}
                LEFT JOIN "ComponentLinks" a ON x.e = 0 AND a."OutputSerialUnitId" = CASE WHEN n."Kind" = 'U' THEN n."UnitId" END
                LEFT JOIN "ComponentLinks" b ON x.e = 0 AND b."OutputProductId" = CASE WHEN n."Kind" = 'B' THEN n."ProductId" END AND upper(b."OutputBatch") = upper(n."Batch")
                LEFT JOIN "ComponentLinks" c ON x.e = 0 AND c."ProductionJobId" = CASE WHEN n."Kind" = 'J' THEN n."JobId" END
                    AND c."OutputSerialUnitId" IS NULL AND c."OutputBatch" IS NULL
                LEFT JOIN "ComponentLinks" l ON l."Id" = COALESCE(a."Id", b."Id", c."Id")
                LEFT JOIN "StockMovements" m ON l."Id" IS NULL AND n."Kind" = 'U' AND m."SerialUnitId" = n."UnitId" AND m."Kind" = 'Produced'
                WHERE n."Depth" < {MaxDepth} AND (l."Id" IS NOT NULL OR m."Id" IS NOT NULL)
                """;
        // A lookup key is NULL where a join does not apply (CASE … END), so the index finds nothing at once: with the
        // condition on the walk row beside it instead, every unit a job made would look up all of that job's
        // Produced rows before the condition dropped them (outputs × outputs rows read).
        // {0}..{3} stay as EF Core's parameter placeholders; UNION drops repeated rows, so a job's outputs are walked once.
        return $"WITH RECURSIVE walk({columns}) AS (\n{start}\nUNION\n{step}\n)\nSELECT {columns} FROM walk";
    }
}
