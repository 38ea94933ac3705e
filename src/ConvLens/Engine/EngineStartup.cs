namespace ConvLens.Engine;

/// <summary>What <see cref="EngineStartup.Configure"/> set up.</summary>
/// <param name="TransparentHugePages">True when libtorch backs large tensors with huge pages.</param>
/// <param name="NativeLogLevel">libtorch's log level in force, or null when it could not be set.</param>
/// <param name="RetainsFreedMemory">True when the C library keeps freed blocks for reuse (<see cref="TensorMemory.RetainFreedMemory"/>).</param>
public sealed record EngineSettings(bool TransparentHugePages, string? NativeLogLevel, bool RetainsFreedMemory = false);

/// <summary>The one call a program using ConvLens makes first thing in <c>Main</c>, before any tensor exists.</summary>
/// <remarks>
/// What it does and why is in docs/engine.md. Two protections need no call: TorchSharp's objects are kept alive across
/// native calls by the build (build/TorchSharpKeepAlive.targets), and oneDNN gets the real cache sizes when the first
/// model loads (<see cref="OneDnnCacheRepair.Ensure"/>; call it yourself before convolutions on raw TorchSharp tensors).
/// </remarks>
public static class EngineStartup
{
    /// <summary>
    /// Applies ConvLens's process-wide libtorch settings that must come before the first tensor: huge pages for large
    /// tensors, freed memory kept for reuse, and quiet native logs. It does not load libtorch itself (a <c>--version</c> stays instant).
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
        return new(hugePages, NativeLogging.Configure(showNativeWarnings), TensorMemory.RetainFreedMemory());
    }
}
