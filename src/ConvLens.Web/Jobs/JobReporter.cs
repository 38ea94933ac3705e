using System.Diagnostics;
using ConvLens.Imaging;

namespace ConvLens.Web.Jobs;

/// <summary>
/// What a running job tells its watchers: progress (at most every <see cref="Interval"/>, and always the last) and
/// intermediate pictures. Called on the worker thread, synchronously, inside the library's loops.
/// </summary>
internal sealed class JobReporter(Job job)
{
    /// <summary>Progress events closer than this are merged (a maximize step can take a few milliseconds on a tiny model).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _last;

    /// <summary>Time since the job started running.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Reports progress; <paramref name="final"/> forces it out.</summary>
    public void Progress(JobProgress progress, bool final = false)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var now = _clock.Elapsed;
        if (final || progress.Fraction >= 1 || _last is not { } last || now - last >= Interval)
        {
            _last = now;
            job.ReportProgress(progress);
        }
    }

    /// <summary>Reports an intermediate picture (several images are shown side by side).</summary>
    public void Frame(long step, long total, IReadOnlyList<RgbImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var picture = images.Count == 1 ? images[0] : Mosaic.Compose(images, new MosaicOptions { Columns = Math.Min(8, images.Count), Padding = 2 });
        job.ReportFrame(new JobFrame(step, total, "data:image/png;base64," + Convert.ToBase64String(ImageEncoder.EncodePng(picture))));
    }
}
