using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Stocktrail.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Stocktrail.Tests.Properties;

/// <summary>
/// Random sequences of the documents that revalue, rename and rebuild stock: receipts of a Fifo and a serialized
/// product, landed costs on their order, serial corrections, materials used on a project and returned from it,
/// materials consumed by production jobs that complete into stock, dispatches, and returns to the supplier; and batches
/// with expiry dates (some already expired on the app's clock, which the test holds and moves on a day at a time),
/// used and dispatched by FEFO or by name. After every step the ledger check must find nothing (levels, every layer's
/// remaining and cost, every serial's place and cost rebuilt from the ledger) and the stock must be what the steps
/// moved; no expired batch ever leaves by a use or a dispatch (naming one is refused with 409 naming batch and date),
/// and a FEFO pick takes exactly the earliest-expiring usable batches (no date last, then the oldest). <see cref="StockPropertyTests"/> covers the other documents with a full
/// cost model; a landed cost's spread is checked exactly in LandedCostTests, so here the ledger check is the judge.
/// </summary>
public sealed class LedgerPropertyTests(StocktrailFactory factory, ITestOutputHelper output) : ApiTest(factory)
{
    private const int Sequences = 8;

    /// <summary>
    /// The Batch… kinds move the batch product: a receipt of a new batch with a date (or none) picked around today, a
    /// FEFO pick, a batch named by the step, and the app's clock moving on a day. For them <see cref="Step.Serial"/>
    /// says dispatch (true) or project use (false).
    /// </summary>
    public enum Kind { Receive, LandedCost, Correct, Use, ProjectReturn, Produce, Dispatch, SupplierReturn, BatchReceive, BatchFefo, BatchNamed, DayPasses }

    public sealed record Step(Kind Kind, bool Serial, int Amount, int Pick)
    {
        public override string ToString() => Kind is Kind.BatchFefo or Kind.BatchNamed
            ? $"{Kind}({(Serial ? "dispatch" : "use")}, {Amount}, #{Pick})"
            : $"{Kind}({(Serial ? "serial" : "fifo")}, {Amount}, #{Pick})";
    }

    private static readonly Gen<Step> GenStep = Gen.Select(Gen.Enum<Kind>(), Gen.Bool, Gen.Int[1, 4], Gen.Int[0, 999],
        (kind, serial, amount, pick) => new Step(kind, serial, amount, pick));

    [Fact]
    public async Task Random_revaluations_corrections_project_returns_and_production_keep_the_ledger_check_clean()
    {
        var steps = 0;
        LedgerScenario.FefoPicks = LedgerScenario.ExpiredRefused = 0;
        // The app's clock is the test's: batch dates are days from its today, and a DayPasses step moves it on.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var api = new Api(app.CreateClient());
        await GenStep.Array[10, 18].SampleAsync(
            async sequence =>
            {
                var run = await LedgerScenario.StartAsync(api, clock);
                foreach (var step in sequence)
                {
                    await run.ApplyAsync(step);
                    await run.CheckAsync(step);
                    steps++;
                }
                await run.FinishAsync();
            },
            writeLine: output.WriteLine, iter: Sequences, threads: 1,
            print: s => $"{s.Length} steps:\n  {string.Join("\n  ", s.Select(x => x.ToString()))}");
        output.WriteLine($"{Sequences} sequences, {steps} steps; {LedgerScenario.FefoPicks} FEFO picks taken, {LedgerScenario.ExpiredRefused} uses or dispatches of an expired batch refused.");
    }

    private sealed class LedgerScenario
    {
        private readonly Api _api;
        private readonly FakeTimeProvider _clock;
        private int _warehouse, _fifo, _serial, _output, _batch, _order, _fifoLine, _serialLine, _batchLine, _project, _customer, _next;
        private decimal _fifoOnHand, _fifoOnProject, _outputOnHand;
        private readonly List<string> _inStock = [], _onProject = [];
        /// <summary>The batch product's batches in the order they came in (the oldest first), each with its date and what is left.</summary>
        private readonly List<BatchModel> _batches = [];

        private sealed class BatchModel(string code, DateOnly? expiresOn)
        {
            public string Code { get; } = code;
            public DateOnly? ExpiresOn { get; } = expiresOn;
            public decimal OnHand { get; set; }
        }

        private LedgerScenario(Api api, FakeTimeProvider clock) => (_api, _clock) = (api, clock);

        /// <summary>The business's day on the app's clock (the tests' time zone is UTC).</summary>
        private DateOnly Today => DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);

        private bool Expired(BatchModel batch) => batch.ExpiresOn < Today;

        private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        public static async Task<LedgerScenario> StartAsync(Api api, FakeTimeProvider clock)
        {
            var run = new LedgerScenario(api, clock);
            run._warehouse = await api.Warehouse();
            (run._fifo, run._serial, run._output, run._batch) = (await api.Product("Fifo"), await api.Product("Serial"), await api.Product("Fifo"), await api.Product("Batch"));
            var (order, lines) = await api.ApprovedOrder(run._warehouse, (run._fifo, 100_000, 2.5m), (run._serial, 100_000, 40m), (run._batch, 100_000, 3m));
            (run._order, run._fifoLine, run._serialLine, run._batchLine) = (order, lines[0], lines[1], lines[2]);
            run._project = (int)(await api.PostOk("/api/projects", new { name = Api.Unique("Project") }))["id"]!;
            run._customer = await api.Customer();
            // Every sequence starts with a batch that expired two days ago beside one good for three more: FEFO must pass
            // the first over from the start, and FinishAsync names it.
            await run.ApplyAsync(new Step(Kind.BatchReceive, false, 4, 1));
            await run.ApplyAsync(new Step(Kind.BatchReceive, false, 4, 6));
            return run;
        }

        /// <summary>Over all sequences: FEFO picks the app made, and uses or dispatches of an expired batch it refused.</summary>
        public static int FefoPicks, ExpiredRefused;

        /// <summary>The end of a sequence: the batch that expired before it began is still held, and still refused by name.</summary>
        public async Task FinishAsync()
        {
            var expired = _batches[0];
            Assert.True(Expired(expired) && expired.OnHand == 4, $"Batch {Describe(expired)} should still be held, expired.");
            var index = _batches.Where(b => b.OnHand > 0).ToList().IndexOf(expired);
            await NamedAsync(new Step(Kind.BatchNamed, false, 1, index));
            await NamedAsync(new Step(Kind.BatchNamed, true, 1, index));
            await CheckAsync(new Step(Kind.BatchNamed, true, 1, index));
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
                case Kind.BatchReceive:
                    // A second on, so that each batch is younger than the last (FEFO takes the oldest first within a date).
                    _clock.Advance(TimeSpan.FromSeconds(1));
                    // A new batch dated from two days ago to four days ahead, or (one in seven) without a date.
                    var dated = new BatchModel($"E{++_next}", step.Pick % 7 == 0 ? null : Today.AddDays(step.Pick % 7 - 3)) { OnHand = step.Amount };
                    await _api.PostOk($"/api/purchase-orders/{_order}/receipts", new
                    {
                        lines = new[] { new { lineId = _batchLine, quantity = step.Amount, batches = new[] { new { batch = dated.Code, quantity = (decimal)step.Amount, expiresOn = dated.ExpiresOn is { } d ? Day(d) : null } } } },
                    });
                    _batches.Add(dated);
                    break;
                case Kind.BatchFefo:
                    await FefoAsync(step);
                    break;
                case Kind.BatchNamed when _batches.Any(b => b.OnHand > 0):
                    await NamedAsync(step);
                    break;
                case Kind.DayPasses:
                    _clock.Advance(TimeSpan.FromDays(1));
                    break;
            }
        }

        /// <summary>Use or dispatch with <c>"pick": "Fefo"</c>: what the model says FEFO must take, or a refusal when too little is usable.</summary>
        private async Task FefoAsync(Step step)
        {
            var usable = _batches.Where(b => b.OnHand > 0 && !Expired(b))
                .OrderBy(b => b.ExpiresOn is null).ThenBy(b => b.ExpiresOn).ToList(); // stable: the oldest first within a date
            var expected = new List<(string, decimal)>();
            var left = (decimal)step.Amount;
            foreach (var batch in usable.TakeWhile(_ => left > 0))
            {
                var part = Math.Min(batch.OnHand, left);
                expected.Add((batch.Code, part));
                left -= part;
            }
            var (response, text) = await BatchesOutAsync(step.Serial, step.Amount, named: null);
            var what = $"FEFO {(step.Serial ? "dispatch" : "use")} of {step.Amount} with [{string.Join(", ", _batches.Select(Describe))}]";
            if (left > 0)
            {
                Assert.True(response.StatusCode == HttpStatusCode.Conflict && text.Contains("usable"), $"{what}: only {step.Amount - left} usable, but it answered {(int)response.StatusCode}: {text}");
                return;
            }
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{what} answered {(int)response.StatusCode}: {text}");
            var taken = JsonNode.Parse(text)!["lines"]![0]!["batches"]!.AsArray().Select(b => ((string)b!["batch"]!, (decimal)b["quantity"]!)).ToList();
            foreach (var (code, _) in taken)
                Assert.False(Expired(_batches.Single(b => b.Code == code)), $"{what} took batch {code}, expired before {Day(Today)}.");
            Assert.True(expected.Order().SequenceEqual(taken.Order()), $"{what} took [{string.Join(", ", taken)}]; the earliest usable are [{string.Join(", ", expected)}].");
            foreach (var (code, quantity) in taken) _batches.Single(b => b.Code == code).OnHand -= quantity;
            FefoPicks++;
        }

        /// <summary>Use or dispatch of one of a batch the step names: refused, naming batch and date, when it has expired.</summary>
        private async Task NamedAsync(Step step)
        {
            var held = _batches.Where(b => b.OnHand > 0).ToList();
            var batch = held[step.Pick % held.Count];
            var (response, text) = await BatchesOutAsync(step.Serial, 1m, batch.Code);
            var what = $"{(step.Serial ? "dispatch" : "use")} of batch {Describe(batch)} on {Day(Today)}";
            if (Expired(batch))
            {
                Assert.True(response.StatusCode == HttpStatusCode.Conflict && text.Contains($"batch {batch.Code} expired on {Day(batch.ExpiresOn!.Value)}"),
                    $"{what} must be refused with 409 naming the batch and its date; it answered {(int)response.StatusCode}: {text}");
                ExpiredRefused++;
                return;
            }
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{what} answered {(int)response.StatusCode}: {text}");
            batch.OnHand -= 1;
        }

        /// <summary>
        /// A batch line used on the project or (<paramref name="dispatch"/>) dispatched on a new sale: picked FEFO, or
        /// of the batch named. The answer as it came.
        /// </summary>
        private async Task<(HttpResponseMessage, string)> BatchesOutAsync(bool dispatch, decimal quantity, string? named)
        {
            var (pick, batches) = named is null ? ("Fefo", null) : ((string?)null, new[] { new { batch = named, quantity } });
            HttpResponseMessage response;
            if (dispatch)
            {
                var sale = await _api.PostOk("/api/stock-sales", new { customerId = _customer, warehouseId = _warehouse, lines = new[] { new { productId = _batch, quantity, unitPrice = 9m } } });
                var lineId = (int)sale["lines"]![0]!["id"]!;
                response = await _api.Http.PostAsJsonAsync($"/api/stock-sales/{(int)sale["id"]!}/dispatches", new { lines = new[] { new { lineId, quantity, pick, batches } } });
            }
            else response = await _api.Http.PostAsJsonAsync($"/api/projects/{_project}/materials", new { warehouseId = _warehouse, lines = new[] { new { productId = _batch, quantity, pick, batches } } });
            return (response, await response.Content.ReadAsStringAsync());
        }

        private string Describe(BatchModel b) => $"{b.Code} {b.OnHand} {(b.ExpiresOn is { } d ? $"exp {Day(d)}{(Expired(b) ? " (expired)" : "")}" : "no date")}";

        public async Task CheckAsync(Step step)
        {
            await _api.AssertLedgerConsistent();
            Assert.True(_fifoOnHand == await _api.OnHand(_fifo), $"After {step}: Fifo on hand should be {_fifoOnHand}.");
            Assert.True(_outputOnHand == await _api.OnHand(_output), $"After {step}: output on hand should be {_outputOnHand}.");
            var listed = (await _api.Get($"/api/products/{_serial}/serials?status=InStock"))["items"]!.AsArray().Select(s => (string)s!["serial"]!).Order().ToList();
            Assert.Equal(_inStock.Order().ToList(), listed);
            var batches = (await _api.Get($"/api/products/{_batch}/batches"))["items"]!.AsArray()
                .Select(b => $"{(string)b!["batch"]!} {(decimal)b["onHand"]!} {(string?)b["expiresOn"] ?? "-"}").Order(StringComparer.Ordinal).ToList();
            var model = _batches.Where(b => b.OnHand > 0).Select(b => $"{b.Code} {b.OnHand} {(b.ExpiresOn is { } d ? Day(d) : "-")}").Order(StringComparer.Ordinal).ToList();
            Assert.True(model.SequenceEqual(batches), $"After {step}: the batches are [{string.Join(", ", batches)}]; the model has [{string.Join(", ", model)}].");
        }
    }
}
