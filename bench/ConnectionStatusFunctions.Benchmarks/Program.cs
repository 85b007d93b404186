using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace ConnectionStatusFunctions.Benchmarks;

/// <summary>
/// engine: BenchmarkDotNet on the status engine. storage: the standalone host against the raw Azure SDK on one
/// Azurite. probes: the fanned-out probes (tick, one worker's throughput, detection latency). (Not top-level statements: the standalone host's Program class is referenced here.)
/// </summary>
internal static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        var what = args.FirstOrDefault() ?? "all";
        var scenarios = args.Skip(1).ToList();
        if (what is not ("engine" or "storage" or "probes" or "all")
            || (what == "storage" && scenarios.Any(s => !StorageBenchmarks.Scenarios.ContainsKey(s)))
            || (what == "probes" && scenarios.Any(s => !ProbeBenchmarks.Scenarios.ContainsKey(s))))
        {
            await Console.Error.WriteLineAsync($"usage: dotnet run -c Release --project bench/ConnectionStatusFunctions.Benchmarks -- [engine [BenchmarkDotNet options] | storage [{string.Join(' ', StorageBenchmarks.Scenarios.Keys)}] | probes [{string.Join(' ', ProbeBenchmarks.Scenarios.Keys)}] | all]");
            return 2;
        }

        if (what is "engine" or "all")
        {
            // In process: no boilerplate project to build, whose two-minute build timeout a busy machine overran. Fifteen
            // iterations and the median: the three of a short run could not tell 18 µs from 22 µs on a shared machine.
            var config = DefaultConfig.Instance
                .AddJob(Job.ShortRun.WithWarmupCount(5).WithIterationCount(15).WithToolchain(BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain.Instance).WithId("engine"))
                .AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median, BenchmarkDotNet.Columns.StatisticColumn.P95);
            BenchmarkRunner.Run<EngineBenchmarks>(config, args.Skip(1).ToArray());
        }

        if (what is "storage" or "probes" or "all")
        {
            // An Exe gets no WebApplicationFactoryContentRoot attribute (test projects do): name the app's folder.
            var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json")));
            var appFolder = manifest.RootElement.EnumerateObject().First(p => p.Name.StartsWith("ConnectionStatusFunctions.Standalone,", StringComparison.Ordinal)).Value.GetString();
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CONNECTIONSTATUSFUNCTIONS_STANDALONE", appFolder);
            if (what is "storage" or "all")
            {
                await StorageBenchmarks.RunAsync(what == "storage" ? scenarios : []);
            }

            if (what is "probes" or "all")
            {
                await ProbeBenchmarks.RunAsync(what == "probes" ? scenarios : []);
            }
        }

        return 0;
    }
}
