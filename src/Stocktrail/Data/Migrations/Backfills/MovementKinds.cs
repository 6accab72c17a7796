using Microsoft.EntityFrameworkCore.Migrations;

namespace Stocktrail.Data.Migrations.Backfills;

/// <summary>
/// Fills the kind, cost layer and receipt of the ledger rows written before rows carried them (release 0.1), from what
/// each row is: its document type, the sign of its quantity and its shape (docs/ledger.md, "Rows from before kinds").
/// <list type="bullet">
/// <item>A landed cost's charge for units already gone is the row with no units, no serial and a negative value, as
/// the cost of goods report used to find it; a serial correction is the event row its description names.</item>
/// <item>A row that made a layer is matched to the layer its document line made, the n-th row to the n-th layer of
/// that document, line, warehouse and batch.</item>
/// <item>A row that took from layers is matched oldest first: each product's takes, in the order they were made, are
/// laid against what each of its layers has given up (quantity less remaining), oldest layer first, so that every
/// layer's rows add up to what it has left.</item>
/// <item>A receipt's rows are matched to the order's receipt made at (or last before) the row's time.</item>
/// </list>
/// </summary>
public static class MovementKinds
{
    public static void Fill(MigrationBuilder migration, bool postgres)
    {
        foreach (var statement in Statements(postgres)) migration.Sql(statement);
    }

    public static IReadOnlyList<string> Statements(bool postgres)
    {
        // SQLite keeps decimals as text: compare and add them as numbers. PostgreSQL's numeric columns are numbers already.
        string N(string column) => postgres ? column : $"CAST({column} AS NUMERIC)";
        var q = N("\"Quantity\"");
        const string batch = "UPPER(TRIM(COALESCE(\"Batch\", '')))";
        const string line = "COALESCE(\"SourceLineId\", -1)";

        var kinds = $"""
            UPDATE "StockMovements" SET "Kind" = CASE
                WHEN "SourceType" = 'PurchaseOrder' AND {q} > 0 THEN 'Received'
                WHEN "SourceType" = 'PurchaseOrder' AND {q} < 0 THEN 'ReturnedToSupplier'
                WHEN "SourceType" = 'PurchaseOrder' AND "SerialUnitId" IS NOT NULL AND "Description" LIKE 'Serial corrected from %' THEN 'SerialCorrected'
                WHEN "SourceType" = 'PurchaseOrder' AND "SerialUnitId" IS NULL AND {N("\"Value\"")} < 0 THEN 'ChargedToCostOfGoods'
                WHEN "SourceType" = 'PurchaseOrder' THEN 'Revalued'
                WHEN "SourceType" = 'Project' AND {q} < 0 THEN 'Used'
                WHEN "SourceType" = 'Project' THEN 'MaterialReturned'
                WHEN "SourceType" = 'ProductionJob' AND {q} < 0 THEN 'Consumed'
                WHEN "SourceType" = 'ProductionJob' AND "SourceLineId" IS NULL THEN 'Produced'
                WHEN "SourceType" = 'ProductionJob' THEN 'MaterialReturned'
                WHEN "SourceType" = 'StockSale' AND {q} < 0 THEN 'Dispatched'
                WHEN "SourceType" = 'StockSale' THEN 'CustomerReturn'
                WHEN "SourceType" = 'StockAdjustment' AND {q} < 0 THEN 'AdjustedOut'
                WHEN "SourceType" = 'StockAdjustment' THEN 'AdjustedIn'
                WHEN "SourceType" = 'StockTransfer' AND {q} < 0 THEN 'TransferredOut'
                WHEN "SourceType" = 'StockTransfer' THEN 'TransferredIn'
                WHEN "SourceType" = 'StockTake' AND {q} < 0 THEN 'CountedOut'
                ELSE 'CountedIn'
            END
            WHERE "Kind" = ''
            """;

        var layersMade = $"""
            WITH made AS (
                SELECT "Id", "ProductId", "WarehouseId", "SourceType", "SourceId", {line} AS line, {batch} AS batch, {q} AS quantity,
                    ROW_NUMBER() OVER (PARTITION BY "ProductId", "WarehouseId", "SourceType", "SourceId", {line}, {batch} ORDER BY "Id") AS n
                FROM "StockMovements" WHERE "SerialUnitId" IS NULL AND {q} > 0),
            layers AS (
                SELECT "Id", "ProductId", "WarehouseId", "SourceType", "SourceId", {line} AS line, {batch} AS batch, {q} AS quantity,
                    ROW_NUMBER() OVER (PARTITION BY "ProductId", "WarehouseId", "SourceType", "SourceId", {line}, {batch} ORDER BY "Id") AS n
                FROM "CostLayers")
            UPDATE "StockMovements" SET "CostLayerId" = matched.layer_id
            FROM (SELECT m."Id" AS row_id, l."Id" AS layer_id FROM made m JOIN layers l
                    ON l."ProductId" = m."ProductId" AND l."WarehouseId" = m."WarehouseId" AND l."SourceType" = m."SourceType"
                    AND l."SourceId" = m."SourceId" AND l.line = m.line AND l.batch = m.batch AND l.n = m.n AND l.quantity = m.quantity) AS matched
            WHERE "StockMovements"."Id" = matched.row_id
            """;

        // Each take starts where the takes before it (of that product, warehouse and batch) ended; it belongs to the
        // layer whose given-up share, laid oldest first, spans that start. Quantities have at most 8 places, so a
        // billionth absorbs SQLite's floating point.
        var layersTaken = $"""
            WITH takes AS (
                SELECT "Id", "ProductId", "WarehouseId", {batch} AS batch,
                    SUM(-{q}) OVER (PARTITION BY "ProductId", "WarehouseId", {batch} ORDER BY "Id" ROWS UNBOUNDED PRECEDING) + {q} AS start_at
                FROM "StockMovements" WHERE "SerialUnitId" IS NULL AND {q} < 0),
            given AS (
                SELECT "Id", "ProductId", "WarehouseId", {batch} AS batch, {q} - {N("\"Remaining\"")} AS given_up,
                    SUM({q} - {N("\"Remaining\"")}) OVER (PARTITION BY "ProductId", "WarehouseId", {batch} ORDER BY "ReceivedAt", "Id" ROWS UNBOUNDED PRECEDING) AS end_at
                FROM "CostLayers")
            UPDATE "StockMovements" SET "CostLayerId" = matched.layer_id
            FROM (SELECT t."Id" AS row_id, MIN(g."Id") AS layer_id FROM takes t JOIN given g
                    ON g."ProductId" = t."ProductId" AND g."WarehouseId" = t."WarehouseId" AND g.batch = t.batch AND g.given_up > 0
                    AND t.start_at >= g.end_at - g.given_up - 0.000000001 AND t.start_at < g.end_at - 0.000000001
                  GROUP BY t."Id") AS matched
            WHERE "StockMovements"."Id" = matched.row_id
            """;

        // A landed cost revalued each layer of the line that had stock left, in the layers' order.
        var layersRevalued = $"""
            WITH revalued AS (
                SELECT "Id", "ProductId", "WarehouseId", "SourceId", {line} AS line, {batch} AS batch,
                    ROW_NUMBER() OVER (PARTITION BY "ProductId", "WarehouseId", "SourceId", {line}, {batch}, "OccurredAt" ORDER BY "Id") AS n
                FROM "StockMovements"
                WHERE "Kind" = 'Revalued' AND "SerialUnitId" IS NULL AND "Description" NOT LIKE '% units already gone'),
            layers AS (
                SELECT "Id", "ProductId", "WarehouseId", "SourceId", {line} AS line, {batch} AS batch, "ReceivedAt",
                    ROW_NUMBER() OVER (PARTITION BY "ProductId", "WarehouseId", "SourceId", {line}, {batch} ORDER BY "Id") AS n
                FROM "CostLayers" WHERE "SourceType" = 'PurchaseOrder')
            UPDATE "StockMovements" SET "CostLayerId" = matched.layer_id
            FROM (SELECT r."Id" AS row_id, l."Id" AS layer_id FROM revalued r JOIN layers l
                    ON l."ProductId" = r."ProductId" AND l."WarehouseId" = r."WarehouseId" AND l."SourceId" = r."SourceId"
                    AND l.line = r.line AND l.batch = r.batch AND l.n = r.n) AS matched
            WHERE "StockMovements"."Id" = matched.row_id
            """;

        var receipts = """
            UPDATE "StockMovements" SET "ReceiptId" = (
                SELECT r."Id" FROM "Receipts" r
                WHERE r."PurchaseOrderId" = "StockMovements"."SourceId" AND r."ReceivedAt" <= "StockMovements"."OccurredAt"
                ORDER BY r."ReceivedAt" DESC, r."Id" DESC LIMIT 1)
            WHERE "Kind" = 'Received'
            """;

        return [kinds, layersMade, layersTaken, layersRevalued, receipts];
    }
}
