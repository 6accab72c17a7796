using System.Net;
using System.Net.Http.Json;
using CsCheck;
using Stocktrail.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Stocktrail.Tests.Properties;

/// <summary>
/// Random sequences of the documents that revalue, rename and rebuild stock: receipts of a Fifo and a serialized
/// product, landed costs on their order, serial corrections, materials used on a project and returned from it,
/// materials consumed by production jobs that complete into stock, dispatches, and returns to the supplier. After every step the ledger check
/// must find nothing (levels, every layer's remaining and cost, every serial's place and cost rebuilt from the ledger)
/// and the stock must be what the steps moved. <see cref="StockPropertyTests"/> covers the other documents with a full
/// cost model; a landed cost's spread is checked exactly in LandedCostTests, so here the ledger check is the judge.
/// </summary>
public sealed class LedgerPropertyTests(StocktrailFactory factory, ITestOutputHelper output) : ApiTest(factory)
{
    private const int Sequences = 8;

    public enum Kind { Receive, LandedCost, Correct, Use, ProjectReturn, Produce, Dispatch, SupplierReturn }

    public sealed record Step(Kind Kind, bool Serial, int Amount, int Pick)
    {
        public override string ToString() => $"{Kind}({(Serial ? "serial" : "fifo")}, {Amount}, #{Pick})";
    }

    private static readonly Gen<Step> GenStep = Gen.Select(Gen.Enum<Kind>(), Gen.Bool, Gen.Int[1, 4], Gen.Int[0, 999],
        (kind, serial, amount, pick) => new Step(kind, serial, amount, pick));

    [Fact]
    public async Task Random_revaluations_corrections_project_returns_and_production_keep_the_ledger_check_clean()
    {
        var steps = 0;
        await GenStep.Array[10, 18].SampleAsync(
            async sequence =>
            {
                var run = await LedgerScenario.StartAsync(Api);
                foreach (var step in sequence)
                {
                    await run.ApplyAsync(step);
                    await run.CheckAsync(step);
                    steps++;
                }
            },
            writeLine: output.WriteLine, iter: Sequences, threads: 1,
            print: s => $"{s.Length} steps:\n  {string.Join("\n  ", s.Select(x => x.ToString()))}");
        output.WriteLine($"{Sequences} sequences, {steps} steps.");
    }

    private sealed class LedgerScenario
    {
        private readonly Api _api;
        private int _warehouse, _fifo, _serial, _output, _order, _fifoLine, _serialLine, _project, _customer, _next;
        private decimal _fifoOnHand, _fifoOnProject, _outputOnHand;
        private readonly List<string> _inStock = [], _onProject = [];

        private LedgerScenario(Api api) => _api = api;

        public static async Task<LedgerScenario> StartAsync(Api api)
        {
            var run = new LedgerScenario(api);
            run._warehouse = await api.Warehouse();
            (run._fifo, run._serial, run._output) = (await api.Product("Fifo"), await api.Product("Serial"), await api.Product("Fifo"));
            var (order, lines) = await api.ApprovedOrder(run._warehouse, (run._fifo, 100_000, 2.5m), (run._serial, 100_000, 40m));
            (run._order, run._fifoLine, run._serialLine) = (order, lines[0], lines[1]);
            run._project = (int)(await api.PostOk("/api/projects", new { name = Api.Unique("Project") }))["id"]!;
            run._customer = await api.Customer();
            return run;
        }

        private string Pick(List<string> from, int pick) => from[pick % from.Count];

        public async Task ApplyAsync(Step step)
        {
            switch (step.Kind)
            {
                case Kind.Receive when step.Serial:
                    var serials = Enumerable.Range(0, step.Amount).Select(_ => $"{_serial}-U{++_next}").ToArray();
                    await _api.PostOk($"/api/purchase-orders/{_order}/receipts", new { lines = new[] { new { lineId = _serialLine, quantity = step.Amount, serials } } });
                    _inStock.AddRange(serials);
                    break;
                case Kind.Receive:
                    await _api.PostOk($"/api/purchase-orders/{_order}/receipts", new { lines = new[] { new { lineId = _fifoLine, quantity = step.Amount } } });
                    _fifoOnHand += step.Amount;
                    break;
                case Kind.LandedCost when _inStock.Count + _fifoOnHand + _onProject.Count + _fifoOnProject > 0:
                    await _api.PostOk($"/api/purchase-orders/{_order}/landed-costs", new { description = "Freight", amount = step.Amount * 3.37m }, HttpStatusCode.OK);
                    break;
                case Kind.Correct when _inStock.Count > 0:
                    var from = Pick(_inStock, step.Pick);
                    var to = $"{from}C";
                    await _api.PostOk($"/api/purchase-orders/{_order}/serial-corrections", new { productId = _serial, from, to }, HttpStatusCode.OK);
                    _inStock[_inStock.IndexOf(from)] = to;
                    break;
                case Kind.Use when step.Serial && _inStock.Count > 0:
                    var used = Pick(_inStock, step.Pick);
                    await _api.PostOk($"/api/projects/{_project}/materials", new { warehouseId = _warehouse, lines = new[] { new { productId = _serial, quantity = 1, serials = new[] { used } } } });
                    _inStock.Remove(used);
                    _onProject.Add(used);
                    break;
                case Kind.Use when !step.Serial && _fifoOnHand >= step.Amount:
                    await _api.PostOk($"/api/projects/{_project}/materials", new { warehouseId = _warehouse, lines = new[] { new { productId = _fifo, quantity = step.Amount } } });
                    (_fifoOnHand, _fifoOnProject) = (_fifoOnHand - step.Amount, _fifoOnProject + step.Amount);
                    break;
                case Kind.ProjectReturn when step.Serial && _onProject.Count > 0:
                    var back = Pick(_onProject, step.Pick);
                    await _api.PostOk($"/api/projects/{_project}/material-returns", new { warehouseId = _warehouse, lines = new[] { new { productId = _serial, quantity = 1, serials = new[] { back } } } });
                    _onProject.Remove(back);
                    _inStock.Add(back);
                    break;
                case Kind.ProjectReturn when !step.Serial && _fifoOnProject > 0:
                    var quantity = Math.Min(step.Amount, _fifoOnProject);
                    await _api.PostOk($"/api/projects/{_project}/material-returns", new { warehouseId = _warehouse, lines = new[] { new { productId = _fifo, quantity } } });
                    (_fifoOnHand, _fifoOnProject) = (_fifoOnHand + quantity, _fifoOnProject - quantity);
                    break;
                case Kind.Produce when _fifoOnHand >= step.Amount:
                    var job = (int)(await _api.PostOk("/api/production-jobs", new { outputProductId = _output, quantity = 2, warehouseId = _warehouse }))["id"]!;
                    var lines = new List<object> { new { productId = _fifo, quantity = step.Amount } };
                    if (step.Serial && _inStock.Count > 0)
                    {
                        var part = Pick(_inStock, step.Pick);
                        lines.Add(new { productId = _serial, quantity = 1, serials = new[] { part } });
                        _inStock.Remove(part);
                    }
                    await _api.PostOk($"/api/production-jobs/{job}/materials", new { warehouseId = _warehouse, lines });
                    await _api.PostOk($"/api/production-jobs/{job}/complete", new { actualQuantity = 3 }, HttpStatusCode.OK);
                    (_fifoOnHand, _outputOnHand) = (_fifoOnHand - step.Amount, _outputOnHand + 3);
                    break;
                case Kind.Dispatch when step.Serial && _inStock.Count > 0:
                case Kind.Dispatch when !step.Serial && _fifoOnHand >= step.Amount:
                    var product = step.Serial ? _serial : _fifo;
                    var sale = await _api.PostOk("/api/stock-sales", new { customerId = _customer, warehouseId = _warehouse, lines = new[] { new { productId = product, quantity = step.Serial ? 1 : step.Amount, unitPrice = 50m } } });
                    var sold = step.Serial ? Pick(_inStock, step.Pick) : null;
                    await _api.PostOk($"/api/stock-sales/{(int)sale["id"]!}/dispatches", new
                    {
                        lines = new[] { new { lineId = (int)sale["lines"]![0]!["id"]!, quantity = step.Serial ? 1 : step.Amount, serials = sold is null ? null : new[] { sold } } },
                    });
                    if (sold is null) _fifoOnHand -= step.Amount;
                    else _inStock.Remove(sold);
                    break;
                case Kind.SupplierReturn when step.Serial && _inStock.Count > 0:
                    // Every unit in stock came in on the order (a project return brings back the same unit).
                    var faulty = Pick(_inStock, step.Pick);
                    await _api.PostOk($"/api/purchase-orders/{_order}/returns", new { reason = "Faulty", lines = new[] { new { lineId = _serialLine, quantity = 1, serials = new[] { faulty } } } });
                    _inStock.Remove(faulty);
                    break;
                case Kind.SupplierReturn when !step.Serial && _fifoOnHand > 0:
                    // Fifo stock goes back only from the order's own layers, which uses and project returns mix with
                    // others: the return is either made in full or refused, naming what is left of the order's.
                    var count = Math.Min(step.Amount, _fifoOnHand);
                    var response = await _api.Http.PostAsJsonAsync($"/api/purchase-orders/{_order}/returns", new { lines = new[] { new { lineId = _fifoLine, quantity = count } } });
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == HttpStatusCode.Created) _fifoOnHand -= count;
                    else Assert.True(response.StatusCode == HttpStatusCode.Conflict && text.Contains("is still in stock"), $"Return of {count} answered {(int)response.StatusCode}: {text}");
                    break;
            }
        }

        public async Task CheckAsync(Step step)
        {
            await _api.AssertLedgerConsistent();
            Assert.True(_fifoOnHand == await _api.OnHand(_fifo), $"After {step}: Fifo on hand should be {_fifoOnHand}.");
            Assert.True(_outputOnHand == await _api.OnHand(_output), $"After {step}: output on hand should be {_outputOnHand}.");
            var listed = (await _api.Get($"/api/products/{_serial}/serials?status=InStock"))["items"]!.AsArray().Select(s => (string)s!["serial"]!).Order().ToList();
            Assert.Equal(_inStock.Order().ToList(), listed);
        }
    }
}
