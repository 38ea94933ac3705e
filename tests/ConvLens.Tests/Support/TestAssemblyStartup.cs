using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using ConvLens.Engine;

namespace ConvLens.Tests.Support;

/// <summary>What runs once when the test assembly loads, before any test and before any tensor exists.</summary>
internal static class TestAssemblyStartup
{
    /// <summary>The stress layer: on for every test unless <c>CONVLENS_TEST_ALLOCATION_PRESSURE=0</c>.</summary>
    public static AllocationPressure? StressLayer { get; private set; }

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "A test assembly: the engine must be configured before xunit runs any test, and xunit 2 has no assembly fixture.")]
    internal static void Start()
    {
        // As convlens does first thing in Main (docs/engine.md); many tests convolve raw tensors without a model, so the
        // oneDNN cache repair that loading a model would do is done here.
        EngineStartup.Configure();
        OneDnnCacheRepair.Ensure();

        // The whole suite runs with a thread that allocates and collects, so that a native object freed during a call
        // (docs/engine.md, "Object lifetimes") fails CI instead of corrupting a result now and then.
        if (Environment.GetEnvironmentVariable("CONVLENS_TEST_ALLOCATION_PRESSURE") != "0")
        {
            StressLayer = AllocationPressure.Background();
        }
    }
}
