using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;

/// <summary>
/// A stock sale of 10,000 units of one serialized product, dispatched in one POST that names 10,000 explicit serials
/// (no ranges) spread over the 100,000 in stock in the sale's warehouse. The stock is received through the API for
/// each run (a fresh product), untimed. Floor: a fresh file with the app's schema holding the same 100,000 in-stock
/// units (and their receipt rows), then in one transaction 10,000 conditional updates
/// (<c>UPDATE SerialUnits SET Status='Out', WarehouseId=NULL WHERE Id=@id AND Status='InStock' AND WarehouseId=@w</c>,
/// each row count checked) and 10,000 StockMovements inserts, prepared statements. The sizes are fixed (10,000 of
/// 100,000); <c>--sizes</c> does not apply to this scenario.
/// </summary>
static class DispatchScenario
{
    public const int Dispatched = 10_000;
    public const int InStock = 100_000;

    public static async Task RunAsync(Bench bench)
    {
        var api = bench.Api;
        var warehouseId = (await api.PostAsync("/api/warehouses", new { code = "BENCH-D", name = "Dispatch bench warehouse" })).Id();
        var supplierId = (await api.PostAsync("/api/suppliers", new { name = "Dispatch bench supplier" })).Id();
        var customerId = (await api.PostAsync("/api/customers", new { name = "Bench customer" })).Id();
        var run = 0;

        async Task<TimeSpan> DispatchThroughApiAsync(int dispatched, int inStock)
        {
            run++;
            var product = await api.PostAsync("/api/products", new { sku = $"BENCH-D{run}", name = $"Dispatch bench product {run}", trackingType = "Serial" });
            var productId = product.Id();
            var order = await api.PostAsync("/api/purchase-orders", new
            {
                supplierId, warehouseId, lines = new[] { new { productId, quantity = inStock, unitCost = 12.5m } },
            });
            await api.PostAsync($"/api/purchase-orders/{order.Id()}/approve", new { });
            // The stock is set-up, not timed: received as one range.
            await api.TimedPostAsync($"/api/purchase-orders/{order.Id()}/receipts", JsonSerializer.SerializeToUtf8Bytes(new
            {
                lines = new[] { new { lineId = order.GetProperty("lines")[0].Id(), quantity = inStock, serials = new[] { $"{Serial(1)}..{Serial(inStock)}" } } },
            }));
            var sale = await api.PostAsync("/api/stock-sales", new
            {
                customerId, warehouseId, lines = new[] { new { productId, quantity = dispatched, unitPrice = 20m } },
            });
            var picked = Picked(dispatched, inStock);
            var serials = picked.Select(Serial).ToArray();
            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                lines = new[] { new { lineId = sale.GetProperty("lines")[0].Id(), quantity = dispatched, serials } },
            });

            bench.ShowSqlSinceLastCall("set-up");
            var (elapsed, answer) = await api.TimedPostAsync($"/api/stock-sales/{sale.Id()}/dispatches", body);
            bench.ShowSqlSinceLastCall($"dispatch of {dispatched:N0} of {inStock:N0}");

            var moved = answer.GetProperty("lines")[0].GetProperty("serials").GetArrayLength();
            var onHand = (await api.GetAsync($"/api/products/{productId}/stock")).GetProperty("onHand").GetDecimal();
            if (moved != dispatched || onHand != inStock - dispatched)
                throw new InvalidOperationException($"The dispatch of {dispatched} serials answered {moved} serials and {onHand} on hand (expected {inStock - dispatched}).");
            foreach (var serial in new[] { serials[0], serials[dispatched / 2], serials[^1] })
            {
                var status = (await api.GetAsync($"/api/products/{productId}/serials/{serial}")).GetProperty("status").ToString();
                if (status != "Out") throw new InvalidOperationException($"Serial {serial} is {status} after its dispatch, not Out.");
            }
            var kept = Serial(Enumerable.Range(1, inStock).Except(picked).First());
            var keptStatus = (await api.GetAsync($"/api/products/{productId}/serials/{kept}")).GetProperty("status").ToString();
            if (keptStatus != "InStock") throw new InvalidOperationException($"Serial {kept} was not dispatched but is {keptStatus}.");
            return elapsed;
        }

        async Task<TimeSpan> DispatchOnFloorAsync(int dispatched, int inStock)
        {
            await using var connection = await bench.FreshFloorDatabaseAsync();
            var (productId, floorWarehouseId) = Scenarios.SeedFloorParents(connection);
            SeedUnits(connection, productId, floorWarehouseId, inStock);
            var ids = new Dictionary<string, long>(inStock);
            using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT \"Id\", \"Serial\" FROM \"SerialUnits\"";
                using var reader = read.ExecuteReader();
                while (reader.Read()) ids[reader.GetString(1)] = reader.GetInt64(0);
            }
            var serials = Picked(dispatched, inStock).Select(Serial).ToArray();

            var clock = Stopwatch.StartNew();
            using var tx = connection.BeginTransaction();
            using var unit = connection.CreateCommand();
            unit.CommandText =
                "UPDATE \"SerialUnits\" SET \"Status\" = 'Out', \"WarehouseId\" = NULL " +
                "WHERE \"Id\" = @id AND \"Status\" = 'InStock' AND \"WarehouseId\" = @w";
            var (uId, uWarehouse) = (unit.Parameters.Add("@id", SqliteType.Integer), unit.Parameters.Add("@w", SqliteType.Integer));
            unit.Prepare();
            using var movement = connection.CreateCommand();
            movement.CommandText =
                "INSERT INTO \"StockMovements\" (\"ProductId\", \"WarehouseId\", \"OccurredAt\", \"Quantity\", \"UnitCost\", \"Value\", " +
                "\"SerialUnitId\", \"Batch\", \"Description\", \"SourceType\", \"SourceId\", \"SourceNumber\", \"SourceLineId\", \"Kind\") " +
                "VALUES (@product, @warehouse, @at, '-1.0', @cost, @value, @unit, NULL, @description, 'StockSale', 1, 'SO-00001', 1, 'Dispatched')";
            var (mProduct, mWarehouse, mAt, mCost, mValue, mUnit, mDescription) = (movement.Parameters.Add("@product", SqliteType.Integer),
                movement.Parameters.Add("@warehouse", SqliteType.Integer), movement.Parameters.Add("@at", SqliteType.Text),
                movement.Parameters.Add("@cost", SqliteType.Text), movement.Parameters.Add("@value", SqliteType.Text),
                movement.Parameters.Add("@unit", SqliteType.Integer), movement.Parameters.Add("@description", SqliteType.Text));
            movement.Prepare();

            uWarehouse.Value = floorWarehouseId;
            (mProduct.Value, mWarehouse.Value, mCost.Value, mValue.Value, mAt.Value) = (productId, floorWarehouseId, "12.5", "-12.5", DateTime.UtcNow);
            foreach (var serial in serials)
            {
                var id = ids[serial];
                uId.Value = id;
                if (unit.ExecuteNonQuery() != 1) throw new InvalidOperationException($"Unit {serial} was not in stock.");
                mUnit.Value = id;
                mDescription.Value = $"Dispatched on SO-00001 to Bench customer — serial {serial}";
                movement.ExecuteNonQuery();
            }
            tx.Commit();
            return clock.Elapsed;
        }

        Task<TimeSpan> FloorAsync(int dispatched, int inStock) => bench.Provider == "postgres"
            ? PostgresFloor.DispatchAsync(bench, inStock, Serial, Picked(dispatched, inStock).Select(Serial).ToArray())
            : DispatchOnFloorAsync(dispatched, inStock);

        // Warm-up: JIT and tiered compilation of every path on both sides, not measured.
        Console.WriteLine("dispatch: warming up");
        for (var i = 0; i < 3; i++)
        {
            await DispatchThroughApiAsync(2_000, 20_000);
            await FloorAsync(2_000, 20_000);
        }

        for (var i = 0; i < bench.Options.Repeat; i++)
        {
            // Interleaved, so that a noisy moment of the machine hits both sides alike.
            TimeSpan apiTime;
            try
            {
                apiTime = await DispatchThroughApiAsync(Dispatched, InStock);
            }
            catch (ApiFailedException e)
            {
                bench.RecordFailure("dispatch", Dispatched, e.Message);
                break;
            }
            var floorTime = await FloorAsync(Dispatched, InStock);
            bench.Record("dispatch", Dispatched, apiTime, floorTime);
        }
    }

    /// <summary>
    /// Which of the units 1..inStock leave: a fixed pseudo-random choice spread over all of them, in the scattered order a
    /// picker would scan them, the same on both sides.
    /// </summary>
    private static int[] Picked(int dispatched, int inStock)
    {
        var all = Enumerable.Range(1, inStock).ToArray();
        new Random(20261127).Shuffle(all);
        return all[..dispatched];
    }

    private static string Serial(int i) => $"DSP-{i:D7}";

    /// <summary>The floor's stock, untimed: the units in stock and their receipt rows, as the API's receipt leaves them.</summary>
    private static void SeedUnits(SqliteConnection connection, long productId, long warehouseId, int inStock)
    {
        using var tx = connection.BeginTransaction();
        using var cmd = connection.CreateCommand();
        cmd.CommandText =
            "INSERT INTO \"SerialUnits\" (\"ProductId\", \"Serial\", \"SerialKey\", \"Status\", \"WarehouseId\", \"UnitCost\") " +
            "VALUES (@product, @serial, @serial, 'InStock', @warehouse, '12.5');" +
            "INSERT INTO \"StockMovements\" (\"ProductId\", \"WarehouseId\", \"OccurredAt\", \"Quantity\", \"UnitCost\", \"Value\", " +
            "\"SerialUnitId\", \"Batch\", \"Description\", \"SourceType\", \"SourceId\", \"SourceNumber\", \"SourceLineId\", \"Kind\") " +
            "VALUES (@product, @warehouse, @at, '1.0', '12.5', '12.5', last_insert_rowid(), NULL, " +
            "'Received on PO-00001 from Bench supplier — serial ' || @serial, 'PurchaseOrder', 1, 'PO-00001', 1, 'Received')";
        cmd.Parameters.AddWithValue("@product", productId);
        cmd.Parameters.AddWithValue("@warehouse", warehouseId);
        cmd.Parameters.AddWithValue("@at", DateTime.UtcNow.AddMinutes(-1));
        var serial = cmd.Parameters.Add("@serial", SqliteType.Text);
        for (var i = 1; i <= inStock; i++)
        {
            serial.Value = Serial(i);
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }
}
