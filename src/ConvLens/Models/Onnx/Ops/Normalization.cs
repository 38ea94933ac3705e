using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>InstanceNormalization: per (n, c) biased statistics, then scale and bias per channel.</summary>
internal sealed class InstanceNormalizationOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var eps = ctx.Attributes.Float("epsilon", 1e-5f);
        return inputs => OpUtil.One(F.instance_norm(inputs[0]!, weight: inputs[1], bias: inputs[2], eps: eps));
    }
}

/// <summary>LayerNormalization (opset 17): normalizes from <c>axis</c> to the end; Mean and InvStdDev on request.</summary>
internal sealed class LayerNormalizationOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var axis = ctx.Attributes.Int("axis", -1);
        var eps = ctx.Attributes.Float("epsilon", 1e-5f);
        var stats = ctx.HasOutput(1) || ctx.HasOutput(2);
        return inputs =>
        {
            var x = inputs[0]!;
            var a = OpUtil.Axis(axis, x.dim());
            var dims = Enumerable.Range((int)a, (int)(x.dim() - a)).Select(i => (long)i).ToArray();
            var mean = x.mean(dims, keepdim: true);
            var centered = x - mean;
            var inv = (centered.pow(2).mean(dims, keepdim: true) + eps).rsqrt();
            var y = centered * inv * inputs[1]!;
            if (inputs.Length > 2 && inputs[2] is { } b)
            {
                y = y + b;
            }

            return stats ? [y, mean, inv] : [y];
        };
    }
}

/// <summary>
/// LRN across channels: Y = X / (bias + alpha/size · S)^beta. Written out rather than with libtorch's
/// local_response_norm, which puts the extra neighbour of an even size before c instead of after it.
/// </summary>
internal sealed class LrnOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var a = ctx.Attributes;
        var size = a.RequiredInt("size");
        var alpha = a.Float("alpha", 1e-4f);
        var beta = a.Float("beta", 0.75f);
        var bias = a.Float("bias", 1f);
        return inputs =>
        {
            var x = inputs[0]!;
            var shape = x.shape;
            var sq = x.pow(2).reshape(shape[0], 1, shape[1], -1);
            var before = (size - 1) / 2;
            var after = size - 1 - before;
            // The mean over a zero-padded window of size channels is S / size.
            var avg = F.avg_pool2d(F.pad(sq, [0, 0, before, after]), [size, 1], [1, 1]);
            return OpUtil.One(x / (bias + (alpha * avg.reshape(shape))).pow(beta));
        };
    }
}

/// <summary>
/// GroupNormalization: biased statistics over each group of num_groups channels (and all spatial positions), then
/// scale and bias. Opset 18 gives scale and bias one value per group; opset 21 fixed that to one per channel and added
/// stash_type, the type the statistics are computed in (float32 by default, which matters for float16 inputs).
/// </summary>
internal sealed class GroupNormalizationOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var groups = ctx.Attributes.RequiredInt("num_groups");
        var eps = ctx.Attributes.Float("epsilon", 1e-5f);
        var perChannel = ctx.Opset >= 21;
        var stash = ctx.Attributes.Int("stash_type", 1);
        if (groups < 1)
        {
            throw ctx.Error($"attribute 'num_groups' is {groups}; expected 1 or more");
        }

        if (stash is not (1 or 10 or 11 or 16))
        {
            throw ctx.Error($"attribute 'stash_type' is {stash}; expected a floating type (1 float, 10 float16, 11 double, 16 bfloat16)");
        }

        var (stashType, _) = TensorProtoReader.ScalarFor((int)stash, $"stash_type of node '{ctx.Node.Name}'");
        return inputs =>
        {
            var x = inputs[0]!;
            var (scale, bias) = (inputs[1]!, inputs[2]!);
            var channels = x.dim() < 2 ? 0 : x.shape[1];
            var expected = perChannel ? channels : groups;
            if (channels % groups != 0 || scale.numel() != expected || bias.numel() != expected)
            {
                throw new ArgumentException(
                    $"input [{string.Join(",", x.shape)}] with num_groups {groups} needs {channels} channels divisible by it and scale and bias of {expected} values (one per {(perChannel ? "channel" : "group")}), got [{string.Join(",", scale.shape)}] and [{string.Join(",", bias.shape)}]");
            }

            if (!perChannel)
            {
                // One value per group, repeated over that group's channels.
                scale = scale.reshape(groups, 1).expand(groups, channels / groups).reshape(channels);
                bias = bias.reshape(groups, 1).expand(groups, channels / groups).reshape(channels);
            }

            // stash_type raises the precision of the statistics (float16 in float32); it never lowers a float64 input's.
            var computeIn = perChannel && x.dtype != ScalarType.Float64 ? stashType : x.dtype;
            var y = F.group_norm(x.to_type(computeIn), groups, scale.to_type(computeIn), bias.to_type(computeIn), eps);
            return OpUtil.One(y.to_type(x.dtype));
        };
    }
}
