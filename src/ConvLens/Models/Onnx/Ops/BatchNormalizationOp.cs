using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>
/// BatchNormalization in inference form. Opsets ≤ 8 may say spatial=0 (one set of statistics per activation,
/// broadcast over the batch); training_mode=1 (opset 14+) is rejected because libtorch's running-statistics rule
/// differs from ONNX's and visualization always runs in eval mode.
/// </summary>
internal sealed class BatchNormalizationOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var eps = ctx.Attributes.Float("epsilon", 1e-5f);
        var spatial = ctx.Opset < 9 ? ctx.Attributes.Int("spatial", 1) : 1;
        if (ctx.Attributes.Int("training_mode", 0) != 0)
        {
            throw ctx.Error("training_mode=1 is not supported (ConvLens runs models in inference mode)");
        }

        if (ctx.Opset < 14 && Enumerable.Range(1, 4).Any(ctx.HasOutput))
        {
            throw ctx.Error("the training outputs (mean, var, saved_mean, saved_var) are not supported");
        }

        return inputs =>
        {
            var (x, scale, bias, mean, variance) = (inputs[0]!, inputs[1]!, inputs[2]!, inputs[3]!, inputs[4]!);
            Tensor y;
            if (spatial == 0)
            {
                y = ((x - mean) / (variance + eps).sqrt() * scale) + bias;
            }
            else
            {
                // The statistics are buffers; detach so they can never receive gradients.
                if (GradientPath.Records(x, scale, bias))
                {
                    // libtorch 2.10's batch_norm backward is 4x slower than that of one multiply-add per element with
                    // per-channel factors (8x64x56x56: 11 vs 2.5 ms); its forward is the faster one, so it stays
                    // for inference. Both give the same values to float rounding.
                    var shape = Enumerable.Repeat(1L, (int)x.dim() - 1).ToArray();
                    shape[0] = -1;
                    var factor = scale * (variance.detach() + eps).rsqrt();
                    var shift = bias - (mean.detach() * factor);
                    y = addcmul(shift.reshape(shape), x, factor.reshape(shape), 1);
                }
                else
                {
                    y = F.batch_norm(x, mean.detach(), variance.detach(), scale, bias, training: false, eps: eps);
                }
            }

            // Opset 14+ inference: the optional running_mean / running_var outputs are the inputs.
            return [y, mean.alias(), variance.alias()];
        };
    }
}
