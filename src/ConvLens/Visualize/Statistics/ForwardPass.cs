using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Statistics;

/// <summary>Runs a model, forward only, over the batches of a <see cref="DatasetBatches"/> stream and taps chosen layers.</summary>
internal sealed class ForwardPass(LoadedModel model, IReadOnlyList<string> layers, Device device, IReadOnlyDictionary<string, TokenLayout?>? layouts = null)
{
    /// <summary>The tapped layers (canonical names).</summary>
    public IReadOnlyList<string> Layers => layers;

    /// <summary>Runs the next <paramref name="batchCount"/> batches of <paramref name="batches"/> (fewer at its end).</summary>
    /// <param name="batches">The stream; a batch with no readable image still counts, but is not run.</param>
    /// <param name="batchCount">How many batches to read; <see cref="int.MaxValue"/> for the rest of the stream.</param>
    /// <param name="onBatch">Gets each batch's image indices and taps; the taps are freed when it returns.</param>
    public void Run(DatasetBatches batches, int batchCount, Action<long[], ModelRun> onBatch)
    {
        for (var i = 0; i < batchCount && batches.Next() is { } batch; i++)
        {
            using (batch)
            {
                if (batch.Indices.Length == 0)
                {
                    continue;
                }

                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var run = model.Run(batch.ToTensor().to(device), layers, needOutput: false);
                onBatch(batch.Indices, layouts is null ? run : OnGrid(run, layouts));
            }
        }
    }

    /// <summary>The run with token layers laid on their grid ([N,C,H,W]), which is what the accumulators read.</summary>
    private static ModelRun OnGrid(ModelRun run, IReadOnlyDictionary<string, TokenLayout?> layouts) =>
        new(run.Output, run.Taps.ToDictionary(kv => kv.Key, kv => layouts.GetValueOrDefault(kv.Key) is { IsTokenLike: true } l ? l.ToGrid(kv.Value) : kv.Value, StringComparer.Ordinal));
}
