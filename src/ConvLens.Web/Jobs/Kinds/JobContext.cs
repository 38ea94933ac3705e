using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Visualize.Statistics;
using ConvLens.Web.Images;

namespace ConvLens.Web.Jobs.Kinds;

/// <summary>Everything a running job gets: its model (its own), inputs, where to write, whom to tell, when to stop.</summary>
/// <param name="Model">The model, lent to this job alone.</param>
/// <param name="Image">The image, for kinds that take one.</param>
/// <param name="Photo">The image decoded (upright RGB).</param>
/// <param name="Dataset">The dataset, for stats.</param>
/// <param name="DatasetName">The dataset as the client named it (relative to the data folder).</param>
/// <param name="Images">The image store (targets such as <c>similar:IMAGE</c> name other images).</param>
/// <param name="Files">The job's folder.</param>
/// <param name="Report">Progress and live pictures.</param>
/// <param name="Token">Cancelled by DELETE or shutdown.</param>
internal sealed record JobContext(
    LoadedModel Model,
    StoredImage? Image,
    RgbImage? Photo,
    DatasetSource? Dataset,
    string? DatasetName,
    ImageStore Images,
    JobFolder Files,
    JobReporter Report,
    CancellationToken Token)
{
    /// <summary>The photo, which the kind declared it needs.</summary>
    public RgbImage RequiredPhoto => Photo ?? throw new InvalidOperationException("this job kind needs an image");

    /// <summary>The dataset, which the kind declared it needs.</summary>
    public DatasetSource RequiredDataset => Dataset ?? throw new InvalidOperationException("this job kind needs a dataset");
}
