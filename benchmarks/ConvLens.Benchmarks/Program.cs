using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

if (args.Length > 0 && args[0] == "stats-throughput")
{
    // A plain timed loop, not BenchmarkDotNet: a dataset run is minutes long and measured once (docs/performance.md).
    ConvLens.Benchmarks.StatisticsThroughput.Run(args[1..]);
    return;
}

// In-process: a generated child project would copy libtorch (~600 MB) again and need the GLIBCXX patch.
var config = DefaultConfig.Instance.AddJob(Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithWarmupCount(3)
    .WithIterationCount(12)
    .WithInvocationCount(1)
    .WithUnrollFactor(1));
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
