using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ConvLens.Benchmarks;
using ConvLens.Engine;

// As the CLI does (CONVLENS_BENCH_THP=0 measures without): libtorch reads the switch at its first allocation.
if (Environment.GetEnvironmentVariable("CONVLENS_BENCH_THP") != "0")
{
    TensorMemory.UseTransparentHugePages();
}

NativeLogging.Configure();

// As every model load does (CONVLENS_RETAIN_FREED_MEMORY=0 measures without).
TensorMemory.RetainFreedMemory();

if (args.Length > 0 && args[0] == "alternating")
{
    // Interleaves the contenders call by call so that both see the same machine load (shared machines).
    AlternatingRun.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15);
    return;
}

// Where the ONNX Runtime path of LoadedModel.Run spends more than a plain session: `ortpath [rounds]` (docs/performance.md).
// One forward contender alone in its process: `alone convlens|ort BATCH ROUNDS` (docs/performance.md).
if (args.Length > 0 && args[0] == "alone")
{
    AloneRun.Run(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
    return;
}

if (args.Length > 0 && args[0] == "ortpath")
{
    OrtPathSplit.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
    return;
}

// LRP against one forward + backward to the input: `lrp [rounds]` (docs/attribution.md, "Layer-wise relevance propagation").
if (args.Length > 0 && args[0] == "lrp")
{
    RelevanceCosts.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}

// The newer CAMs against one forward + backward: `cams [rounds]` (docs/attribution.md, "Cost").
if (args.Length > 0 && args[0] == "cams")
{
    CamCosts.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}

// What the explorer adds to a job, and how often its live updates arrive: `web [rounds]`, or `web load` for the first page load alone (docs/web.md, "Figures").
if (args.Length > 0 && args[0] == "web")
{
    var loadOnly = args.Length > 1 && args[1] == "load";
    ExplorerCosts.Run(args.Length > 1 && !loadOnly ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8, loadOnly);
    return;
}

// Model load and layer-table times (start-up): `load [rounds]` (docs/performance.md, "Start-up").
if (args.Length > 0 && args[0] == "load")
{
    ModelLoadTimes.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}

// ConvLens against PyTorch 1.13 (a child process), call by call: `peer [rounds]` (docs/performance.md, "Gradient path").
if (args.Length > 0 && args[0] == "peer")
{
    PyTorchPeer.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
    return;
}

// Forward and input-gradient backward per ResNet18 convolution shape: `convbwd [batch]` (docs/performance.md, "Gradient path").
if (args.Length > 0 && args[0] == "convbwd")
{
    ConvBackwardShapes.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8);
    return;
}

// Time per ONNX op type in the imported forward: `profile [batch] [grad] [shapes]` (grad: recorded for a gradient, then
// the backward; shapes: convolutions per output shape).
if (args.Length > 0 && args[0] == "profile")
{
    OpProfile.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8, 8, args.Contains("grad"), args.Contains("shapes"));
    return;
}

// Timing harnesses that measure whole runs (throughput, peak memory) take a sub-command; everything else goes to
// BenchmarkDotNet. See docs/performance.md for the exact commands.
if (args.Length > 0 && args[0] is "stats" or "forward" or "breakdown" or "update")
{
    StatisticsThroughput.Run(args);
    return;
}

// In-process: a generated child project would copy libtorch (~600 MB) again and need the GLIBCXX patch.
var config = DefaultConfig.Instance.AddJob(Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithWarmupCount(3)
    .WithIterationCount(12)
    .WithInvocationCount(1)
    .WithUnrollFactor(1));
BenchmarkSwitcher.FromAssembly(typeof(AlternatingRun).Assembly).Run(args, config);
