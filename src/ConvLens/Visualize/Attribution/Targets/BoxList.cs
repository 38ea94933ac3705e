using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>Boxes [B,4] copied out as managed arrays.</summary>
internal static class BoxList
{
    public static IReadOnlyList<float[]> Of(Tensor boxes)
    {
        var values = boxes.to(float32).cpu().contiguous().data<float>().ToArray();
        return [.. values.Chunk(4)];
    }
}
