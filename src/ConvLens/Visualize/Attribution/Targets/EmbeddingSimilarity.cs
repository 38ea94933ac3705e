using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>
/// Cosine similarity between each image's output embedding and a reference embedding: explains "what makes this
/// image look like that one" on featurizers without a classifier (the built-in ResNet18).
/// </summary>
public sealed class EmbeddingSimilarity : ITarget
{
    private readonly float[] _reference;

    /// <summary>Targets similarity to <paramref name="reference"/> (the flattened output of one image).</summary>
    /// <exception cref="ArgumentException">The reference is empty.</exception>
    public EmbeddingSimilarity(float[] reference, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Length == 0)
        {
            throw new ArgumentException("the reference embedding is empty", nameof(reference));
        }

        _reference = [.. reference];
        Description = description ?? "similarity to reference";
    }

    /// <summary>The reference embedding.</summary>
    public IReadOnlyList<float> Reference => _reference;

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> Layers => [];

    /// <summary>Embeds <paramref name="referenceImage"/> with <paramref name="model"/> and targets similarity to it.</summary>
    /// <param name="model">The model whose output is the embedding.</param>
    /// <param name="referenceImage">[1,3,H,W], float32, RGB in 0..1; not disposed.</param>
    /// <param name="description">A label for reports, e.g. the reference file name.</param>
    public static EmbeddingSimilarity FromImage(LoadedModel model, Tensor referenceImage, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(referenceImage);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var run = model.Run(referenceImage.to(model.Device));
        var embedding = run.Output!.flatten(1)[0].cpu().data<float>().ToArray();
        return new EmbeddingSimilarity(embedding, description is null ? null : $"similarity to {description}");
    }

    /// <inheritdoc/>
    public ITarget Resolve(LoadedModel model) => this;

    /// <inheritdoc/>
    public Tensor Score(ModelRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var output = TargetGuard.FlatOutput(run);
        if (output.shape[1] != _reference.Length)
        {
            throw new ConvLensException($"reference embedding has {_reference.Length} values but the model output has {output.shape[1]}");
        }

        var reference = tensor(_reference, device: output.device).unsqueeze(0);
        return nn.functional.cosine_similarity(output, reference, 1, 1e-8);
    }
}
