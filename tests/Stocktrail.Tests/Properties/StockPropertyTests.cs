using CsCheck;
using Stocktrail.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Stocktrail.Tests.Properties;

/// <summary>
/// Random sequences of receipts, project uses, dispatches, customer returns, adjustments in and out and transfers of a
/// Fifo, a serialized and a batch product across two warehouses, applied through the HTTP API, with some steps that must
/// be refused. After every step the stock must agree with the model, with the ledger, with the layers and serials, and
/// the ledger check must find nothing; a refused step must change nothing.
///
/// A failure prints CsCheck's seed and the (shrunk) sequence of steps, and the requests the failing run made. To run a
/// failing case again, set the environment variable CsCheck_Seed to the printed seed (or pass it as Seed below).
/// </summary>
public sealed class StockPropertyTests(StocktrailFactory factory, ITestOutputHelper output) : ApiTest(factory)
{
    /// <summary>Sequences per run: 20 sequences of 15 to 25 steps take about 20 s on two idle cores.</summary>
    private const int Sequences = 20;

    /// <summary>A seed to replay one run (CsCheck prints it on failure); null for a fresh random run.</summary>
    private const string? Seed = null;

    public enum Kind { Receive, Use, Dispatch, CustomerReturn, AdjustIn, AdjustOut, Transfer }

    /// <summary>
    /// One step as generated: what to do, to which product (0 Fifo, 1 Serial, 2 Batch) in which warehouse (0 or 1), how
    /// much, a number that picks among what the model holds, and whether the step is one the app must refuse. The model
    /// turns it into a request, so a shrunk sequence still makes sense.
    /// </summary>
    public sealed record Step(Kind Kind, int Product, int Warehouse, int Amount, int Pick, bool Bad)
    {
        public override string ToString() => $"{Kind}(p{Product}, w{Warehouse}, {Amount}, #{Pick}{(Bad ? ", bad" : "")})";
    }

    private static readonly Gen<Kind> GenKind = Gen.Int[0, 99].Select(n => n switch
    {
        < 24 => Kind.Receive,
        < 36 => Kind.Use,
        < 50 => Kind.Dispatch,
        < 62 => Kind.CustomerReturn,
        < 72 => Kind.AdjustIn,
        < 82 => Kind.AdjustOut,
        _ => Kind.Transfer,
    });

    private static readonly Gen<Step> GenStep = Gen.Select(GenKind, Gen.Int[0, 2], Gen.Int[0, 1], Gen.Int[1, 6], Gen.Int[0, 999], Gen.Int[0, 99],
        (kind, product, warehouse, amount, pick, bad) => new Step(kind, product, warehouse, amount, pick, bad < 15));

    private static readonly Gen<Step[]> GenSequence = GenStep.Array[15, 25];

    [Fact]
    public async Task Random_sequences_of_documents_keep_stock_ledger_layers_and_serials_in_agreement()
    {
        var started = DateTime.UtcNow;
        StockScenario.Accepted = StockScenario.Refused = 0;
        await GenSequence.SampleAsync(
            async steps =>
            {
                var run = new StockScenario(Api);
                await run.SetUpAsync();
                await run.RunAsync(steps);
            },
            writeLine: output.WriteLine,
            seed: Seed,
            iter: Sequences,
            threads: 1,
            print: steps => $"{steps.Length} steps:\n  {string.Join("\n  ", steps.Select(s => s.ToString()))}");
        output.WriteLine($"{Sequences} sequences in {(DateTime.UtcNow - started).TotalSeconds:0.0} s: {StockScenario.Accepted} steps accepted, {StockScenario.Refused} refused as they should be.");
        Assert.True(StockScenario.Refused > 0 && StockScenario.Accepted > 2 * StockScenario.Refused,
            $"The steps should be mostly valid with some refused; {StockScenario.Accepted} were accepted and {StockScenario.Refused} refused.");
    }
}
