using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;

/// <summary>
/// A landed cost on a purchase order whose one line received 100,000 serial units, all still in stock: every unit's
/// cost rises and each gets its Revalued ledger row. The stock is received through the API for each run (untimed).
/// Floor: a fresh file with the app's schema holding the same 100,000 units and their receipt rows, then in one
/// transaction, per unit, one prepared <c>UPDATE SerialUnits SET UnitCost</c> and one StockMovements insert.
/// </summary>
static class LandedCostScenario
{
    public const int Units = 100_000;

    public static async Task RunAsync(Bench bench)
    {
        var api = bench.Api;
        var warehouseId = (await api.PostAsync("/api/warehouses", new { code = "BENCH-L", name = "Landed cost bench warehouse" })).Id();
        var supplierId = (await api.PostAsync("/api/suppliers", new { name = "Landed cost bench supplier" })).Id();
        var run = 0;

        async Task<TimeSpan> ThroughApiAsync(int units)
        {
            run++;
            var productId = (await api.PostAsync("/api/products", new { sku = $"BENCH-L{run}", name = $"Landed cost bench product {run}", trackingType = "Serial" })).Id();
            var order = await api.PostAsync("/api/purchase-orders", new { supplierId, warehouseId, lines = new[] { new { productId, quantity = units, unitCost = 12.5m } } });
            await api.PostAsync($"/api/purchase-orders/{order.Id()}/approve", new { });
            await api.TimedPostAsync($"/api/purchase-orders/{order.Id()}/receipts", JsonSerializer.SerializeToUtf8Bytes(new
            {
                lines = new[] { new { lineId = order.GetProperty("lines")[0].Id(), quantity = units, serials = new[] { $"LND{run}-{1:D7}..LND{run}-{units:D7}" } } },
            }));
            var body = JsonSerializer.SerializeToUtf8Bytes(new { description = "Freight", amount = units * 0.75m });

            bench.ShowSqlSinceLastCall("set-up");
            var (elapsed, _) = await api.TimedPostAsync($"/api/purchase-orders/{order.Id()}/landed-costs", body);
            bench.ShowSqlSinceLastCall($"landed cost over {units:N0} units");

            var value = (await api.GetAsync($"/api/products/{productId}/stock")).GetProperty("value").GetDecimal();
            var unitCost = (await api.GetAsync($"/api/products/{productId}/serials/LND{run}-{units / 2:D7}")).GetProperty("unitCost").GetDecimal();
            if (value != units * 13.25m || unitCost != 13.25m)
                throw new InvalidOperationException($"After the landed cost the stock is worth {value} and a unit costs {unitCost}; expected {units * 13.25m} and 13.25.");
            return elapsed;
        }

        async Task<TimeSpan> OnFloorAsync(int units)
        {
            await using var connection = await bench.FreshFloorDatabaseAsync();
            var (productId, floorWarehouseId) = Scenarios.SeedFloorParents(connection);
            using (var seed = connection.BeginTransaction())
            using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = "INSERT INTO \"SerialUnits\" (\"ProductId\", \"Serial\", \"SerialKey\", \"Status\", \"WarehouseId\", \"UnitCost\") VALUES (@p, @s, @s, 'InStock', @w, '12.5')";
                cmd.Parameters.AddWithValue("@p", productId);
                cmd.Parameters.AddWithValue("@w", floorWarehouseId);
                var serial = cmd.Parameters.Add("@s", SqliteType.Text);
                for (var i = 1; i <= units; i++) { serial.Value = $"LND-{i:D7}"; cmd.ExecuteNonQuery(); }
                seed.Commit();
            }
            var ids = new List<(long Id, string Serial)>(units);
            using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT \"Id\", \"Serial\" FROM \"SerialUnits\"";
                using var reader = read.ExecuteReader();
                while (reader.Read()) ids.Add((reader.GetInt64(0), reader.GetString(1)));
            }

            var clock = Stopwatch.StartNew();
            using var tx = connection.BeginTransaction();
            using var unit = connection.CreateCommand();
            unit.CommandText = "UPDATE \"SerialUnits\" SET \"UnitCost\" = '13.25' WHERE \"Id\" = @id AND \"Status\" = 'InStock'";
            var uId = unit.Parameters.Add("@id", SqliteType.Integer);
            unit.Prepare();
            using var movement = connection.CreateCommand();
            movement.CommandText =
                "INSERT INTO \"StockMovements\" (\"ProductId\", \"WarehouseId\", \"OccurredAt\", \"Quantity\", \"UnitCost\", \"Value\", " +
                "\"SerialUnitId\", \"Batch\", \"Description\", \"SourceType\", \"SourceId\", \"SourceNumber\", \"SourceLineId\", \"Kind\") " +
                "VALUES (@product, @warehouse, @at, '0.0', '0.75', '0.75', @unit, NULL, @description, 'PurchaseOrder', 1, 'PO-00001', 1, 'Revalued')";
            movement.Parameters.AddWithValue("@product", productId);
            movement.Parameters.AddWithValue("@warehouse", floorWarehouseId);
            movement.Parameters.AddWithValue("@at", DateTime.UtcNow);
            var (mUnit, mDescription) = (movement.Parameters.Add("@unit", SqliteType.Integer), movement.Parameters.Add("@description", SqliteType.Text));
            movement.Prepare();
            foreach (var (id, serial) in ids)
            {
                uId.Value = id;
                if (unit.ExecuteNonQuery() != 1) throw new InvalidOperationException($"Unit {serial} was not in stock.");
                mUnit.Value = id;
                mDescription.Value = $"Landed cost 'Freight' on PO-00001 — serial {serial}";
                movement.ExecuteNonQuery();
            }
            tx.Commit();
            return clock.Elapsed;
        }

        Console.WriteLine("landedcost: warming up");
        for (var i = 0; i < 2; i++)
        {
            await ThroughApiAsync(5_000);
            await OnFloorAsync(5_000);
        }
        for (var i = 0; i < bench.Options.Repeat; i++)
        {
            TimeSpan apiTime;
            try { apiTime = await ThroughApiAsync(Units); }
            catch (ApiFailedException e)
            {
                bench.RecordFailure("landedcost", Units, e.Message);
                break;
            }
            bench.Record("landedcost", Units, apiTime, await OnFloorAsync(Units));
        }
    }
}
