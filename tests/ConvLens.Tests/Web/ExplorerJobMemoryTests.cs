using System.Net;
using ConvLens.Imaging;
using ConvLens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConvLens.Tests.Web;

/// <summary>
/// Hundreds of jobs leave neither tensors nor memory nor files behind. The managed heap is process-wide, so this class
/// runs alone (<see cref="ProcessWideMeasurements"/>): no other test allocates while it measures.
/// </summary>
[Collection(ProcessWideMeasurements.Name)]
public sealed class ExplorerJobMemoryTests : IDisposable
{
    private static readonly string[] Relu2 = ["relu2"];

    private readonly ExplorerSite _site = new();

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task Should_keep_live_tensors_memory_and_files_flat_over_200_jobs()
    {
        using var factory = new ExplorerFactory(_site, o => (o.Concurrency, o.QueueCapacity, o.MaxKeptJobs) = (2, 16, 20));
        using var client = factory.CreateClient();
        var photo = await client.UploadId(ImageEncoder.EncodePng(TestImages.Noise(32, 32)));
        object Job(int i) => i % 2 == 0
            ? new { kind = "maps", model = ExplorerApi.Tiny, image = photo, options = new { layers = Relu2 } }
            : new { kind = "cam", model = ExplorerApi.Tiny, image = photo, options = new { method = "grad-cam" } };

        var first = await Wave(client, 0, 20, Job);
        var early = Track(factory, first);
        var (tensorsBefore, managedBefore, bytesBefore) = await Measure(client);
        await Wave(client, 20, 200, Job);
        var (tensorsAfter, managedAfter, bytesAfter) = await Measure(client);

        Assert.Equal(tensorsBefore, tensorsAfter);
        // Exact: the first jobs, long evicted, are garbage with their results. The heap grew by 0.8 MiB here with this class
        // running alone (it could only be bounded at 256 MiB while other classes allocated alongside); 8 MiB is 45 KiB a job.
        Assert.All(early, job => Assert.False(job.IsAlive, "an evicted job is still referenced"));
        Assert.True(managedAfter - managedBefore < 8L * 1024 * 1024, $"managed memory grew by {(managedAfter - managedBefore) / 1024} KiB over 180 jobs");
        Assert.True(bytesAfter <= bytesBefore * 1.5 + 64 * 1024, $"the work folder grew from {bytesBefore} to {bytesAfter} bytes with at most 20 jobs kept");
    }

    // Weak references to the server's job objects, so that holding them does not keep them alive.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static List<WeakReference> Track(ExplorerFactory factory, IReadOnlyList<string> ids)
    {
        var store = factory.Services.GetRequiredService<ConvLens.Web.Jobs.JobStore>();
        return [.. ids.Select(id => new WeakReference(store.Get(id)))];
    }

    // Runs jobs [from, to) in groups that fit the queue, each group to the end.
    private static async Task<List<string>> Wave(HttpClient client, int from, int to, Func<int, object> job)
    {
        var all = new List<string>();
        for (var start = from; start < to; start += 16)
        {
            var ids = await Task.WhenAll(Enumerable.Range(start, Math.Min(16, to - start)).Select(i => client.Start(job(i))));
            foreach (var id in ids)
            {
                Assert.Equal("succeeded", (await client.Finish(id)).Text("state"));
            }

            all.AddRange(ids);
        }

        return all;
    }

    private static async Task<(long Tensors, long Managed, long Bytes)> Measure(HttpClient client)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var diagnostics = await (await client.GetAsync("/api/diagnostics")).Json(HttpStatusCode.OK);
        var tensors = diagnostics["workers"]!.AsArray().Sum(w => w!["liveTensors"]!.GetValue<long>());
        return (tensors, GC.GetTotalMemory(forceFullCollection: true), diagnostics["workFolderBytes"]!.GetValue<long>());
    }
}
