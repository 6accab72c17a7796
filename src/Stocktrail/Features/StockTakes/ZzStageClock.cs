// THROWAWAY profiling helper: to be deleted.
namespace Stocktrail.Features.StockTakes;
public static class ZzStageClock
{
    private static readonly System.Diagnostics.Stopwatch Clock = System.Diagnostics.Stopwatch.StartNew();
    private static TimeSpan _last, _lastCpu;
    public static void Mark(string what)
    {
        var now = Clock.Elapsed; var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var line = $"{DateTime.Now:HH:mm:ss.fff} +{(now - _last).TotalMilliseconds,8:N0} ms cpu {(cpu - _lastCpu).TotalMilliseconds,7:N0} {what}  heap {GC.GetTotalMemory(false) / 1048576} MB ws {Environment.WorkingSet / 1048576} MB gcs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}\n";
        _last = now; _lastCpu = cpu;
        File.AppendAllText("/tmp/stocktake-stages.log", line);
    }
}
