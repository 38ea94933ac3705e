using Microsoft.Extensions.Options;

namespace ConvLens.Web.Jobs;

/// <summary>Deletes expired results in the background, several times per retention period.</summary>
internal sealed class JobRetention(JobStore store, IOptions<ServeOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(options.Value.ResultRetention.Ticks / 4, TimeSpan.FromMilliseconds(200).Ticks, TimeSpan.FromMinutes(1).Ticks));
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                store.Sweep();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // A host disposed without being stopped first cancels here too; that is an end, not a failure.
        }
    }
}
