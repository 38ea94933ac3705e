namespace ConvLens.Engine;

/// <summary>What <see cref="EngineStartup.Configure"/> set up.</summary>
/// <param name="TransparentHugePages">True when libtorch backs large tensors with huge pages.</param>
/// <param name="NativeLogLevel">libtorch's log level in force, or null when it could not be set.</param>
/// <param name="OneDnnCaches">What was done about oneDNN's view of the CPU caches.</param>
public sealed record EngineSettings(bool TransparentHugePages, string? NativeLogLevel, OneDnnCacheStatus OneDnnCaches);

/// <summary>The one call a program using ConvLens makes first thing in <c>Main</c>, before any tensor exists.</summary>
/// <remarks>
/// What it does and why is in docs/engine.md. TorchSharp's objects are kept alive across native calls by the build
/// (build/TorchSharpKeepAlive.targets) whether or not this is called; the oneDNN cache repair also runs when the first
/// model loads.
/// </remarks>
public static class EngineStartup
{
    /// <summary>
    /// Applies ConvLens's process-wide libtorch settings: huge pages for large tensors, quiet native logs, and oneDNN's
    /// real cache sizes on CPUs that hide them (<see cref="OneDnnCacheRepair"/>). The first two must come before the
    /// first tensor; the last makes the first one.
    /// </summary>
    /// <param name="showNativeWarnings">True to let libtorch print its warnings (a <c>--verbose</c> run).</param>
    /// <example>
    /// <code>
    /// EngineStartup.Configure();          // first line of Main
    /// using var model = ModelCatalog.Load("resnet18-featurizer");
    /// </code>
    /// </example>
    public static EngineSettings Configure(bool showNativeWarnings = false)
    {
        var hugePages = TensorMemory.UseTransparentHugePages();
        var logLevel = NativeLogging.Configure(showNativeWarnings);
        return new(hugePages, logLevel, OneDnnCacheRepair.Ensure());
    }
}
