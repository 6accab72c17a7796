using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Stocktrail.Domain;
using static Stocktrail.Data.SqlDialect.ColumnType;

namespace Stocktrail.Data;

/// <summary>
/// Appends a decided <see cref="Posting"/> to the ledger inside the caller's transaction: the only code that changes
/// stock levels, cost layers, unit costs and serial identity, and every change it makes is a ledger row of its kind
/// that names its layer or unit. Serialized units move, are revalued and are corrected in a handful of set-based
/// statements whatever their number; every unit-changing statement is conditional on the unit's current place and
/// checked for its row count, so two requests can never move the same unit twice.
/// </summary>
public sealed class LedgerWriter(StocktrailDbContext db, Features.Users.CurrentUser user, Features.Webhooks.WebhookOutbox webhooks)
{
    private const string MovementColumns =
        "\"ProductId\", \"WarehouseId\", \"OccurredAt\", \"Quantity\", \"UnitCost\", \"Value\", \"SerialUnitId\", \"Batch\", " +
        "\"Description\", \"SourceType\", \"SourceId\", \"SourceNumber\", \"SourceLineId\", \"UserId\", \"Kind\", \"ReceiptId\", \"CostLayerId\"";

    private readonly Dictionary<(int ProductId, int WarehouseId), (decimal Quantity, decimal Value)> _levelChanges = [];
    private readonly List<(CostLayer Layer, LayerIn Part)> _newLayers = [];
    private int? _receiptId;

    public async Task AppendAsync(Posting posting, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("A posting is appended inside the document's transaction.");

        _receiptId = posting.ReceiptId;
        // What leaves goes first: a transfer moves a unit out of one warehouse, then in (as a known unit that is out) to another.
        foreach (var batch in posting.SerialsOut) await AppendSerialsOutAsync(batch, posting.OccurredAt, ct);
        foreach (var batch in posting.SerialsIn) await AppendSerialsInAsync(batch, posting.OccurredAt, ct);
        foreach (var layers in posting.LayersOut) await AppendLayersOutAsync(layers, posting.OccurredAt, ct);
        foreach (var layer in posting.LayersIn) await AppendLayerInAsync(layer, posting.OccurredAt, ct);
        await RecordNewLayersAsync(posting.OccurredAt, ct);
        foreach (var units in posting.UnitsRevalued) await AppendUnitsRevaluedAsync(units, posting.OccurredAt, ct);
        foreach (var layer in posting.LayersRevalued) await AppendLayerRevaluedAsync(layer, posting.OccurredAt, ct);
        foreach (var charge in posting.Charged) AppendCharged(charge, posting.OccurredAt);
        foreach (var correction in posting.Corrections) await AppendCorrectionAsync(correction, posting.OccurredAt, ct);

        await ApplyLevelChangesAsync(posting.OccurredAt, ct);
        // Webhook deliveries are committed with the posting, or not at all.
        await webhooks.PostingAppendedAsync(posting, ct);
        await db.SaveChangesAsync(ct);
        Features.Operations.StocktrailMetrics.Posted(posting);
    }

    private async Task AppendSerialsInAsync(SerialsIn units, DateTime at, CancellationToken ct)
    {
        var moved = new List<(long Id, string Serial, decimal UnitCost)>(units.Units.Count);
        var fresh = units.Units.Where(u => u.ExistingId is null).ToList();
        if (fresh.Count > 0 && db.Database.GetDbConnection() is NpgsqlConnection pg)
        {
            moved.AddRange(await CopyFreshUnitsAsync(pg, units, fresh, ct));
        }
        else if (fresh.Count > 0)
        {
            var byKey = fresh.ToDictionary(u => u.SerialKey);
            var sql =
                "INSERT INTO \"SerialUnits\" (\"ProductId\", \"Serial\", \"SerialKey\", \"Status\", \"WarehouseId\", \"UnitCost\") " +
                $"SELECT @product, {Col("s", Text)}, {Col("k", Text)}, @status, @warehouse, {Col("c", Number)} " +
                $"FROM {Rows("@rows", ("s", Text), ("k", Text), ("c", Number))} RETURNING \"Id\", \"SerialKey\"";
            await using var cmd = Command(sql,
                ("product", units.ProductId), ("warehouse", units.WarehouseId), ("status", nameof(SerialStatus.InStock)),
                ("rows", Json(fresh.Select(u => new { s = u.Serial, k = u.SerialKey, c = DecimalText(u.UnitCost) }))));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var unit = byKey[reader.GetString(1)];
                moved.Add((reader.GetInt64(0), unit.Serial, unit.UnitCost));
            }
        }

        var known = units.Units.Where(u => u.ExistingId is not null).ToList();
        if (known.Count > 0)
        {
            var sql =
                "UPDATE \"SerialUnits\" SET \"Status\" = @in, \"WarehouseId\" = @warehouse, " +
                $"\"UnitCost\" = {Col("c", Number)} FROM {Rows("@rows", ("u", Integer), ("c", Number))} " +
                $"WHERE \"SerialUnits\".\"Id\" = {Col("u", Integer)} AND \"SerialUnits\".\"Status\" = @out";
            await ExecuteCheckedAsync(sql, known.Count, known.Select(u => u.Serial), ct,
                ("in", nameof(SerialStatus.InStock)), ("out", nameof(SerialStatus.Out)), ("warehouse", units.WarehouseId),
                ("rows", Json(known.Select(u => new { u = u.ExistingId, c = DecimalText(u.UnitCost) }))));
            moved.AddRange(known.Select(u => (u.ExistingId!.Value, u.Serial, u.UnitCost)));
        }

        await InsertUnitMovementsAsync(units.ProductId, units.WarehouseId, at, +1, units.Source, units.Kind, units.Description, moved, ct);
        AddLevelChange(units.ProductId, units.WarehouseId, moved.Count, moved.Sum(u => u.UnitCost));
    }

    private async Task AppendSerialsOutAsync(SerialsOut units, DateTime at, CancellationToken ct)
    {
        // On PostgreSQL the ids go as one bigint[]: the planner knows how many there are and probes them by hash or by the
        // primary key. Read through jsonb_to_recordset (always estimated at 100 rows) right after a bulk receipt, before
        // autovacuum has analyzed the new units, it chose a nested loop that re-read the JSON for every unit in the
        // warehouse: 30 s for 10,000 of 100,000 (docs/ledger.md, "PostgreSQL at scale").
        var (sql, ids) = db.Database.GetDbConnection() is NpgsqlConnection
            ? ("UPDATE \"SerialUnits\" SET \"Status\" = @out, \"WarehouseId\" = NULL " +
               "WHERE \"Status\" = @in AND \"WarehouseId\" = @warehouse AND \"Id\" = ANY(@ids)",
               ("ids", (object)units.Units.Select(u => u.Id).ToArray()))
            : ("UPDATE \"SerialUnits\" SET \"Status\" = @out, \"WarehouseId\" = NULL " +
               $"WHERE \"Status\" = @in AND \"WarehouseId\" = @warehouse AND \"Id\" IN (SELECT {Col("u", Integer)} FROM {Rows("@ids", ("u", Integer))})",
               ("ids", (object)Json(units.Units.Select(u => new { u = u.Id }))));
        await ExecuteCheckedAsync(sql, units.Units.Count, units.Units.Select(u => u.Serial), ct,
            ("in", nameof(SerialStatus.InStock)), ("out", nameof(SerialStatus.Out)), ("warehouse", units.WarehouseId), ids);

        await InsertUnitMovementsAsync(units.ProductId, units.WarehouseId, at, -1, units.Source, units.Kind, units.Description,
            units.Units.Select(u => (u.Id, u.Serial, u.UnitCost)), ct);
        AddLevelChange(units.ProductId, units.WarehouseId, -units.Units.Count, -units.Units.Sum(u => u.UnitCost));
    }

    private async Task InsertUnitMovementsAsync(int productId, int warehouseId, DateTime at, int direction, DocumentRef source,
        MovementKind kind, string description, IEnumerable<(long Id, string Serial, decimal UnitCost)> units, CancellationToken ct)
    {
        if (db.Database.GetDbConnection() is NpgsqlConnection pg)
        {
            await CopyUnitMovementsAsync(pg, productId, warehouseId, at, direction, source, kind, description, units, ct);
            return;
        }
        var sql =
            $"INSERT INTO \"StockMovements\" ({MovementColumns}) " +
            $"SELECT @product, @warehouse, @at, @quantity, {Col("c", Number)}, {Col("v", Number)}, {Col("u", Integer)}, NULL, " +
            $"{Col("d", Text)}, @sourceType, @sourceId, @sourceNumber, @sourceLine, @user, @kind, @receipt, NULL " +
            $"FROM {Rows("@rows", ("u", Integer), ("c", Number), ("v", Number), ("d", Text))}";
        await using var cmd = Command(sql,
            ("product", productId), ("warehouse", warehouseId), ("at", at), ("quantity", (decimal)direction),
            ("sourceType", source.Type.ToString()), ("sourceId", source.Id), ("sourceNumber", source.Number),
            ("sourceLine", source.LineId), ("user", user.Id), ("kind", kind.ToString()), ("receipt", _receiptId),
            ("rows", Json(units.Select(u => new
            {
                u = u.Id,
                c = DecimalText(u.UnitCost),
                v = DecimalText(direction * u.UnitCost),
                d = MovementText.WithSerial(description, u.Serial),
            }))));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// PostgreSQL: new units by binary COPY, the fastest way in, inside the document's transaction. Their ids are taken
    /// from the table's own identity sequence first, so that each ledger row can name its unit. The unique index on
    /// (ProductId, SerialKey) still refuses a serial another request recorded meanwhile: the COPY fails, and with it the
    /// whole transaction, as the INSERT did.
    /// </summary>
    private async Task<List<(long Id, string Serial, decimal UnitCost)>> CopyFreshUnitsAsync(NpgsqlConnection pg, SerialsIn units,
        List<UnitIn> fresh, CancellationToken ct)
    {
        var ids = new List<long>(fresh.Count);
        await using (var reserve = Command(
            "SELECT nextval(pg_get_serial_sequence('\"SerialUnits\"', 'Id')) FROM generate_series(1, @count)", ("count", fresh.Count)))
        await using (var reader = await reserve.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt64(0));

        var status = nameof(SerialStatus.InStock);
        await using (var copy = await pg.BeginBinaryImportAsync(
            "COPY \"SerialUnits\" (\"Id\", \"ProductId\", \"Serial\", \"SerialKey\", \"Status\", \"WarehouseId\", \"UnitCost\") FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var i = 0; i < fresh.Count; i++)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(ids[i], NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(units.ProductId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(fresh[i].Serial, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(fresh[i].SerialKey, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(status, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(units.WarehouseId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(fresh[i].UnitCost, NpgsqlDbType.Numeric, ct);
            }
            await copy.CompleteAsync(ct);
        }
        return fresh.Select((u, i) => (ids[i], u.Serial, u.UnitCost)).ToList();
    }

    /// <summary>PostgreSQL: one ledger row per unit by binary COPY, the same columns and values as the set-based INSERT.</summary>
    private async Task CopyUnitMovementsAsync(NpgsqlConnection pg, int productId, int warehouseId, DateTime at, int direction,
        DocumentRef source, MovementKind kind, string description, IEnumerable<(long Id, string Serial, decimal UnitCost)> units, CancellationToken ct)
    {
        var (quantity, sourceType, kindText) = ((decimal)direction, source.Type.ToString(), kind.ToString());
        await using var copy = await pg.BeginBinaryImportAsync($"COPY \"StockMovements\" ({MovementColumns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var (id, serial, unitCost) in units)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(productId, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(warehouseId, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(at, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(quantity, NpgsqlDbType.Numeric, ct);
            await copy.WriteAsync(unitCost, NpgsqlDbType.Numeric, ct);
            await copy.WriteAsync(direction * unitCost, NpgsqlDbType.Numeric, ct);
            await copy.WriteAsync(id, NpgsqlDbType.Bigint, ct);
            await copy.WriteNullAsync(ct); // Batch
            await copy.WriteAsync(MovementText.WithSerial(description, serial), NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(sourceType, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(source.Id, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(source.Number, NpgsqlDbType.Varchar, ct);
            await WriteOrNullAsync(copy, source.LineId, NpgsqlDbType.Integer, ct);
            await WriteOrNullAsync(copy, user.Id, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(kindText, NpgsqlDbType.Varchar, ct);
            await WriteOrNullAsync(copy, _receiptId, NpgsqlDbType.Integer, ct);
            await copy.WriteNullAsync(ct); // CostLayerId
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task WriteOrNullAsync(NpgsqlBinaryImporter copy, int? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is { } v) await copy.WriteAsync(v, type, ct);
        else await copy.WriteNullAsync(ct);
    }

    private async Task AppendLayerInAsync(LayerIn layer, DateTime at, CancellationToken ct)
    {
        var batch = layer.Batch is null ? null : await BatchAsFirstEnteredAsync(layer.ProductId, layer.Batch, ct);
        var created = new CostLayer(layer.ProductId, layer.WarehouseId, batch, at, layer.Quantity, layer.UnitCost, layer.Source);
        db.CostLayers.Add(created);
        _newLayers.Add((created, layer with { Batch = batch }));
        AddLevelChange(layer.ProductId, layer.WarehouseId, layer.Quantity, Amounts.Value(layer.Quantity, layer.UnitCost));
    }

    /// <summary>The new layers are saved first, so that the row that makes each one can name it.</summary>
    private async Task RecordNewLayersAsync(DateTime at, CancellationToken ct)
    {
        if (_newLayers.Count == 0) return;
        await db.SaveChangesAsync(ct);
        foreach (var (layer, part) in _newLayers)
            db.StockMovements.Add(new StockMovement(part.ProductId, part.WarehouseId, at, part.Quantity, part.UnitCost,
                part.Description, part.Source, part.Kind, batch: part.Batch, costLayerId: layer.Id, receiptId: _receiptId));
        _newLayers.Clear();
    }

    /// <summary>
    /// Raises the cost of many serial units in two statements: the units (only while still in stock where the posting
    /// found them) and one row per unit, its serial in the description. The new cost is worked out here from the cost
    /// the posting read, so that SQLite, which keeps decimals as text, never adds them up in floating point.
    /// </summary>
    private async Task AppendUnitsRevaluedAsync(UnitsRevalued part, DateTime at, CancellationToken ct)
    {
        if (part.Units.Count == 0) return;
        var perUnit = Amounts.Round(part.PerUnit);
        if (part.Units.Any(u => u.UnitCost + perUnit < 0))
            throw StockRuleException.Conflict($"A cost of {perUnit} per unit would make a unit of product {part.ProductId} cost less than nothing.");
        var update =
            $"UPDATE \"SerialUnits\" SET \"UnitCost\" = {Col("c", Number)} FROM {Rows("@rows", ("u", Integer), ("w", Integer), ("c", Number))} " +
            $"WHERE \"SerialUnits\".\"Id\" = {Col("u", Integer)} AND \"SerialUnits\".\"Status\" = @in AND \"SerialUnits\".\"WarehouseId\" = {Col("w", Integer)}";
        await ExecuteCheckedAsync(update, part.Units.Count, part.Units.Select(u => $"unit {u.Id}"), ct,
            ("in", nameof(SerialStatus.InStock)),
            ("rows", Json(part.Units.Select(u => new { u = u.Id, w = u.WarehouseId, c = DecimalText(Amounts.Round(u.UnitCost + perUnit)) }))));

        var insert =
            $"INSERT INTO \"StockMovements\" ({MovementColumns}) " +
            $"SELECT @product, {Col("w", Integer)}, @at, @zero, @perUnit, @perUnit, {Col("u", Integer)}, NULL, " +
            "@description || u.\"Serial\", @sourceType, @sourceId, @sourceNumber, @sourceLine, @user, @kind, NULL, NULL " +
            $"FROM {Rows("@rows", ("u", Integer), ("w", Integer))} JOIN \"SerialUnits\" u ON u.\"Id\" = {Col("u", Integer)}";
        await using var cmd = Command(insert,
            ("product", part.ProductId), ("at", at), ("zero", 0m), ("perUnit", perUnit),
            ("description", MovementText.WithSerial(part.Description, "")), ("sourceType", part.Source.Type.ToString()),
            ("sourceId", part.Source.Id), ("sourceNumber", part.Source.Number), ("sourceLine", part.Source.LineId), ("user", user.Id),
            ("kind", nameof(MovementKind.Revalued)), ("rows", Json(part.Units.Select(u => new { u = u.Id, w = u.WarehouseId }))));
        await cmd.ExecuteNonQueryAsync(ct);
        foreach (var place in part.Units.GroupBy(u => u.WarehouseId))
            AddLevelChange(part.ProductId, place.Key, 0, place.Count() * perUnit);
    }

    /// <summary>A layer's unit cost rises for what remains of it; the row's value is what its worth rose by.</summary>
    private async Task AppendLayerRevaluedAsync(LayerRevalued part, DateTime at, CancellationToken ct)
    {
        var layer = await db.CostLayers.FirstOrDefaultAsync(l => l.Id == part.LayerId, ct)
            ?? throw new InvalidOperationException($"Cost layer {part.LayerId} does not exist.");
        var perUnit = Amounts.Round(part.PerUnit);
        var worth = layer.Worth;
        layer.AddCost(perUnit);
        db.StockMovements.Add(new StockMovement(layer.ProductId, layer.WarehouseId, at, 0, perUnit,
            layer.Batch is null ? part.Description : $"{part.Description} — batch {layer.Batch}", part.Source, MovementKind.Revalued,
            batch: layer.Batch, value: layer.Worth - worth, costLayerId: layer.Id));
        AddLevelChange(layer.ProductId, layer.WarehouseId, 0, layer.Worth - worth);
    }

    private void AppendCharged(ChargedToCostOfGoods part, DateTime at)
    {
        var perUnit = Amounts.Round(part.PerUnit);
        var value = Amounts.Value(part.Quantity, perUnit);
        db.StockMovements.Add(new StockMovement(part.ProductId, part.WarehouseId, at, 0, perUnit,
            $"{part.Description} for {part.Quantity} units already gone", part.Source, MovementKind.Revalued, value: value));
        db.StockMovements.Add(new StockMovement(part.ProductId, part.WarehouseId, at, 0, perUnit,
            $"{part.Description} for {part.Quantity} units already gone: charged to cost of goods", part.Source, MovementKind.ChargedToCostOfGoods, value: -value));
    }

    /// <summary>Renames a unit in stock where the posting found it; the unique serial index refuses a serial another unit has.</summary>
    private async Task AppendCorrectionAsync(SerialCorrection part, DateTime at, CancellationToken ct)
    {
        var sql =
            "UPDATE \"SerialUnits\" SET \"Serial\" = @serial, \"SerialKey\" = @key " +
            "WHERE \"Id\" = @unit AND \"Status\" = @in AND \"WarehouseId\" = @warehouse AND \"Serial\" = @from";
        await ExecuteCheckedAsync(sql, 1, [part.From], ct,
            ("serial", part.To.Value), ("key", part.To.Key), ("unit", part.UnitId), ("in", nameof(SerialStatus.InStock)),
            ("warehouse", part.WarehouseId), ("from", part.From));
        db.StockMovements.Add(new StockMovement(part.ProductId, part.WarehouseId, at, 0, part.UnitCost, part.Description, part.Source,
            MovementKind.SerialCorrected, serialUnitId: part.UnitId, value: 0));
    }

    private readonly Dictionary<(int ProductId, string Key), string> _batchText = [];

    /// <summary>
    /// A batch code is kept as first entered, like a serial: stock coming into a batch the product already knows (typed
    /// as lot-1 for LOT-1, into any warehouse) is recorded under the code as first entered, so one batch never shows two spellings.
    /// </summary>
    private async Task<string> BatchAsFirstEnteredAsync(int productId, string batch, CancellationToken ct)
    {
        var key = TrackingCode.Key(batch);
        if (_batchText.TryGetValue((productId, key), out var known)) return known;
        var first = await db.CostLayers.AsNoTracking().Where(l => l.ProductId == productId && l.BatchKey == key)
            .OrderBy(l => l.Id).Select(l => l.Batch).FirstOrDefaultAsync(ct);
        return _batchText[(productId, key)] = first ?? batch.Trim();
    }

    /// <summary>Each take is its own ledger row at its layer's cost; the layer's version guards against a concurrent take.</summary>
    private async Task AppendLayersOutAsync(LayersOut layers, DateTime at, CancellationToken ct)
    {
        var ids = layers.Takes.Select(t => t.LayerId).ToList();
        var loaded = await db.CostLayers.Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
        foreach (var take in layers.Takes)
        {
            var layer = loaded.GetValueOrDefault(take.LayerId)
                ?? throw new InvalidOperationException($"Cost layer {take.LayerId} does not exist.");
            // What was picked may have been taken by a request that committed since (PostgreSQL reads are not locked).
            if (take.Quantity > layer.Remaining)
                throw new ConcurrentChangeException(
                    $"The stock of product {layers.ProductId} in warehouse {layers.WarehouseId} changed while this request ran; nothing was changed. Check it and try again.");
            layer.Take(take.Quantity);
            db.StockMovements.Add(new StockMovement(layers.ProductId, layers.WarehouseId, at, -take.Quantity, take.UnitCost,
                layers.Description, layers.Source, layers.Kind, batch: layers.Batch, value: -take.Cost, costLayerId: layer.Id));
            AddLevelChange(layers.ProductId, layers.WarehouseId, -take.Quantity, -take.Cost);
        }
    }

    private void AddLevelChange(int productId, int warehouseId, decimal quantity, decimal value)
    {
        var key = (productId, warehouseId);
        var (q, v) = _levelChanges.GetValueOrDefault(key);
        _levelChanges[key] = (q + quantity, v + value);
    }

    /// <summary>
    /// Queues this transaction behind any other changing the same products' stock (PostgreSQL; SQLite already runs one
    /// writer at a time), always in the same order so that two never wait for each other. Call before reading the stock
    /// a decision depends on: what is read afterwards is what the others committed.
    /// <para>
    /// The lock is on the products' own rows, which exist before any stock does: the first two receipts of a new
    /// product queue as later ones do (a lock on its stock levels would find no row to hold, and the loser would meet
    /// the unique index instead of being told which serial is already in stock). <c>FOR NO KEY UPDATE</c> conflicts with
    /// itself but not with the key-share locks that inserting rows referencing a product takes.
    /// </para>
    /// </summary>
    public async Task LockStockAsync(IEnumerable<int> productIds, CancellationToken ct)
    {
        var ids = productIds.Distinct().Order().ToList();
        if (!db.Dialect.LocksStockLevels || ids.Count == 0) return;
        await using var cmd = Command(
            $"SELECT 1 FROM \"Products\" WHERE \"Id\" IN (SELECT {Col("p", Integer)} FROM {Rows("@rows", ("p", Integer))}) " +
            "ORDER BY \"Id\" FOR NO KEY UPDATE",
            ("rows", Json(ids.Select(id => new { p = id }))));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) { }
    }

    private async Task ApplyLevelChangesAsync(DateTime at, CancellationToken ct)
    {
        if (_levelChanges.Count == 0) return;
        await LockStockAsync(_levelChanges.Keys.Select(k => k.ProductId), ct);
        var productIds = _levelChanges.Keys.Select(k => k.ProductId).Distinct().ToList();
        var levels = await db.StockLevels.Where(l => productIds.Contains(l.ProductId)).ToDictionaryAsync(l => (l.ProductId, l.WarehouseId), ct);
        foreach (var ((productId, warehouseId), (quantity, value)) in _levelChanges)
        {
            if (!levels.TryGetValue((productId, warehouseId), out var level))
            {
                level = new StockLevel(productId, warehouseId);
                db.StockLevels.Add(level);
            }
            if (level.OnHand + quantity < 0)
                throw new ConcurrentChangeException(
                    $"The stock of product {productId} in warehouse {warehouseId} changed while this request ran; nothing was changed. Check it and try again.");
            level.Apply(quantity, value);
        }
        await ApplyToSnapshotsAsync(at, productIds, ct);
        _levelChanges.Clear();
    }

    /// <summary>
    /// Rows dated before the end of a period that has a stock snapshot (complete or being made: a backdated adjustment,
    /// or a request that began before midnight at a month's end) change every such snapshot, in this transaction, after
    /// the products' stock is locked: the snapshot job makes a chunk of products under the same lock, so it has either
    /// read these rows already committed or committed its chunk before this reads it (docs/ledger.md, "Stock snapshots").
    /// A posting dated now finds no period and costs one lookup in a table of one row per month.
    /// </summary>
    private async Task ApplyToSnapshotsAsync(DateTime at, List<int> productIds, CancellationToken ct)
    {
        var periods = await Features.Snapshots.StockSnapshots.PeriodsAfterAsync(db, at, ct);
        if (periods.Count == 0) return;
        var periodIds = periods.Select(p => p.Id).ToList();
        var rows = await db.StockSnapshots.Where(s => periodIds.Contains(s.PeriodId) && productIds.Contains(s.ProductId))
            .ToDictionaryAsync(s => (s.PeriodId, s.ProductId, s.WarehouseId), ct);
        foreach (var periodId in periodIds)
            foreach (var ((productId, warehouseId), (quantity, value)) in _levelChanges)
            {
                if (rows.TryGetValue((periodId, productId, warehouseId), out var row)) row.Apply(quantity, value);
                else db.StockSnapshots.Add(new StockSnapshot(periodId, productId, warehouseId, quantity, value));
            }
    }

    private async Task ExecuteCheckedAsync(string sql, int expected, IEnumerable<string> serials, CancellationToken ct,
        params (string Name, object? Value)[] parameters)
    {
        await using var cmd = Command(sql, parameters);
        var changed = await cmd.ExecuteNonQueryAsync(ct);
        if (changed != expected)
            throw new ConcurrentChangeException(
                $"{expected - changed} of the serials ({string.Join(", ", serials.Take(5))}…) changed place while this request ran; nothing was changed. Check them and try again.");
    }

    private DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    private string Rows(string parameter, params (string, SqlDialect.ColumnType)[] columns) => db.Dialect.JsonRows(parameter, columns);
    private string Col(string name, SqlDialect.ColumnType type) => db.Dialect.Column(name, type);

    private static string Json<T>(IEnumerable<T> rows) => JsonSerializer.Serialize(rows);

    // EF Core's own text form of a decimal in SQLite, so raw and EF-written rows read back alike.
    private static string DecimalText(decimal value) => value.ToString("0.0###########################", CultureInfo.InvariantCulture);
}

/// <summary>Another request changed the same stock at the same moment; this one changed nothing and may be retried.</summary>
public sealed class ConcurrentChangeException(string message) : Exception(message);
