namespace ConvLens.Visualize.Primer;

/// <summary>Builds the primer's teaching example end to end, as plain data (no files, no console).</summary>
public static class PrimerDemo
{
    /// <summary>Side of the digit-like image whose feature maps are shown.</summary>
    public const int ImageSize = 28;

    /// <summary>
    /// Computes the 6x6 worked example, the feature maps of a drawn 28x28 "4" under <see cref="PrimerKernels.All"/>,
    /// and dreams the pattern <see cref="PrimerKernels.DiagonalEdge5x5"/> loves.
    /// </summary>
    /// <param name="dreamOptions">Settings of the dream; defaults of <see cref="FilterDreamOptions"/> when null.</param>
    /// <param name="progress">Receives the dream's per-step progress.</param>
    /// <param name="cancellationToken">Cancels the dream.</param>
    /// <returns>All the primer's data, ready for <see cref="PrimerRenderer"/>.</returns>
    public static PrimerResult Run(
        FilterDreamOptions? dreamOptions = null,
        IProgress<FilterDreamStep>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var image = DigitSketch.Four(ImageSize);
        var maps = PrimerKernels.All
            .Select(k => new PrimerFeatureMap(k, CrossCorrelation2D.FeatureMap(image, k.Weights)))
            .ToList();
        var dreamKernel = PrimerKernels.DiagonalEdge5x5;
        var dream = FilterDream.GradientAscentFilter(dreamKernel.Weights, dreamOptions ?? new FilterDreamOptions(), progress, cancellationToken);
        return new PrimerResult(WorkedExample(), image, maps, dreamKernel, dream);
    }

    /// <summary>The course notes' example: a 6x6 image, bright (10) left half and dark (0) right half, under the vertical-edge kernel.</summary>
    public static PrimerExample WorkedExample()
    {
        var image = new float[6, 6];
        for (var r = 0; r < 6; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                image[r, c] = 10;
            }
        }

        var kernel = (float[,])PrimerKernels.VerticalEdge.Weights.Clone();
        return new PrimerExample(image, kernel, CrossCorrelation2D.FeatureMap(image, kernel));
    }
}
