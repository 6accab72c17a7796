using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stocktrail.Tests.Infrastructure;
using static Stocktrail.Tests.Properties.StockModel;
using Kind = Stocktrail.Tests.Properties.StockPropertyTests.Kind;
using Step = Stocktrail.Tests.Properties.StockPropertyTests.Step;

namespace Stocktrail.Tests.Properties;

/// <summary>
/// One generated sequence: its own two warehouses and three products (Fifo, Serial, Batch), a model of what their stock
/// should be, each step turned into requests, and the checks made after every step.
/// </summary>
public sealed class StockScenario(Api api)
{
    private static readonly decimal[] Costs = [1.5m, 2m, 3.25m, 4m, 7.1m];
    private static readonly string[] BatchCodes = ["LOT-1", "LOT-2", "LOT-3"];
    private static readonly string[] TrackingTypes = ["Fifo", "Serial", "Batch"];

    private readonly StockModel _model = new();
    private readonly List<string> _log = [];
    private int[] _warehouses = [];
    private int[] _products = [];
    private int _customer, _project, _nextSerial = 1;
    private readonly int[] _orders = new int[2];
    /// <summary>The line of the sequence's purchase order into each warehouse for each product and cost: receipts take parts of them.</summary>
    private readonly Dictionary<(int Warehouse, int Product, decimal Cost), int> _orderLines = [];
    /// <summary>One sale per product and warehouse, dispatched and returned in parts.</summary>
    private readonly Dictionary<(int Product, int Warehouse), SaleModel> _sales = [];

    /// <summary>How many step requests were accepted and refused, over all sequences: shows that both kinds are exercised.</summary>
    public static int Accepted, Refused;

    public async Task SetUpAsync()
    {
        _warehouses = [await api.Warehouse(), await api.Warehouse()];
        _products = [await api.Product("Fifo"), await api.Product("Serial"), await api.Product("Batch")];
        _customer = await api.Customer();
        var supplier = await api.Supplier();
        for (var w = 0; w < 2; w++)
        {
            var order = await api.PostOk("/api/purchase-orders", new
            {
                supplierId = supplier,
                warehouseId = _warehouses[w],
                lines = _products.SelectMany(p => Costs.Select(c => new { productId = p, quantity = 100_000m, unitCost = c })).ToArray(),
            });
            _orders[w] = (int)order["id"]!;
            var lineIds = order["lines"]!.AsArray().Select(l => (int)l!["id"]!).ToList();
            for (var p = 0; p < _products.Length; p++)
            for (var c = 0; c < Costs.Length; c++)
                _orderLines[(w, p, Costs[c])] = lineIds[p * Costs.Length + c];
            await api.PostOk($"/api/purchase-orders/{_orders[w]}/approve", new { }, System.Net.HttpStatusCode.OK);
        }
        _project = (int)(await api.PostOk("/api/projects", new { name = Api.Unique("Project") }))["id"]!;
    }

    public async Task RunAsync(IReadOnlyList<Step> steps)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            _log.Add($"step {i + 1}: {steps[i]}");
            try
            {
                await ApplyAsync(steps[i]);
                await CheckAsync(i == steps.Count - 1 ? [Fifo, Serial, Batch] : [steps[i].Product]);
            }
            catch (Exception e) when (e is not StepFailedException)
            {
                throw new StepFailedException(
                    $"Step {i + 1} of {steps.Count} ({steps[i]}) failed: {e.Message}\nWarehouses {string.Join(", ", _warehouses)}; products " +
                    $"{string.Join(", ", _products.Select((p, n) => $"{TrackingTypes[n]} {p}"))}.\nWhat the sequence did:\n  {string.Join("\n  ", _log)}", e);
            }
        }
    }

    private sealed class StepFailedException(string message, Exception inner) : Exception(message, inner);

    // ---------------------------------------------------------------- steps

    private Task ApplyAsync(Step step) => step.Kind switch
    {
        Kind.Receive => ReceiveAsync(step),
        Kind.AdjustIn => AdjustInAsync(step),
        Kind.CustomerReturn => CustomerReturnAsync(step),
        _ => OutAsync(step),
    };

    /// <summary>What an out step takes: a quantity, the serials or batches named, and (for the model) the units or batch keys.</summary>
    private sealed record OutPlan(decimal Quantity, List<Unit> Units, string[]? Serials, List<(string Key, string Typed, decimal Quantity)> Batches)
    {
        public object[]? BatchBody => Batches.Count == 0 ? null : Batches.Select(b => (object)new { batch = b.Typed, quantity = b.Quantity }).ToArray();
    }

    private async Task ReceiveAsync(Step step)
    {
        var (p, w) = (step.Product, step.Warehouse);
        var cost = Costs[step.Pick % Costs.Length];
        var (quantity, serials, batches, bad) = IncomingLines(step);
        // A bad Fifo receipt names a batch for a product that has none.
        var batchBody = bad && p == Fifo ? [new { batch = BatchCodes[0], quantity }] : BatchBody(batches);
        var body = new { lines = new[] { new { lineId = _orderLines[(w, p, cost)], quantity, serials, batches = batchBody } } };
        await SendAsync($"receive {quantity} of {TrackingTypes[p]} into w{w} at {cost}", $"/api/purchase-orders/{_orders[w]}/receipts", body, !bad,
            () => ApplyIn(p, w, quantity, cost, serials, batches));
    }

    private async Task AdjustInAsync(Step step)
    {
        var (p, w) = (step.Product, step.Warehouse);
        var cost = Costs[step.Pick % Costs.Length];
        var (quantity, serials, batches, bad) = IncomingLines(step);
        var unitCost = bad && p == Fifo ? -cost : cost;
        var body = new
        {
            warehouseId = _warehouses[w],
            reason = "Found in a property test",
            lines = new[] { new { productId = _products[p], direction = "In", quantity, unitCost, serials, batches = BatchBody(batches) } },
        };
        await SendAsync($"adjust in {quantity} of {TrackingTypes[p]} into w{w} at {unitCost}", "/api/stock-adjustments", body, !bad,
            () => ApplyIn(p, w, quantity, cost, serials, batches));
    }

    /// <summary>
    /// The quantity, serials and batches of a receipt or adjustment in. New serials, or a unit that is out coming back;
    /// batches split across one or two codes. A bad step gives a serial already in stock (or one serial short), batches
    /// that do not add up (or a blank code); for Fifo the caller makes it bad.
    /// </summary>
    private (decimal Quantity, string[]? Serials, List<(string Key, string Typed, decimal Quantity)> Batches, bool Bad) IncomingLines(Step step)
    {
        var batches = new List<(string, string, decimal)>();
        switch (step.Product)
        {
            case Serial:
            {
                var quantity = Math.Min(step.Amount, 3);
                var serials = new List<string>();
                var outUnits = _model.Units.Where(u => u.Warehouse is null).ToList();
                if (step.Pick % 3 == 0 && outUnits.Count > 0) serials.Add(outUnits[step.Pick % outUnits.Count].Serial);
                while (serials.Count < quantity) serials.Add($"SN-{_nextSerial++:D4}");
                if (!step.Bad) return (quantity, serials.ToArray(), batches, false);
                var inStock = _model.Units.Where(u => u.Warehouse is not null).ToList();
                if (inStock.Count > 0)
                {
                    // Already in stock, typed in another letter case: still the same unit.
                    serials[0] = inStock[step.Pick % inStock.Count].Serial.ToLowerInvariant();
                    return (quantity, serials.ToArray(), batches, true);
                }
                return (quantity + 1, serials.ToArray(), batches, true);
            }
            case Batch:
            {
                var first = BatchCodes[step.Pick % BatchCodes.Length];
                var second = BatchCodes[step.Pick / 3 % BatchCodes.Length];
                if (step.Amount >= 2 && first != second)
                {
                    var part = step.Amount / 2;
                    batches.Add((first, first, part));
                    batches.Add((second, second.ToLowerInvariant(), step.Amount - part));
                }
                else batches.Add((first, first, step.Amount));
                if (!step.Bad) return (step.Amount, null, batches, false);
                if (step.Pick % 2 == 0) return (step.Amount + 1, null, batches, true);
                batches.Add(("", "  ", 1));
                return (step.Amount + 1, null, batches, true);
            }
            default:
                return (step.Amount, null, batches, step.Bad);
        }
    }

    private void ApplyIn(int p, int w, decimal quantity, decimal cost, string[]? serials, List<(string Key, string Typed, decimal Quantity)> batches)
    {
        switch (p)
        {
            case Serial:
                foreach (var serial in serials!)
                {
                    var unit = _model.Units.FirstOrDefault(u => u.Key == serial.ToUpperInvariant());
                    if (unit is null) _model.Units.Add(new Unit(serial, w, cost));
                    else
                    {
                        Assert.Null(unit.Warehouse);
                        (unit.Warehouse, unit.UnitCost, unit.OutOnSale) = (w, cost, null);
                    }
                }
                break;
            case Batch:
                foreach (var (key, _, q) in batches) _model.AddLayer(Batch, w, key, q, cost);
                break;
            default:
                _model.AddLayer(Fifo, w, "", quantity, cost);
                break;
        }
    }

    /// <summary>Project use, dispatch, adjustment out and transfer: stock leaves warehouse w.</summary>
    private async Task OutAsync(Step step)
    {
        var (p, w) = (step.Product, step.Warehouse);
        var plan = step.Bad ? BadOut(step) : PlanOut(step);
        if (plan is null)
        {
            // Nothing to take: bring stock in instead, so that the sequence goes on doing something useful.
            await ReceiveAsync(step with { Kind = Kind.Receive });
            return;
        }
        var wh = _warehouses[w];
        var line = new { productId = _products[p], quantity = plan.Quantity, serials = plan.Serials, batches = plan.BatchBody };
        var what = $"{plan.Quantity} of {TrackingTypes[p]} from w{w}{Describe(plan)}";
        switch (step.Kind)
        {
            case Kind.Use:
                await SendAsync($"use {what}", $"/api/projects/{_project}/materials", new { warehouseId = wh, lines = new[] { line } }, !step.Bad,
                    () => ApplyOut(p, w, plan).Cost, costOf: TotalCost);
                break;
            case Kind.AdjustOut:
                await SendAsync($"adjust out {what}", "/api/stock-adjustments",
                    new { warehouseId = wh, reason = "Written off in a property test", lines = new[] { new { line.productId, direction = "Out", line.quantity, line.serials, line.batches } } },
                    !step.Bad, () => ApplyOut(p, w, plan).Cost, costOf: LineCost);
                break;
            case Kind.Transfer:
                await SendAsync($"transfer {what} to w{1 - w}", "/api/stock-transfers",
                    new { fromWarehouseId = wh, toWarehouseId = _warehouses[1 - w], lines = new[] { line } }, !step.Bad,
                    () => ApplyTransfer(p, w, plan), costOf: LineCost);
                break;
            default:
                var sale = await SaleAsync(p, w);
                await SendAsync($"dispatch {what} on sale {sale.Id}", $"/api/stock-sales/{sale.Id}/dispatches",
                    new { lines = new[] { new { lineId = sale.LineId, quantity = plan.Quantity, serials = plan.Serials, batches = plan.BatchBody } } }, !step.Bad,
                    () => ApplyDispatch(sale, plan), costOf: TotalCost);
                break;
        }
    }

    private async Task<SaleModel> SaleAsync(int p, int w)
    {
        if (_sales.TryGetValue((p, w), out var known)) return known;
        var sale = await api.PostOk("/api/stock-sales", new
        {
            customerId = _customer,
            warehouseId = _warehouses[w],
            lines = new[] { new { productId = _products[p], quantity = 100_000m, unitPrice = 10m } },
        });
        var model = new SaleModel((int)sale["id"]!, (int)sale["lines"]![0]!["id"]!, p, w);
        _model.Sales.Add(model);
        return _sales[(p, w)] = model;
    }

    private static string Describe(OutPlan plan) =>
        plan.Serials is { } s ? $" [{string.Join(", ", s)}]"
        : plan.Batches.Count > 0 ? $" [{string.Join(", ", plan.Batches.Select(b => $"{b.Typed}: {b.Quantity}"))}]"
        : "";

    /// <summary>A valid take from warehouse w, or null when it holds nothing of the product.</summary>
    private OutPlan? PlanOut(Step step)
    {
        var (p, w) = (step.Product, step.Warehouse);
        switch (p)
        {
            case Serial:
            {
                var units = _model.UnitsIn(w);
                if (units.Count == 0) return null;
                var quantity = Math.Min(Math.Min(step.Amount, units.Count), 3);
                var chosen = Enumerable.Range(0, quantity).Select(i => units[(step.Pick + i) % units.Count]).ToList();
                var typed = chosen.Select(u => step.Pick % 5 == 0 ? $" {u.Serial.ToLowerInvariant()}" : u.Serial).ToArray();
                return new OutPlan(quantity, chosen, typed, []);
            }
            case Batch:
            {
                var codes = _model.BatchesIn(w);
                if (codes.Count == 0) return null;
                var batches = new List<(string, string, decimal)>();
                var first = codes[step.Pick % codes.Count];
                var take = Math.Min(step.Amount, _model.Held(Batch, w, first));
                batches.Add((first, step.Pick % 4 == 0 ? first.ToLowerInvariant() : first, take));
                if (codes.Count > 1 && step.Pick % 2 == 1)
                {
                    var second = codes[(step.Pick + 1) % codes.Count];
                    batches.Add((second, second, Math.Min(2, _model.Held(Batch, w, second))));
                }
                return new OutPlan(batches.Sum(b => b.Item3), [], null, batches);
            }
            default:
            {
                var held = _model.Held(Fifo, w);
                return held == 0 ? null : new OutPlan(Math.Min(step.Amount, held), [], null, []);
            }
        }
    }

    /// <summary>A take the app must refuse: an unknown serial or one not in that warehouse, more than the warehouse or batch holds.</summary>
    private OutPlan BadOut(Step step)
    {
        var (p, w) = (step.Product, step.Warehouse);
        switch (p)
        {
            case Serial:
            {
                var notHere = _model.Units.Where(u => u.Warehouse != w).ToList();
                var serial = step.Pick % 2 == 0 || notHere.Count == 0 ? $"NOPE-{step.Pick}" : notHere[step.Pick % notHere.Count].Serial;
                return new OutPlan(1, [], [serial], []);
            }
            case Batch:
            {
                var code = BatchCodes[step.Pick % BatchCodes.Length];
                return new OutPlan(_model.Held(Batch, w, code) + step.Amount, [], null, [(code, code, _model.Held(Batch, w, code) + step.Amount)]);
            }
            default:
                return new OutPlan(_model.Held(Fifo, w) + step.Amount, [], null, []);
        }
    }

    /// <summary>Takes the plan out of the model; returns what it cost (each serial its own cost, layers oldest first).</summary>
    private (decimal Cost, List<(string Key, decimal Quantity, decimal UnitCost)> Parts) ApplyOut(int p, int w, OutPlan plan)
    {
        var parts = new List<(string, decimal, decimal)>();
        switch (p)
        {
            case Serial:
                foreach (var unit in plan.Units)
                {
                    Assert.Equal(w, unit.Warehouse);
                    (unit.Warehouse, unit.OutOnSale) = (null, null);
                    parts.Add((unit.Key, 1, unit.UnitCost));
                }
                break;
            case Batch:
                foreach (var (key, _, quantity) in plan.Batches)
                    parts.AddRange(_model.Take(Batch, w, key, quantity).Select(t => (key, t.Quantity, t.UnitCost)));
                break;
            default:
                parts.AddRange(_model.Take(Fifo, w, "", plan.Quantity).Select(t => ("", t.Quantity, t.UnitCost)));
                break;
        }
        return (parts.Sum(t => t.Item2 * t.Item3), parts);
    }

    private decimal ApplyTransfer(int p, int w, OutPlan plan)
    {
        var (cost, parts) = ApplyOut(p, w, plan);
        if (p == Serial)
            foreach (var unit in plan.Units) unit.Warehouse = 1 - w;
        else
            foreach (var (key, quantity, unitCost) in parts) _model.AddLayer(p, 1 - w, key, quantity, unitCost);
        return cost;
    }

    private decimal ApplyDispatch(SaleModel sale, OutPlan plan)
    {
        var (cost, parts) = ApplyOut(sale.Product, sale.Warehouse, plan);
        sale.Dispatched += plan.Quantity;
        if (sale.Product == Serial)
            foreach (var unit in plan.Units) unit.OutOnSale = sale;
        else
            foreach (var (key, quantity, unitCost) in parts)
            {
                var (q, v) = sale.NetOut.GetValueOrDefault(key);
                sale.NetOut[key] = (q + quantity, v + quantity * unitCost);
            }
        return cost;
    }

    private async Task CustomerReturnAsync(Step step)
    {
        var p = step.Product;
        var sales = _model.Sales.Where(s => s.Product == p && s.Returnable > 0 && (p == Serial
            ? _model.Units.Any(u => u.OutOnSale == s)
            : s.NetOut.Values.Any(n => n.Quantity > 0))).ToList();
        if (step.Bad)
        {
            var any = _model.Sales.Where(s => s.Product == p).ToList();
            if (any.Count == 0)
            {
                await OutAsync(step with { Kind = Kind.Use });
                return;
            }
            var refused = any[step.Pick % any.Count];
            var quantity = p == Serial ? 1 : refused.Returnable + step.Amount;
            var code = refused.NetOut.Keys.FirstOrDefault(k => k.Length > 0) ?? BatchCodes[0];
            var body = new
            {
                lines = new[]
                {
                    new
                    {
                        lineId = refused.LineId,
                        quantity,
                        serials = p == Serial ? new[] { $"NOPE-{step.Pick}" } : null,
                        batches = p == Batch ? new[] { new { batch = code, quantity } } : null,
                    },
                },
            };
            await SendAsync($"return {quantity} of {TrackingTypes[p]} on sale {refused.Id}", $"/api/stock-sales/{refused.Id}/returns", body, valid: false, () => { });
            return;
        }
        if (sales.Count == 0)
        {
            // Nothing out on a sale to come back: sell something instead.
            await OutAsync(step with { Kind = Kind.Dispatch });
            return;
        }

        var sale = sales[step.Pick % sales.Count];
        var serials = (string[]?)null;
        var batches = new List<(string Key, decimal Quantity)>();
        decimal returned;
        List<Unit> units = [];
        if (p == Serial)
        {
            var out_ = _model.Units.Where(u => u.OutOnSale == sale).ToList();
            returned = Math.Min(Math.Min(step.Amount, out_.Count), sale.Returnable);
            units = out_.Take((int)returned).ToList();
            serials = units.Select(u => u.Serial).ToArray();
        }
        else
        {
            var keys = sale.NetOut.Where(n => n.Value.Quantity > 0).Select(n => n.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
            var key = keys[step.Pick % keys.Count];
            returned = Math.Min(Math.Min(step.Amount, sale.NetOut[key].Quantity), sale.Returnable);
            batches.Add((key, returned));
        }
        var body2 = new
        {
            lines = new[]
            {
                new
                {
                    lineId = sale.LineId,
                    quantity = returned,
                    serials,
                    batches = p == Batch ? batches.Select(b => new { batch = b.Key.ToLowerInvariant(), quantity = b.Quantity }).ToArray() : null,
                },
            },
        };
        await SendAsync($"return {returned} of {TrackingTypes[p]} on sale {sale.Id}{(serials is null ? "" : $" [{string.Join(", ", serials)}]")}{string.Concat(batches.Select(b => $" [{b.Key}: {b.Quantity}]"))}",
            $"/api/stock-sales/{sale.Id}/returns", body2, valid: true, () =>
            {
                sale.Returned += returned;
                if (p == Serial)
                {
                    foreach (var unit in units) (unit.Warehouse, unit.OutOnSale) = (sale.Warehouse, null);
                    return units.Sum(u => u.UnitCost);
                }
                var cost = 0m;
                foreach (var (key, quantity) in batches)
                {
                    // Back at the average cost it left this sale at, as the app's return picker works it out.
                    var (taken, value) = sale.NetOut[key];
                    var unitCost = Math.Round(value / taken, 6);
                    _model.AddLayer(p, sale.Warehouse, key, quantity, unitCost);
                    sale.NetOut[key] = (taken - quantity, value - quantity * unitCost);
                    cost += quantity * unitCost;
                }
                return cost;
            }, costOf: TotalCost);
    }

    private static object[]? BatchBody(List<(string Key, string Typed, decimal Quantity)> batches) =>
        batches.Count == 0 ? null : batches.Select(b => (object)new { batch = b.Typed, quantity = b.Quantity }).ToArray();

    private Task SendAsync(string what, string path, object body, bool valid, Action apply) =>
        SendAsync(what, path, body, valid, () => { apply(); return 0m; }, costOf: null);

    /// <summary>Where an answer says what the step cost: the document's total, or its only line's.</summary>
    private static JsonNode? TotalCost(JsonNode answer) => answer["totalCost"];
    private static JsonNode? LineCost(JsonNode answer) => answer["lines"]![0]!["totalCost"];

    /// <summary>
    /// Posts one step's request. A valid step must succeed (and, where the answer carries its cost of goods, cost what
    /// the model says); the model then follows it. A bad step must be refused with a 4xx problem and change nothing.
    /// </summary>
    private async Task SendAsync(string what, string path, object body, bool valid, Func<decimal> apply, Func<JsonNode, JsonNode?>? costOf)
    {
        var before = valid ? null : await SnapshotAsync();
        var response = await api.Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        _log.Add($"  {(valid ? "" : "(must be refused) ")}{what}: POST {path} {JsonSerializer.Serialize(body)} → {status}");
        if (valid) Accepted++; else Refused++;
        if (valid)
        {
            Assert.True(response.IsSuccessStatusCode, $"{what} should have been accepted; POST {path} answered {status}: {text}");
            var cost = apply();
            if (costOf is not null)
            {
                var answered = costOf(JsonNode.Parse(text)!);
                Assert.True(answered is not null && cost == (decimal)answered, $"{what} cost {answered}; the model says {cost}. {text}");
            }
        }
        else
        {
            Assert.True(status is 400 or 409, $"{what} should have been refused with 400 or 409; POST {path} answered {status}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(before, await SnapshotAsync());
        }
    }

    // ---------------------------------------------------------------- checks

    /// <summary>Stock, serials, batches and the number of ledger rows of the three products: what a refused step must not change.</summary>
    private async Task<string> SnapshotAsync()
    {
        var parts = new List<string>();
        foreach (var product in _products)
        {
            parts.Add((await api.Stock(product)).ToJsonString());
            parts.Add((await api.Get($"/api/products/{product}/serials")).ToJsonString());
            parts.Add((await api.Get($"/api/products/{product}/batches")).ToJsonString());
            parts.Add($"movements: {(await api.Movements(product)).Count}");
        }
        return string.Join("\n", parts);
    }

    /// <summary>
    /// The checks after a step: of the product it moved (every product after the last step), and the ledger check of
    /// everything. A step only moves its own product, so the others were checked when they last moved.
    /// </summary>
    private async Task CheckAsync(int[] products)
    {
        foreach (var p in products)
        {
            var product = _products[p];
            var name = $"{TrackingTypes[p]} product {product}";
            var stock = await api.Stock(product);
            var perWarehouse = stock["warehouses"]!.AsArray().ToDictionary(x => (int)x!["warehouseId"]!, x => ((decimal)x!["onHand"]!, (decimal)x["value"]!));
            var movements = (await api.Get($"/api/products/{product}/movements?pageSize=10000"))["items"]!.AsArray().Select(m => m!).ToList();
            for (var w = 0; w < 2; w++)
            {
                var (onHand, value) = perWarehouse.GetValueOrDefault(_warehouses[w]);
                Assert.True(onHand >= 0, $"{name}: on hand in w{w} is {onHand}, below zero.");
                Assert.True(onHand == _model.OnHand(p, w), $"{name}: on hand in w{w} is {onHand}; the model says {_model.OnHand(p, w)}.");
                Assert.True(value == _model.Value(p, w), $"{name}: value in w{w} is {value}; the remaining layers (or units) of the model are worth {_model.Value(p, w)}.");
                var rows = movements.Where(m => (int)m["warehouseId"]! == _warehouses[w]).ToList();
                var ledgerOnHand = rows.Sum(m => (decimal)m["quantity"]!);
                var ledgerValue = rows.Sum(m => (decimal)m["quantity"]! * (decimal)m["unitCost"]!);
                Assert.True(ledgerOnHand == onHand, $"{name}: on hand in w{w} is {onHand}; its ledger rows add up to {ledgerOnHand}.");
                Assert.True(ledgerValue == value, $"{name}: value in w{w} is {value}; its ledger rows add up to {ledgerValue}.");
            }
            Assert.True((decimal)stock["onHand"]! == perWarehouse.Values.Sum(x => x.Item1), $"{name}: the total on hand is not the sum of its warehouses.");
            Assert.True((decimal)stock["value"]! == perWarehouse.Values.Sum(x => x.Item2), $"{name}: the total value is not the sum of its warehouses.");

            if (p == Serial) await CheckSerialsAsync(product, name, perWarehouse);
            if (p == Batch) await CheckBatchesAsync(product, name);
        }
        await api.AssertLedgerConsistent();
    }

    private async Task CheckSerialsAsync(int product, string name, Dictionary<int, (decimal OnHand, decimal Value)> perWarehouse)
    {
        var all = (await api.Get($"/api/products/{product}/serials"))["items"]!.AsArray().Select(i => i!).ToList();
        var keys = all.Select(i => ((string)i["serial"]!).ToUpperInvariant()).ToList();
        Assert.True(keys.Count == keys.Distinct().Count(), $"{name}: a serial is listed twice (in two places): {string.Join(", ", keys)}.");
        var inStock = all.Where(i => (string)i["status"]! == "InStock").ToList();
        Assert.All(all.Where(i => (string)i["status"]! != "InStock"), i => Assert.Null(i["warehouseId"]));
        for (var w = 0; w < 2; w++)
        {
            var here = inStock.Where(i => (int?)i["warehouseId"] == _warehouses[w])
                .Select(i => $"{((string)i["serial"]!).ToUpperInvariant()} at {(decimal)i["unitCost"]!}").Order(StringComparer.Ordinal).ToList();
            Assert.True(here.Count == perWarehouse.GetValueOrDefault(_warehouses[w]).OnHand,
                $"{name}: {here.Count} serial units are in stock in w{w}, but its on hand is {perWarehouse.GetValueOrDefault(_warehouses[w]).OnHand}.");
            var expected = _model.UnitsIn(w).Select(u => $"{u.Key} at {u.UnitCost}").Order(StringComparer.Ordinal).ToList();
            Assert.True(expected.SequenceEqual(here), $"{name}: in w{w} the app has [{string.Join(", ", here)}]; the model [{string.Join(", ", expected)}].");
        }
        Assert.True(inStock.All(i => _warehouses.Contains((int)i["warehouseId"]!)), $"{name}: a unit is in stock in a warehouse the sequence never used.");
        var outKeys = all.Where(i => (string)i["status"]! != "InStock").Select(i => ((string)i["serial"]!).ToUpperInvariant()).Order(StringComparer.Ordinal);
        Assert.Equal(_model.Units.Where(u => u.Warehouse is null).Select(u => u.Key).Order(StringComparer.Ordinal), outKeys);
    }

    private async Task CheckBatchesAsync(int product, string name)
    {
        var listed = (await api.Get($"/api/products/{product}/batches"))["items"]!.AsArray()
            .Select(i => ($"{((string)i!["batch"]!).ToUpperInvariant()} in {Array.IndexOf(_warehouses, (int)i["warehouseId"]!)}", (decimal)i["onHand"]!))
            .OrderBy(b => b.Item1, StringComparer.Ordinal).ToList();
        var expected = _model.Batches().Select(b => ($"{b.Key.Batch} in {b.Key.Warehouse}", b.Value)).OrderBy(b => b.Item1, StringComparer.Ordinal).ToList();
        Assert.True(expected.SequenceEqual(listed),
            $"{name}: the batches listed are [{string.Join(", ", listed)}]; the model has [{string.Join(", ", expected)}].");
    }
}
