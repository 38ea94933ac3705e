using ConvLens.Models;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Cam;

/// <summary>What a CAM leaf sees for one target: activations, gradients, and the means to re-run the model.</summary>
public sealed class CamContext
{
    internal CamContext(AttributionBatch batch, ITarget target, Tensor activations, Tensor? gradients, Tensor scores, TokenLayout layout)
    {
        Layout = layout;
        Batch = batch;
        Target = target;
        Activations = activations;
        Gradients = gradients;
        Scores = scores;
    }

    /// <summary>The model.</summary>
    public LoadedModel Model => Batch.Model;

    /// <summary>The canonical layer.</summary>
    public string Layer => Batch.Layer!;

    /// <summary>The images [N,3,H,W], RGB 0..1, on the model's device.</summary>
    public Tensor Images => Batch.Images;

    /// <summary>The target being explained.</summary>
    public ITarget Target { get; }

    /// <summary>How the layer's own output lies on the grid of <see cref="Activations"/> (overrides must use the layer's layout).</summary>
    public TokenLayout Layout { get; }

    /// <summary>Activations A [N,C,h,w] of the layer (token layers laid on their grid), detached.</summary>
    public Tensor Activations { get; }

    /// <summary>dScore/dA [N,C,h,w], or null for gradient-free methods.</summary>
    public Tensor? Gradients { get; }

    /// <summary>The target's scores [N] on the unmodified images, detached.</summary>
    public Tensor Scores { get; }

    /// <summary>Images (or masked copies) per forward pass.</summary>
    public int BatchSize => Math.Max(1, Batch.Request.BatchSize);

    /// <summary>Cancellation of the whole request.</summary>
    public CancellationToken CancellationToken => Batch.Request.CancellationToken;

    internal AttributionBatch Batch { get; }

    /// <summary>dScore/dA, or a clear error when a leaf that needs gradients got none.</summary>
    public Tensor RequireGradients() => Gradients ?? throw new InvalidOperationException("this CAM needs gradients; set UsesGradients");

    /// <summary>dScore/dA [M,C,h,w] of <see cref="Target"/> at the layer for other images [M,3,H,W] (noisy copies), in one pass.</summary>
    public Tensor LayerGradients(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        // The caller may be inside no_grad (a map being drawn); the score must be recorded to be differentiated.
        using var gradMode = enable_grad();
        var run = Model.RunDifferentiableFrom(images, Layer, Target.Layers);
        return CamMethod.GradientAt(Batch, Target, Target.Score(run), run[Layer], Layer, retainGraph: false);
    }

    /// <summary>Scores [M] of <see cref="Target"/> on <paramref name="images"/> [M,3,H,W], no gradients, in batches.</summary>
    public Tensor ScoreImages(Tensor images, RunOverrides? overrides = null)
    {
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        var n = images.shape[0];
        for (long start = 0; start < n; start += BatchSize)
        {
            CancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var x = images.narrow(0, start, Math.Min(BatchSize, n - start));
            var run = Model.Run(x, Target.Layers, true, overrides);
            parts.Add(Target.Score(run).detach().MoveToOuterDisposeScope());
        }

        return cat(parts, 0);
    }
}
