namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>Average drop / increase in confidence (percentages) for the explanations and for shuffled maps.</summary>
/// <param name="AverageDrop">Mean relative score drop in % when the image is masked by the map (lower is better).</param>
/// <param name="IncreaseInConfidence">Percentage of images whose score rises under the mask (higher is better).</param>
/// <param name="RandomAverageDrop">Average drop with each map's pixels shuffled (the chance baseline).</param>
/// <param name="RandomIncreaseInConfidence">Increase in confidence with shuffled maps.</param>
public sealed record AverageDropIncreaseResult(double AverageDrop, double IncreaseInConfidence, double RandomAverageDrop, double RandomIncreaseInConfidence);
