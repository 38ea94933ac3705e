using ConvLens.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Maximize;

/// <summary>
/// The state carried across optimisation steps (seeded generator, Adam) and one step of the loop; internal so the
/// benchmark can time single steps against the network alone.
/// </summary>
internal sealed class MaximizeSession : IDisposable
{
    private readonly LoadedModel _model;
    private readonly Objective _objective;
    private readonly IImageParameterization _parameterization;
    private readonly IReadOnlyList<IImageTransform> _transforms;
    private readonly MaximizeOptions _options;
    private readonly string[] _taps;
    private readonly Generator _rng;
    private readonly Adam _optimizer;

    public MaximizeSession(LoadedModel model, Objective objective, IImageParameterization parameterization,
        IReadOnlyList<IImageTransform> transforms, MaximizeOptions options, string[] taps)
    {
        _model = model;
        _objective = objective;
        _parameterization = parameterization;
        _transforms = transforms;
        _options = options;
        _taps = taps;
        _rng = new Generator((ulong)options.Seed, model.Device);
        _optimizer = optim.Adam(parameterization.Parameters, lr: options.LearningRate);
    }

    /// <summary>One Adam step on <c>-objective.sum()</c>; returns the objective of each image. Owns its tensors.</summary>
    public double[] Step()
    {
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        var image = _parameterization.Render();
        var input = Prepare(image);
        var run = _model.Run(input, _taps, _objective.NeedsOutput);
        var values = _objective.Evaluate(new ObjectiveContext(run, input, image, _options.Layout));
        (-values.sum()).backward();
        _optimizer.step();
        return [.. values.detach().cpu().to(ScalarType.Float64).data<double>()];
    }

    /// <summary>Applies the transforms, then resizes to the model size when one is set.</summary>
    private Tensor Prepare(Tensor image)
    {
        var x = image;
        foreach (var t in _transforms)
        {
            x = t.Apply(x, _rng);
        }

        if (_options.UpsampleTo is { } size && (x.shape[2] != size || x.shape[3] != size))
        {
            x = nn.functional.interpolate(x, [size, size], mode: InterpolationMode.Bilinear, align_corners: true);
        }

        return x;
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _rng.Dispose();
    }
}
