using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>Boxes [B,4] copied out as managed arrays.</summary>
internal static class BoxList
{
    public static IReadOnlyList<float[]> Of(Tensor boxes)
    {
        if (boxes.numel() == 0)
        {
            // TorchSharp's element accessor throws on an empty tensor (no box reached the confidence).
            return [];
        }

        var values = boxes.to(float32).cpu().contiguous().data<float>().ToArray();
        return [.. values.Chunk(4)];
    }
}
