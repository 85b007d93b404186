using System.Diagnostics;
using System.Globalization;

namespace ConnectionStatusFunctions.Benchmarks;

/// <summary>
/// Ours and the raw SDK run in adjacent pairs, the side that goes first alternating, each run timed by the
/// wall clock and by this process's CPU time. On a shared machine the load swings between rounds by more
/// than the gap being measured, so the ratio is the median of each pair's own ratio (two runs seconds
/// apart, under nearly the same load), not a ratio of medians taken minutes apart; the CPU time, which
/// the load barely moves, is reported beside it (Azurite's own CPU is not in it, and is the same rows'
/// work on both sides).
/// </summary>
internal static class PairedComparison
{
    internal sealed record Result(double OursMs, double RawMs, double Ratio, double OursCpuMs, double RawCpuMs, IReadOnlyList<double> Ratios)
    {
        public double CpuRatio => OursCpuMs / RawCpuMs;

        public string RatiosText => string.Join(", ", Ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)));
    }

    private const int WarmUpRounds = 3;

    public static async Task<Result> RunAsync(Func<Task> ours, Func<Task> raw, int rounds)
    {
        // Warm-up: connections, and the JIT's second tier, which compiles hot code on a background thread
        // whose CPU time would otherwise land in the first measured rounds (seen: a raw side's CPU doubled).
        for (var i = 0; i < WarmUpRounds; i++)
        {
            await raw();
            await ours();
        }

        var (oursMs, rawMs, oursCpu, rawCpu, ratios) = (new List<double>(), new List<double>(), new List<double>(), new List<double>(), new List<double>());
        using var process = Process.GetCurrentProcess();
        for (var round = 0; round < rounds; round++)
        {
            (double Ms, double Cpu) o, r;
            if (round % 2 == 0)
            {
                r = await MeasureAsync(process, raw);
                o = await MeasureAsync(process, ours);
            }
            else
            {
                o = await MeasureAsync(process, ours);
                r = await MeasureAsync(process, raw);
            }

            oursMs.Add(o.Ms);
            rawMs.Add(r.Ms);
            oursCpu.Add(o.Cpu);
            rawCpu.Add(r.Cpu);
            ratios.Add(o.Ms / r.Ms);
        }

        return new Result(Median(oursMs), Median(rawMs), Median(ratios), Median(oursCpu), Median(rawCpu), ratios);
    }

    private static async Task<(double Ms, double Cpu)> MeasureAsync(Process process, Func<Task> run)
    {
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await run();
        var elapsed = watch.Elapsed;
        process.Refresh();
        return (elapsed.TotalMilliseconds, (process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
