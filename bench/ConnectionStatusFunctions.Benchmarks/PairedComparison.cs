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
    internal sealed record Result(double OursMs, double RawMs, double Ratio, double OursCpuMs, double RawCpuMs, IReadOnlyList<double> Ratios, int WarmUpRounds)
    {
        public double CpuRatio => OursCpuMs / RawCpuMs;

        public string RatiosText => string.Join(", ", Ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)));
    }

    private const int MinWarmUpRounds = 3;
    private const int MaxWarmUpRounds = 30;

    public static async Task<Result> RunAsync(Func<Task> ours, Func<Task> raw, int rounds)
    {
        // Warm-up until the JIT is quiet: tiered compilation recompiles hot code on a background thread for
        // seconds after the first calls, and its CPU time (and its share of the two cores) lands in whichever
        // rounds it overlaps: a long-running service has long finished it. Three rounds were not enough: a
        // profile of the list showed the JIT busy for 7 s more. Warm until a whole pair of rounds compiles
        // nothing new (bounded, for a machine where it never settles).
        var warmUps = 0;
        long compiled;
        do
        {
            compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            await raw();
            await ours();
            warmUps++;
        }
        while (warmUps < MaxWarmUpRounds && (warmUps < MinWarmUpRounds || System.Runtime.JitInfo.GetCompiledMethodCount() > compiled));

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

        return new Result(Median(oursMs), Median(rawMs), Median(ratios), Median(oursCpu), Median(rawCpu), ratios, warmUps);
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
