namespace ConvLens.Web.Jobs;

/// <summary>An intermediate picture of a running optimisation, as the <c>frame</c> event carries it.</summary>
/// <param name="Step">The step after which it was taken.</param>
/// <param name="Total">Steps in the run.</param>
/// <param name="Image">The picture as a <c>data:image/png;base64</c> URL (one image, or a grid for several).</param>
internal sealed record JobFrame(long Step, long Total, string Image);
