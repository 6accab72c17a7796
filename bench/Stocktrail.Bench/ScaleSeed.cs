using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

/// <summary>
/// The big database of the scale scenario, generated in bulk and consistent with the ledger: every row of every table
/// follows from a fixed plan (no randomness that is not seeded), so the generator is run once per table, in the order
/// of the foreign keys, and each run writes only that table's rows: SQLite by one prepared insert in large
/// transactions, PostgreSQL by one binary COPY. Ids are given explicitly (the database is fresh); PostgreSQL's identity
/// sequences are moved past them afterwards.
///
/// The plan, in blocks laid one after another on a time line of two years (block k at start + k × slot, its events
/// inside its slot, so that ledger ids rise with time):
/// <list type="bullet">
/// <item>A serial block: one product, up to 1,000 units received on one purchase order; by the unit's number modulo 10:
/// 0–2 stay in stock, 3 dispatched, 4 transferred to another warehouse, 5 dispatched and returned by the customer,
/// 6 adjusted out, 7 used on a project and returned, 8 consumed by a production job that makes one assembly unit of
/// ten (stated component links), 9 revalued by a landed cost of 0.50.</item>
/// <item>A Fifo or batch block: one layer of 500 received on a purchase order, 5 returned to the supplier, 20
/// transferred (a new layer in the other warehouse), 40 dispatches of 10 on one sale, 5 returned by the customer (a new
/// layer), 3 adjusted out, 10 used on a project, 2 counted out by a stock take, then a landed cost of 0.10 a unit:
/// the layer's 60 left revalued, the 440 gone charged to cost of goods.</item>
/// </list>
/// Stock levels are the sums of the rows, accumulated while generating.
/// </summary>
sealed class ScaleSeed
{
    public const int Warehouses = 6, Suppliers = 50, Customers = 500, NormalSerialProducts = 900, AssemblyProducts = 100,
        FifoProducts = 1_000, BatchProducts = 1_000, NonStockProducts = 20, Dispatches = 40;
    public static readonly DateTime Start = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime End = new(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Each table's columns, in the order the generator gives values; the tables in the order they are written.</summary>
    public static readonly (string Table, string[] Columns)[] Tables =
    [
        ("Warehouses", ["Id", "Code", "CodeKey", "Name"]),
        ("Suppliers", ["Id", "Name"]),
        ("Customers", ["Id", "Name"]),
        ("Products", ["Id", "Sku", "SkuKey", "Name", "TrackingType", "CostPrice", "SellPrice", "IsActive", "CreatedAt", "SerialCounter"]),
        ("PurchaseOrders", ["Id", "Number", "SupplierId", "WarehouseId", "Status", "CreatedAt", "Version"]),
        ("PurchaseOrderLines", ["Id", "LineNumber", "ProductId", "PurchaseOrderId", "Quantity", "ReceivedQuantity", "ReturnedQuantity", "UnitCost"]),
        ("Receipts", ["Id", "PurchaseOrderId", "ReceivedAt"]),
        ("ReceiptLine", ["Id", "ReceiptId", "PurchaseOrderLineId", "Quantity"]),
        ("LandedCosts", ["Id", "PurchaseOrderId", "Description", "Amount", "AddedAt"]),
        ("StockSales", ["Id", "Number", "CustomerId", "WarehouseId", "Status", "CreatedAt", "Version"]),
        ("StockSaleLines", ["Id", "StockSaleId", "LineNumber", "ProductId", "Quantity", "UnitPrice", "DispatchedQuantity", "ReturnedQuantity"]),
        ("StockTransfers", ["Id", "Number", "FromWarehouseId", "ToWarehouseId", "CreatedAt"]),
        ("StockTransferLine", ["Id", "StockTransferId", "LineNumber", "ProductId", "Quantity"]),
        ("StockAdjustments", ["Id", "Number", "WarehouseId", "Reason", "EffectiveDate", "CreatedAt"]),
        ("StockAdjustmentLine", ["Id", "StockAdjustmentId", "LineNumber", "ProductId", "Direction", "Quantity", "UnitCost"]),
        ("Projects", ["Id", "Number", "Name", "CustomerId", "CreatedAt", "Version"]),
        ("ProductionJobs", ["Id", "Number", "OutputProductId", "Quantity", "WarehouseId", "Status", "ActualQuantity", "OutputUnitCost", "CreatedAt", "CompletedAt", "Version"]),
        ("MaterialMovements", ["Id", "OwnerType", "OwnerId", "WarehouseId", "ProductId", "Quantity", "Cost", "OccurredAt"]),
        ("StockTakes", ["Id", "Number", "WarehouseId", "Status", "CreatedAt", "ImportedRows", "CompletedAt", "Version"]),
        ("StockTakeLines", ["Id", "StockTakeId", "Row", "ProductId", "Kind", "SerialUnitId", "Serial", "Batch", "OnHand", "Counted", "UnitCost", "Value"]),
        ("SerialUnits", ["Id", "ProductId", "Serial", "SerialKey", "Status", "WarehouseId", "UnitCost"]),
        ("CostLayers", ["Id", "ProductId", "WarehouseId", "Batch", "BatchKey", "ReceivedAt", "Quantity", "Remaining", "UnitCost", "SourceType", "SourceId", "SourceLineId", "Version"]),
        ("StockMovements", ["Id", "Kind", "ProductId", "WarehouseId", "OccurredAt", "Quantity", "UnitCost", "Value", "SerialUnitId", "CostLayerId", "ReceiptId", "Batch", "Description", "SourceType", "SourceId", "SourceNumber", "SourceLineId"]),
        ("ComponentLinks", ["Id", "ProductionJobId", "OutputProductId", "OutputSerialUnitId", "OutputBatch", "ComponentProductId", "ComponentSerialUnitId", "ComponentBatch", "Quantity"]),
        ("StockLevels", ["ProductId", "WarehouseId", "OnHand", "Value", "Version"]),
    ];

    public ScaleSeed(int units, long rows)
    {
        UnitsPerNormal = (int)Math.Max(100, units * 9L / 10 / NormalSerialProducts / 100 * 100);
        HeavyUnits = (int)Math.Max(1_000, (units - NormalSerialProducts * UnitsPerNormal) / 1_000 * 1_000);
        var serialUnits = HeavyUnits + NormalSerialProducts * UnitsPerNormal;
        var serialRows = serialUnits * 2L + serialUnits / 100; // 20 rows per 10 units, and the assemblies made
        var perLayerBlock = Dispatches + 11;
        LayerBlocks = (int)Math.Max(FifoProducts + BatchProducts, (rows - serialRows + perLayerBlock - 1) / perLayerBlock);

        // The blocks, in a fixed shuffled order along the time line.
        var blocks = new List<Block>();
        for (var b = 0; b < HeavyUnits / 1_000; b++) blocks.Add(new Block(HeavyProductId, b, 1_000));
        for (var p = 0; p < NormalSerialProducts; p++)
        for (var b = 0; b < UnitsPerNormal / Math.Min(1_000, UnitsPerNormal); b++)
            blocks.Add(new Block(2 + p, b, Math.Min(1_000, UnitsPerNormal)));
        for (var l = 0; l < LayerBlocks; l++) blocks.Add(new Block(FirstFifoId + l % (FifoProducts + BatchProducts), l / (FifoProducts + BatchProducts), 500));
        var order = blocks.ToArray();
        new Random(20261202).Shuffle(order);
        _blocks = order;
        Slot = (End - Start) / _blocks.Length;
    }

    private readonly Block[] _blocks;
    private readonly record struct Block(int ProductId, int Index, int Size);

    public const int HeavyProductId = 1;
    public int UnitsPerNormal { get; }
    public int HeavyUnits { get; }
    public int LayerBlocks { get; }
    public TimeSpan Slot { get; }
    public static int FirstAssemblyId => 2 + NormalSerialProducts;
    public static int FirstFifoId => FirstAssemblyId + AssemblyProducts;
    public static int FirstBatchId => FirstFifoId + FifoProducts;
    public static int ProductCount => FirstBatchId + BatchProducts + NonStockProducts - 1;
    public static bool IsSerial(int productId) => productId < FirstFifoId;
    public static bool IsBatch(int productId) => productId >= FirstBatchId && productId < FirstBatchId + BatchProducts;
    public static string Sku(int productId) =>
        productId < FirstAssemblyId ? $"SER-{productId:D4}" : productId < FirstFifoId ? $"ASM-{productId - FirstAssemblyId + 1:D3}"
        : productId < FirstBatchId ? $"FIFO-{productId - FirstFifoId + 1:D4}" : productId < FirstBatchId + BatchProducts ? $"BAT-{productId - FirstBatchId + 1:D4}"
        : $"SVC-{productId - FirstBatchId - BatchProducts + 1:D3}";
    public static string Serial(int productId, int n) => $"{Sku(productId)}-{n:D7}";
    /// <summary>Costs in whole cents, so that every value is exact.</summary>
    public static decimal Cost(int productId) => 10m + productId % 90 + 0.25m;

    /// <summary>What the plan came to, counted while writing the movements.</summary>
    public long MovementRows { get; private set; }
    public long UnitRows { get; private set; }
    public int Documents { get; private set; }
    /// <summary>A serial of the heavy product that is in stock, one that went out, and the heavy product's receipt count.</summary>
    public string HeavyInStockSerial => Serial(HeavyProductId, HeavyUnits / 2 + 1);
    public string HeavyOutSerial => Serial(HeavyProductId, HeavyUnits / 2 + 4);

    /// <summary>Writes every table, one pass of the plan per table.</summary>
    public async Task WriteAsync(ITableSink sink, Action<string, long, TimeSpan>? progress = null)
    {
        foreach (var (table, columns) in Tables)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await sink.BeginAsync(table, columns);
            var written = Generate(table, sink);
            await sink.EndAsync();
            progress?.Invoke(table, written, clock.Elapsed);
        }
    }

    /// <summary>One pass of the plan; only the rows of <paramref name="table"/> go to the sink.</summary>
    private long Generate(string table, ITableSink sink)
    {
        long written = 0;
        bool T(string name) => name == table;
        void Add(params object?[] values) { sink.Add(values); written++; }

        if (T("Warehouses"))
            for (var w = 1; w <= Warehouses; w++) Add(w, $"WH{w}", $"WH{w}", $"Warehouse {w}");
        if (T("Suppliers"))
            for (var s = 1; s <= Suppliers; s++) Add(s, $"Supplier {s}");
        if (T("Customers"))
            for (var c = 1; c <= Customers; c++) Add(c, $"Customer {c}");
        if (T("Products"))
            for (var p = 1; p <= ProductCount; p++)
            {
                var type = IsSerial(p) ? "Serial" : p < FirstBatchId ? "Fifo" : IsBatch(p) ? "Batch" : "NonStock";
                Add(p, Sku(p), Sku(p), $"{type} product {p}", type, Cost(p), Cost(p) * 2, true, Start, 0L);
            }

        var levels = new Dictionary<(int, int), (decimal OnHand, decimal Value)>();
        long movementId = 0, unitId = 0, layerId = 0, linkId = 0;
        int po = 0, receipt = 0, landed = 0, sale = 0, transfer = 0, adjustment = 0, project = 0, job = 0, material = 0, take = 0, takeLine = 0;
        var movements = T("StockMovements");
        // Only the passes that write the ledger or the levels need the ledger rows (their descriptions cost most of a pass).
        var ledger = movements || T("StockLevels");

        void Move(string kind, int productId, int warehouseId, DateTime at, decimal quantity, decimal unitCost, decimal value, long? unit, long? layer,
            int? receiptId, string? batch, string description, string sourceType, int sourceId, string number, int? lineId)
        {
            movementId++;
            var key = (productId, warehouseId);
            var level = levels.GetValueOrDefault(key);
            levels[key] = (level.OnHand + quantity, level.Value + value);
            if (movements) Add(movementId, kind, productId, warehouseId, at, quantity, unitCost, value, unit, layer, receiptId, batch, description, sourceType, sourceId, number, lineId);
        }

        for (var k = 0; k < _blocks.Length; k++)
        {
            var block = _blocks[k];
            var t0 = Start + Slot * k;
            DateTime At(int step) => t0 + Slot * step / 64;
            var p = block.ProductId;
            var w = k % Warehouses + 1;
            var w2 = w % Warehouses + 1;
            var cost = Cost(p);
            var supplier = k % Suppliers + 1;
            var customer = k % Customers + 1;

            // The purchase order, its one line and its receipt.
            po++; receipt++;
            var poNumber = $"PO-{po:D5}";
            var poLine = po;
            var returnedToSupplier = IsSerial(p) ? 0 : 5;
            if (T("PurchaseOrders")) Add(po, poNumber, supplier, w, "Received", t0, 2);
            if (T("PurchaseOrderLines")) Add(poLine, 1, p, po, (decimal)block.Size, (decimal)block.Size, (decimal)returnedToSupplier, cost);
            if (T("Receipts")) Add(receipt, po, t0);
            if (T("ReceiptLine")) Add(receipt, receipt, poLine, (decimal)block.Size);
            sale++; transfer++; adjustment++; project++;
            var (ssNumber, trfNumber, adjNumber, prjNumber) = ($"SS-{sale:D5}", $"TRF-{transfer:D5}", $"ADJ-{adjustment:D5}", $"PRJ-{project:D5}");
            if (T("StockTransfers")) Add(transfer, trfNumber, w, w2, At(2));
            if (T("StockAdjustments")) Add(adjustment, adjNumber, w, "Damaged in store", At(5), At(5));
            if (T("Projects")) Add(project, prjNumber, $"Project {project}", customer, At(6), 2);
            if (T("PurchaseOrders")) Documents += 6;

            if (IsSerial(p))
            {
                var size = block.Size;
                var first = unitId + 1;
                var n = new int[10];
                for (var i = 0; i < size; i++) n[i % 10]++;
                int Number(int i) => block.Index * size + i + 1;
                var units = T("SerialUnits");
                // Received (step 0).
                for (var i = 0; i < size; i++)
                {
                    var u = first + i;
                    var pattern = i % 10;
                    if (units)
                    {
                        var inStock = pattern is not (3 or 6 or 8);
                        var where = pattern == 4 ? w2 : w;
                        Add(u, p, Serial(p, Number(i)), Serial(p, Number(i)), inStock ? "InStock" : "Out", inStock ? where : null, pattern == 9 ? cost + 0.5m : cost);
                    }
                    if (ledger) Move("Received", p, w, t0, 1m, cost, cost, u, null, receipt, null, $"Received on {poNumber}", "PurchaseOrder", po, poNumber, poLine);
                }
                unitId += size;
                if (units) UnitRows += size;
                // Transferred (4), step 2.
                if (T("StockTransferLine")) Add(transfer, transfer, 1, p, (decimal)n[4]);
                for (var i = 4; i < size; i += 10)
                {
                    if (ledger) Move("TransferredOut", p, w, At(2), -1m, cost, -cost, first + i, null, null, null, $"Transferred to WH{w2} on {trfNumber}", "StockTransfer", transfer, trfNumber, transfer);
                    if (ledger) Move("TransferredIn", p, w2, At(2), 1m, cost, cost, first + i, null, null, null, $"Transferred from WH{w} on {trfNumber}", "StockTransfer", transfer, trfNumber, transfer);
                }
                // Dispatched (3, 5), step 3; returned (5), step 4.
                if (T("StockSales")) Add(sale, ssNumber, customer, w, "Dispatched", At(3), 3);
                if (T("StockSaleLines")) Add(sale, sale, 1, p, (decimal)(n[3] + n[5]), cost * 2, (decimal)(n[3] + n[5]), (decimal)n[5]);
                for (var i = 0; i < size; i++)
                    if (i % 10 is 3 or 5)
                        if (ledger) Move("Dispatched", p, w, At(3), -1m, cost, -cost, first + i, null, null, null, $"Dispatched on {ssNumber} to Customer {customer}", "StockSale", sale, ssNumber, sale);
                for (var i = 5; i < size; i += 10)
                    if (ledger) Move("CustomerReturn", p, w, At(4), 1m, cost, cost, first + i, null, null, null, $"Returned by Customer {customer} on {ssNumber}", "StockSale", sale, ssNumber, sale);
                // Adjusted out (6), step 5.
                if (T("StockAdjustmentLine")) Add(adjustment, adjustment, 1, p, "Out", (decimal)n[6], null);
                for (var i = 6; i < size; i += 10)
                    if (ledger) Move("AdjustedOut", p, w, At(5), -1m, cost, -cost, first + i, null, null, null, $"Adjusted out on {adjNumber}: Damaged in store", "StockAdjustment", adjustment, adjNumber, adjustment);
                // Used on a project (7), step 6, and returned, step 7.
                material++;
                if (T("MaterialMovements")) Add(material, "Project", project, w, p, (decimal)n[7], n[7] * cost, At(6));
                var used = material;
                material++;
                if (T("MaterialMovements")) Add(material, "Project", project, w, p, -(decimal)n[7], -n[7] * cost, At(7));
                for (var i = 7; i < size; i += 10)
                    if (ledger) Move("Used", p, w, At(6), -1m, cost, -cost, first + i, null, null, null, $"Used on {prjNumber}", "Project", project, prjNumber, used);
                for (var i = 7; i < size; i += 10)
                    if (ledger) Move("MaterialReturned", p, w, At(7), 1m, cost, cost, first + i, null, null, null, $"Returned from {prjNumber}", "Project", project, prjNumber, material);
                // Consumed by a production job (8), step 8: one assembly unit of every ten consumed, stated component links.
                job++; material++;
                var jobNumber = $"JOB-{job:D5}";
                var assembly = FirstAssemblyId + k % AssemblyProducts;
                var outputs = n[8] / 10;
                var outputCost = cost * 10;
                if (T("ProductionJobs")) Add(job, jobNumber, assembly, (decimal)outputs, w, "Completed", (decimal)outputs, outputCost, At(8), At(9), 3);
                if (T("MaterialMovements")) Add(material, "ProductionJob", job, w, p, (decimal)n[8], n[8] * cost, At(8));
                if (T("PurchaseOrders")) Documents++;
                var consumed = new List<long>(n[8]);
                for (var i = 8; i < size; i += 10)
                {
                    consumed.Add(first + i);
                    if (ledger) Move("Consumed", p, w, At(8), -1m, cost, -cost, first + i, null, null, null, $"Consumed by {jobNumber}", "ProductionJob", job, jobNumber, material);
                }
                for (var o = 0; o < outputs; o++)
                {
                    var u = ++unitId;
                    if (units) UnitRows++;
                    var serial = $"{Sku(assembly)}-{job:D6}-{o + 1:D2}";
                    if (units) Add(u, assembly, serial, serial, "InStock", w, outputCost);
                    if (ledger) Move("Produced", assembly, w, At(9), 1m, outputCost, outputCost, u, null, null, null, $"Produced by {jobNumber}", "ProductionJob", job, jobNumber, null);
                    if (T("ComponentLinks"))
                        for (var c = 0; c < 10; c++) Add(++linkId, job, assembly, u, null, p, consumed[o * 10 + c], null, 1m);
                    else linkId += 10;
                }
                // A landed cost of 0.50 a unit on what is left (9), step 10.
                landed++;
                if (T("LandedCosts")) Add(landed, po, "Freight", n[9] * 0.5m, At(10));
                for (var i = 9; i < size; i += 10)
                    if (ledger) Move("Revalued", p, w, At(10), 0m, 0.5m, 0.5m, first + i, null, null, null, $"Landed cost on {poNumber}: Freight", "PurchaseOrder", po, poNumber, poLine);
                if (movements) MovementRows = movementId;
                continue;
            }

            // A Fifo or batch block.
            var batch = IsBatch(p) ? $"B{k:D7}" : null;
            const int received = 500, transferred = 20, returned = 5, adjusted = 3, usedOnProject = 10, counted = 2, perDispatch = 10;
            var layer = ++layerId;
            var remaining = received - returnedToSupplier - transferred - Dispatches * perDispatch - adjusted - usedOnProject - counted;
            var layers = T("CostLayers");
            if (layers) Add(layer, p, w, batch, batch, t0, (decimal)received, (decimal)remaining, cost + 0.1m, "PurchaseOrder", po, poLine, 9);
            if (ledger) Move("Received", p, w, t0, received, cost, received * cost, null, layer, receipt, batch, $"Received on {poNumber}", "PurchaseOrder", po, poNumber, poLine);
            if (ledger) Move("ReturnedToSupplier", p, w, At(1), -returnedToSupplier, cost, -returnedToSupplier * cost, null, layer, null, batch, $"Returned to Supplier {supplier} on {poNumber}", "PurchaseOrder", po, poNumber, poLine);
            // Transferred: out of the layer, into a new one in the other warehouse.
            if (T("StockTransferLine")) Add(transfer, transfer, 1, p, (decimal)transferred);
            if (ledger) Move("TransferredOut", p, w, At(2), -transferred, cost, -transferred * cost, null, layer, null, batch, $"Transferred to WH{w2} on {trfNumber}", "StockTransfer", transfer, trfNumber, transfer);
            var moved = ++layerId;
            if (layers) Add(moved, p, w2, batch, batch, At(2), (decimal)transferred, (decimal)transferred, cost, "StockTransfer", transfer, transfer, 0);
            if (ledger) Move("TransferredIn", p, w2, At(2), transferred, cost, transferred * cost, null, moved, null, batch, $"Transferred from WH{w} on {trfNumber}", "StockTransfer", transfer, trfNumber, transfer);
            // Dispatched in 40 dispatches of one sale line; 5 returned by the customer into a new layer.
            if (T("StockSales")) Add(sale, ssNumber, customer, w, "Dispatched", At(3), 2 + Dispatches);
            if (T("StockSaleLines")) Add(sale, sale, 1, p, (decimal)(Dispatches * perDispatch), cost * 2, (decimal)(Dispatches * perDispatch), (decimal)returned);
            for (var d = 0; d < Dispatches; d++)
                if (ledger) Move("Dispatched", p, w, At(3 + d), -perDispatch, cost, -perDispatch * cost, null, layer, null, batch, $"Dispatched on {ssNumber} to Customer {customer}", "StockSale", sale, ssNumber, sale);
            var back = ++layerId;
            if (layers) Add(back, p, w, batch, batch, At(44), (decimal)returned, (decimal)returned, cost, "StockSale", sale, sale, 0);
            if (ledger) Move("CustomerReturn", p, w, At(44), returned, cost, returned * cost, null, back, null, batch, $"Returned by Customer {customer} on {ssNumber}", "StockSale", sale, ssNumber, sale);
            // Adjusted out, used on a project, counted out.
            if (T("StockAdjustmentLine")) Add(adjustment, adjustment, 1, p, "Out", (decimal)adjusted, null);
            if (ledger) Move("AdjustedOut", p, w, At(45), -adjusted, cost, -adjusted * cost, null, layer, null, batch, $"Adjusted out on {adjNumber}: Damaged in store", "StockAdjustment", adjustment, adjNumber, adjustment);
            material++;
            if (T("MaterialMovements")) Add(material, "Project", project, w, p, (decimal)usedOnProject, usedOnProject * cost, At(46));
            if (ledger) Move("Used", p, w, At(46), -usedOnProject, cost, -usedOnProject * cost, null, layer, null, batch, $"Used on {prjNumber}", "Project", project, prjNumber, material);
            take++; takeLine++;
            var stNumber = $"ST-{take:D5}";
            if (T("PurchaseOrders")) Documents++;
            if (T("StockTakes")) Add(take, stNumber, w, "Completed", At(47), 1, At(48), 3);
            if (T("StockTakeLines")) Add(takeLine, take, 1, p, "Less", null, null, batch, (decimal)(remaining + counted), (decimal)remaining, cost, -counted * cost);
            if (ledger) Move("CountedOut", p, w, At(48), -counted, cost, -counted * cost, null, layer, null, batch, $"Counted on {stNumber}", "StockTake", take, stNumber, takeLine);
            // A landed cost of 0.10 a unit: what is left of the layer revalued, the share of what has gone to cost of goods.
            landed++;
            if (T("LandedCosts")) Add(landed, po, "Freight", received * 0.1m, At(49));
            var gone = received - remaining;
            if (ledger) Move("Revalued", p, w, At(49), 0m, 0.1m, remaining * 0.1m, null, layer, null, batch, $"Landed cost on {poNumber}: Freight", "PurchaseOrder", po, poNumber, poLine);
            if (ledger) Move("Revalued", p, w, At(49), 0m, 0.1m, gone * 0.1m, null, null, null, batch, $"Landed cost on {poNumber}: Freight, for units gone", "PurchaseOrder", po, poNumber, poLine);
            if (ledger) Move("ChargedToCostOfGoods", p, w, At(49), 0m, 0.1m, -gone * 0.1m, null, null, null, batch, $"Landed cost on {poNumber}: Freight, charged to cost of goods", "PurchaseOrder", po, poNumber, poLine);
            if (movements) MovementRows = movementId;
        }

        if (T("StockLevels"))
            foreach (var ((productId, warehouseId), (onHand, value)) in levels.OrderBy(l => l.Key))
                Add(productId, warehouseId, onHand, value, 1);
        return written;
    }
}

/// <summary>Where the seed's rows go: one table at a time.</summary>
interface ITableSink
{
    Task BeginAsync(string table, string[] columns);
    void Add(object?[] values);
    Task EndAsync();
}

/// <summary>SQLite: one prepared insert per table, a transaction every 200,000 rows.</summary>
sealed class SqliteSink(SqliteConnection connection) : ITableSink
{
    private SqliteCommand? _insert;
    private SqliteParameter[] _parameters = [];
    private SqliteTransaction? _tx;
    private int _inTransaction;
    private List<string> _indexes = [];

    public Task BeginAsync(string table, string[] columns)
    {
        // The table's indexes are made again once its rows are in: one sort each instead of a b-tree insert per row.
        _indexes = [];
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $t AND sql IS NOT NULL";
            read.Parameters.AddWithValue("$t", table);
            using var reader = read.ExecuteReader();
            while (reader.Read()) _indexes.Add(reader.GetString(1));
        }
        foreach (var name in _indexes.Select(sql => sql.Split('"')[1]))
            using (var drop = connection.CreateCommand())
            {
                drop.CommandText = $"DROP INDEX \"{name}\"";
                drop.ExecuteNonQuery();
            }
        _tx = connection.BeginTransaction();
        _insert = connection.CreateCommand();
        _insert.Transaction = _tx;
        _insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        _parameters = columns.Select((_, i) => _insert.Parameters.Add($"$p{i}", SqliteType.Text)).ToArray();
        _insert.Prepare();
        return Task.CompletedTask;
    }

    public void Add(object?[] values)
    {
        for (var i = 0; i < values.Length; i++) _parameters[i].Value = ToSqlite(values[i]);
        _insert!.ExecuteNonQuery();
        if (++_inTransaction < 200_000) return;
        _tx!.Commit();
        _tx = connection.BeginTransaction();
        _insert.Transaction = _tx;
        _inTransaction = 0;
    }

    public Task EndAsync()
    {
        _tx!.Commit();
        _insert!.Dispose();
        _inTransaction = 0;
        foreach (var sql in _indexes)
            using (var create = connection.CreateCommand())
            {
                create.CommandText = sql;
                create.ExecuteNonQuery();
            }
        return Task.CompletedTask;
    }

    /// <summary>As EF Core stores them in SQLite: decimals as text, times as text, booleans as integers.</summary>
    private static object ToSqlite(object? value) => value switch
    {
        null => DBNull.Value,
        decimal d => d.ToString("0.0###########################", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        bool b => b ? 1L : 0L,
        int i => (long)i,
        _ => value,
    };
}

/// <summary>PostgreSQL: one binary COPY per table, in one transaction; each column written as the type the schema gives it.</summary>
sealed class PostgresSink(NpgsqlConnection connection) : ITableSink
{
    private NpgsqlBinaryImporter? _copy;
    private NpgsqlDbType[] _types = [];
    private readonly List<string> _indexes = [];

    public async Task BeginAsync(string table, string[] columns)
    {
        // The table's indexes (other than its keys) are made again once its rows are in, as a bulk load does.
        _indexes.Clear();
        var names = new List<string>();
        await using (var read = new NpgsqlCommand(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() AND i.tablename = $1 " +
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)", connection) { Parameters = { new() { Value = table } } })
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync()) { names.Add(reader.GetString(0)); _indexes.Add(reader.GetString(1)); }
        foreach (var name in names)
            await using (var drop = new NpgsqlCommand($"DROP INDEX \"{name}\"", connection)) await drop.ExecuteNonQueryAsync();

        var types = new Dictionary<string, string>();
        await using (var read = new NpgsqlCommand("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1", connection) { Parameters = { new() { Value = table } } })
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync()) types[reader.GetString(0)] = reader.GetString(1);
        _types = columns.Select(c => types[c] switch
        {
            "integer" => NpgsqlDbType.Integer,
            "bigint" => NpgsqlDbType.Bigint,
            "numeric" => NpgsqlDbType.Numeric,
            "text" => NpgsqlDbType.Text,
            "character varying" => NpgsqlDbType.Varchar,
            "boolean" => NpgsqlDbType.Boolean,
            "timestamp with time zone" => NpgsqlDbType.TimestampTz,
            "timestamp without time zone" => NpgsqlDbType.Timestamp,
            "date" => NpgsqlDbType.Date,
            var other => throw new InvalidOperationException($"{table}.{c} is {other}: the scale seed does not write that type."),
        }).ToArray();
        _copy = await connection.BeginBinaryImportAsync($"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)");
    }

    public void Add(object?[] values)
    {
        _copy!.StartRow();
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (value is null) { _copy.WriteNull(); continue; }
            switch (_types[i])
            {
                case NpgsqlDbType.Integer: _copy.Write(Convert.ToInt32(value, CultureInfo.InvariantCulture), NpgsqlDbType.Integer); break;
                case NpgsqlDbType.Bigint: _copy.Write(Convert.ToInt64(value, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint); break;
                case NpgsqlDbType.Numeric: _copy.Write(Convert.ToDecimal(value, CultureInfo.InvariantCulture), NpgsqlDbType.Numeric); break;
                case NpgsqlDbType.Text or NpgsqlDbType.Varchar: _copy.Write((string)value, _types[i]); break;
                case NpgsqlDbType.TimestampTz or NpgsqlDbType.Timestamp: _copy.Write((DateTime)value, _types[i]); break;
                case NpgsqlDbType.Boolean: _copy.Write((bool)value, NpgsqlDbType.Boolean); break;
                default: _copy.Write(value, _types[i]); break;
            }
        }
    }

    public async Task EndAsync()
    {
        await _copy!.CompleteAsync();
        await _copy.DisposeAsync();
        foreach (var sql in _indexes)
            await using (var create = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 }) await create.ExecuteNonQueryAsync();
    }
}
