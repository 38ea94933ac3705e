namespace ConvLens.Web.Jobs;

/// <summary>How far a job is: what the page's progress bar, ETA and objective curve show.</summary>
/// <param name="Fraction">Done, 0..1.</param>
/// <param name="Message">One line, e.g. "step 40/256" or "120/500 images, 35.2 img/s".</param>
/// <param name="Step">Steps (or images) done, when counted.</param>
/// <param name="Total">Steps (or images) in all.</param>
/// <param name="Objective">The objective at this step (maximize, dream).</param>
/// <param name="ElapsedSeconds">Time since the job started.</param>
/// <param name="EtaSeconds">Estimated time left, when it can be estimated.</param>
internal sealed record JobProgress(double Fraction, string Message, long? Step = null, long? Total = null, double? Objective = null, double ElapsedSeconds = 0, double? EtaSeconds = null)
{
    /// <summary>Nothing done yet.</summary>
    public static JobProgress None { get; } = new(0, "waiting");

    /// <summary>Progress after <paramref name="done"/> of <paramref name="total"/>, with the ETA at the rate so far.</summary>
    public static JobProgress Counted(long done, long total, TimeSpan elapsed, string message, double? objective = null)
    {
        var fraction = total <= 0 ? 1 : Math.Clamp((double)done / total, 0, 1);
        double? eta = done > 0 && total > 0 ? elapsed.TotalSeconds * (total - done) / done : null;
        return new(fraction, message, done, total, objective, elapsed.TotalSeconds, eta);
    }
}
