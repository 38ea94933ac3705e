namespace ConvLens.Visualize.Maximize;

/// <summary>Everything needed to reproduce a <see cref="Maximizer"/> picture (serialise it next to the images).</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Objective">The objective's description.</param>
/// <param name="Layers">Canonical names of the layers the objective read.</param>
/// <param name="Parameterization">The parameterization's description, including its seed.</param>
/// <param name="Transforms">The transforms' descriptions, in order.</param>
/// <param name="Options">The run's options, including the transform seed.</param>
/// <param name="BatchSize">Number of images.</param>
/// <param name="Height">Image height.</param>
/// <param name="Width">Image width.</param>
/// <param name="TorchSharpVersion">The TorchSharp assembly version that produced the result.</param>
public sealed record MaximizeManifest(
    string Model,
    string Objective,
    IReadOnlyList<string> Layers,
    string Parameterization,
    IReadOnlyList<string> Transforms,
    MaximizeOptions Options,
    int BatchSize,
    int Height,
    int Width,
    string TorchSharpVersion);
