using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Perturbation;

/// <summary>RISE: the scores of randomly masked copies, averaged with their masks as weights (no gradients).</summary>
/// <remarks>
/// Petsiuk, Das and Saenko, "RISE: Randomized Input Sampling for Explanation of Black-box Models", BMVC 2018,
/// https://arxiv.org/abs/1806.07421, eq. 6 and section 3.2: binary grids of <see cref="GridSize"/>² cells, each cell
/// kept with probability <see cref="KeepProbability"/>, upsampled bilinearly to (s + 1) cells of ceil(H / s) pixels,
/// shifted by a random offset below one cell and cropped to the image; S = Σ_i f(x ⊙ M_i) M_i / (N p).
/// Masks come from the request's seed and are shared by the images of a batch; masked copies go through the network
/// in batches of <see cref="AttributionRequest.BatchSize"/>. Cost: <see cref="Masks"/> forward passes per image.
/// </remarks>
public sealed class Rise : AttributionMethod
{
    /// <summary>Creates the method.</summary>
    /// <param name="masks">Random masks per image (the paper uses 4000-8000 on ImageNet).</param>
    /// <param name="gridSize">Cells per side of the random grid.</param>
    /// <param name="keepProbability">Probability that a cell is kept.</param>
    /// <param name="shape">Smooth shifted masks (the paper's) or hard cells on a fixed grid.</param>
    /// <exception cref="ArgumentOutOfRangeException">Masks or grid size below 1, or a probability outside (0, 1].</exception>
    public Rise(int masks = 1000, int gridSize = 7, float keepProbability = 0.5f, RiseMaskShape shape = RiseMaskShape.Smooth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(masks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gridSize, 1);
        if (!(keepProbability > 0f && keepProbability <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(keepProbability), "the keep probability must be in (0, 1]");
        }

        Masks = masks;
        GridSize = gridSize;
        KeepProbability = keepProbability;
        Shape = shape;
    }

    /// <summary>Random masks per image.</summary>
    public int Masks { get; }

    /// <summary>Cells per side of the random grid.</summary>
    public int GridSize { get; }

    /// <summary>Probability that a cell is kept.</summary>
    public float KeepProbability { get; }

    /// <summary>Smooth shifted masks or hard cells.</summary>
    public RiseMaskShape Shape { get; }

    /// <inheritdoc/>
    public override string Id => "rise";

    /// <inheritdoc/>
    public override string DisplayName => "RISE";

    /// <inheritdoc/>
    public override string Description => "scores of randomly masked copies averaged with their masks (black box, no gradients)";

    /// <inheritdoc/>
    public override bool UsesGradients => false;

    /// <inheritdoc/>
    internal override bool ScoresOtherInputs => true;

    /// <inheritdoc/>
    internal override BatchMaps Compute(AttributionBatch batch)
    {
        var x = batch.Images;
        var (n, h, w) = (x.shape[0], x.shape[2], x.shape[3]);
        var total = zeros(batch.Targets.Count, n, h * w, device: x.device);
        var chunk = Math.Max(1, batch.Request.BatchSize);
        for (var start = 0; start < Masks; start += chunk)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(chunk, Masks - start);
            var masks = RandomMasks(count, h, w, batch.Generator, x.device);
            for (long i = 0; i < n; i++)
            {
                batch.Request.CancellationToken.ThrowIfCancellationRequested();
                var scores = batch.ScoresNoGrad(x[i].unsqueeze(0) * masks);
                total[.., i].add_(scores.matmul(masks.view(count, h * w)));
            }
        }

        var maps = (total / (Masks * KeepProbability)).view(batch.Targets.Count, n, h, w);
        return new BatchMaps(maps, batch.ScoresNoGrad(x));
    }

    /// <summary>[count,1,H,W] smooth masks in [0,1]: upsampled random grids, randomly shifted and cropped.</summary>
    private Tensor RandomMasks(int count, long h, long w, Generator generator, Device device)
    {
        var grid = (rand([count, 1, GridSize, GridSize], generator: generator, device: device) < KeepProbability).to(float32);
        if (Shape == RiseMaskShape.Cells)
        {
            return nn.functional.interpolate(grid, [h, w], mode: InterpolationMode.Nearest);
        }

        var (cellH, cellW) = ((h + GridSize - 1) / GridSize, (w + GridSize - 1) / GridSize);
        var up = nn.functional.interpolate(grid, [(GridSize + 1) * cellH, (GridSize + 1) * cellW], mode: InterpolationMode.Bilinear, align_corners: false);
        var shiftY = randint(0, cellH, [count], generator: generator, device: device).cpu().data<long>().ToArray();
        var shiftX = randint(0, cellW, [count], generator: generator, device: device).cpu().data<long>().ToArray();
        return cat([.. Enumerable.Range(0, count).Select(k => up[k].unsqueeze(0).narrow(2, shiftY[k], h).narrow(3, shiftX[k], w))], 0);
    }
}
