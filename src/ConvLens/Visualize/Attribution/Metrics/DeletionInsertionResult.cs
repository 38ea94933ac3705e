namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>Deletion and insertion curves of one image, for the explanation's order and for a random order.</summary>
/// <param name="Deletion">Scores after deleting 0, 1/Steps, …, all pixels, most important first (lower area = more faithful).</param>
/// <param name="Insertion">Scores after inserting pixels into the blurred image, most important first (higher area = more faithful).</param>
/// <param name="RandomDeletion">Deletion curve for a random pixel order (the chance baseline).</param>
/// <param name="RandomInsertion">Insertion curve for a random pixel order.</param>
public sealed record DeletionInsertionResult(float[] Deletion, float[] Insertion, float[] RandomDeletion, float[] RandomInsertion)
{
    /// <summary>Area under the deletion curve (x from 0 to 1, trapezoids).</summary>
    public double DeletionAuc => Auc(Deletion);

    /// <summary>Area under the insertion curve.</summary>
    public double InsertionAuc => Auc(Insertion);

    /// <summary>Area under the random-order deletion curve.</summary>
    public double RandomDeletionAuc => Auc(RandomDeletion);

    /// <summary>Area under the random-order insertion curve.</summary>
    public double RandomInsertionAuc => Auc(RandomInsertion);

    /// <summary>Trapezoidal area under a curve sampled at equal steps on [0,1].</summary>
    public static double Auc(IReadOnlyList<float> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (curve.Count < 2)
        {
            return curve.Count == 1 ? curve[0] : 0;
        }

        double sum = 0;
        for (var i = 1; i < curve.Count; i++)
        {
            sum += (curve[i - 1] + curve[i]) / 2.0;
        }

        return sum / (curve.Count - 1);
    }
}
