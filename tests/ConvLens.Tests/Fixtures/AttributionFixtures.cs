using ConvLens.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Tests.Fixtures;

/// <summary>Hand-weighted networks for exact CAM values.</summary>
internal static class AttributionFixtures
{
    /// <summary>
    /// conv 1x1 (3→2; channel 0 copies red, channel 1 copies green) → relu → flatten → linear(8→1) with weights
    /// [[1,2],[3,4]] for channel 0 and [[-1,0],[1,0]] for channel 1, no biases; input 2x2, identity preprocessing.
    /// The gradient of the output with respect to the relu output is therefore the linear layer's weights.
    /// </summary>
    public static ModuleModel HandWeighted()
    {
        var conv = nn.Conv2d(3, 2, 1, bias: false);
        var fc = nn.Linear(8, 1, hasBias: false);
        using (no_grad())
        {
            conv.weight!.copy_(tensor(new float[] { 1, 0, 0, 0, 1, 0 }).view(2, 3, 1, 1));
            fc.weight!.copy_(tensor(new float[] { 1, 2, 3, 4, -1, 0, 1, 0 }).view(1, 8));
        }

        var net = nn.Sequential(("conv", conv), ("relu", nn.ReLU()), ("flatten", nn.Flatten()), ("fc", fc));
        return new ModuleModel("hand-weighted", net, new Preprocessing { Height = 2, Width = 2 });
    }

    /// <summary>The image of the hand-checked tests: red [[1,0],[0,1]], green [[2,0],[1,1]], blue 0.</summary>
    public static Tensor HandImage() =>
        tensor(new float[] { 1, 0, 0, 1, 2, 0, 1, 1, 0, 0, 0, 0 }).view(1, 3, 2, 2);
}
