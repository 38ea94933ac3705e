using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>Shared checks of targets: flattened outputs and range errors that list what would be accepted.</summary>
internal static class TargetGuard
{
    public static Tensor FlatOutput(ModelRun run)
    {
        var output = run.Output ?? throw new ConvLensException("the run computed no model output, which this target needs");
        return output.flatten(1);
    }

    public static void CheckIndex(long index, long count, string what)
    {
        if (index < 0 || index >= count)
        {
            throw new ConvLensException($"{what} {index} is out of range: valid are 0..{count - 1}");
        }
    }
}
