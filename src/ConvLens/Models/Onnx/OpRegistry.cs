using ConvLens.Models.Onnx.Ops;
using static ConvLens.Models.Onnx.OpTraits;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Models.Onnx;

/// <summary>
/// Every supported ONNX op, one line each: op type, the since-version its semantics start at, implementation, and
/// the <see cref="OpTraits"/> the layer tools read. <see cref="Resolve"/> picks the highest since-version at or
/// below the model's opset.
/// </summary>
internal static class OpRegistry
{
    private static readonly OpEntry[] Entries =
    [
        new("Abs", 1, new UnaryOp(t => t.abs())),
        new("Acos", 7, new UnaryOp(t => t.acos())),
        new("Add", 1, new BinaryOp((a, b) => a + b)),
        new("And", 1, new BinaryOp((a, b) => a.logical_and(b))),
        new("ArgMax", 1, new ArgOp(max: true)),
        new("ArgMin", 1, new ArgOp(max: false)),
        new("Asin", 7, new UnaryOp(t => t.asin())),
        new("Atan", 7, new UnaryOp(t => t.atan())),
        new("AveragePool", 1, new AveragePoolOp(), SlidingWindow),
        new("BatchNormalization", 1, new BatchNormalizationOp(), PassThrough),
        new("Cast", 1, new CastOp()),
        new("CastLike", 15, new CastLikeOp()),
        new("Ceil", 1, new UnaryOp(t => t.ceil())),
        new("Celu", 12, new CeluOp()),
        new("Clip", 1, new ClipOp(), PassThrough),
        new("Concat", 1, new ConcatOp()),
        new("Constant", 1, new ConstantOp()),
        new("ConstantOfShape", 9, new ConstantOfShapeOp()),
        new("Conv", 1, new ConvOp(), SlidingWindow),
        new("ConvTranspose", 1, new ConvTransposeOp(), Resamples),
        new("Cos", 7, new UnaryOp(t => t.cos())),
        new("CumSum", 11, new CumSumOp(), MixesAllPositions),
        new("DepthToSpace", 1, new DepthToSpaceOp()),
        new("Div", 1, new BinaryOp(BinaryOp.Div)),
        new("Dropout", 1, new DropoutOp(), PassThrough),
        new("Elu", 1, new EluOp(), PassThrough),
        new("Einsum", 12, new EinsumOp(), MixesAllPositions),
        new("Equal", 1, new BinaryOp((a, b) => a.eq(BinaryOp.Same(a, b)))),
        new("Erf", 9, new UnaryOp(t => t.erf())),
        new("Exp", 1, new UnaryOp(t => t.exp())),
        new("Expand", 8, new ExpandOp()),
        new("Flatten", 1, new FlattenOp(), MixesAllPositions),
        new("Floor", 1, new UnaryOp(t => t.floor())),
        new("Gather", 1, new GatherOp()),
        new("GatherElements", 11, new GatherElementsOp()),
        new("GatherND", 11, new GatherNDOp()),
        new("Gelu", 20, new GeluOp()),
        new("Gemm", 1, new GemmOp(), MixesAllPositions),
        new("GlobalAveragePool", 1, new GlobalAveragePoolOp(), MixesAllPositions),
        new("GlobalMaxPool", 1, new GlobalMaxPoolOp(), MixesAllPositions),
        new("Greater", 1, new BinaryOp((a, b) => a.gt(BinaryOp.Same(a, b)))),
        new("GridSample", 16, new GridSampleOp(), Resamples),
        new("GreaterOrEqual", 12, new BinaryOp((a, b) => a.ge(BinaryOp.Same(a, b)))),
        new("GroupNormalization", 18, new GroupNormalizationOp(), PassThrough),
        new("Hardmax", 1, new SoftmaxOp(SoftmaxOp.Hardmax)),
        new("HardSigmoid", 1, new HardSigmoidOp()),
        new("HardSwish", 14, new UnaryOp(t => F.hardswish(t)), PassThrough),
        new("Identity", 1, new IdentityOp(), PassThrough),
        new("If", 1, new IfOp()),
        new("InstanceNormalization", 1, new InstanceNormalizationOp(), PassThrough),
        new("LayerNormalization", 17, new LayerNormalizationOp()),
        new("LeakyRelu", 1, new LeakyReluOp(), PassThrough),
        new("Less", 1, new BinaryOp((a, b) => a.lt(BinaryOp.Same(a, b)))),
        new("LessOrEqual", 12, new BinaryOp((a, b) => a.le(BinaryOp.Same(a, b)))),
        new("Log", 1, new UnaryOp(t => t.log())),
        new("LogSoftmax", 1, new SoftmaxOp((x, dim) => F.log_softmax(x, dim)), MixesAllPositions),
        new("LRN", 1, new LrnOp()),
        new("MatMul", 1, new MatMulOp(), MixesAllPositions),
        new("Max", 1, new VariadicOp(maximum)),
        new("MaxPool", 1, new MaxPoolOp(), SlidingWindow),
        new("Mean", 1, new VariadicOp((a, b) => a + b, mean: true)),
        new("Min", 1, new VariadicOp(minimum)),
        new("Mish", 18, new UnaryOp(t => F.mish(t)), PassThrough),
        new("Mod", 10, new ModOp()),
        new("Mul", 1, new BinaryOp((a, b) => a * b)),
        new("Neg", 1, new UnaryOp(t => t.neg())),
        new("NonMaxSuppression", 10, new NonMaxSuppressionOp()),
        new("NonZero", 9, new NonZeroOp()),
        new("Not", 1, new UnaryOp(t => t.logical_not())),
        new("Or", 1, new BinaryOp((a, b) => a.logical_or(b))),
        new("Pad", 1, new PadOp()),
        new("Pow", 1, new BinaryOp(BinaryOp.Pow)),
        new("PRelu", 1, new PReluOp(), PassThrough),
        new("Range", 11, new RangeOp()),
        new("Reciprocal", 1, new UnaryOp(t => t.reciprocal())),
        new("ReduceL1", 1, new ReduceOp((x, d) => x.abs().sum(d, keepdim: true))),
        new("ReduceL2", 1, new ReduceOp((x, d) => x.pow(2).sum(d, keepdim: true).sqrt())),
        new("ReduceLogSum", 1, new ReduceOp((x, d) => x.sum(d, keepdim: true).log())),
        new("ReduceLogSumExp", 1, new ReduceOp(ReduceOp.LogSumExp)),
        new("ReduceMax", 1, new ReduceOp((x, d) => x.amax(d, keepdim: true)), MixesAllPositions),
        new("ReduceMean", 1, new ReduceOp((x, d) => x.mean(d, keepdim: true)), MixesAllPositions),
        new("ReduceMin", 1, new ReduceOp((x, d) => x.amin(d, keepdim: true)), MixesAllPositions),
        new("ReduceProd", 1, new ReduceOp(ReduceOp.Prod)),
        new("ReduceSum", 1, new ReduceOp((x, d) => x.sum(d, keepdim: true)), MixesAllPositions),
        new("ReduceSumSquare", 1, new ReduceOp((x, d) => x.pow(2).sum(d, keepdim: true))),
        new("Relu", 1, new UnaryOp(t => F.relu(t)), PassThrough),
        new("Reshape", 1, new ReshapeOp(), MixesAllPositions),
        new("Resize", 10, new ResizeOp(upsample: false), Resamples),
        new("Scatter", 9, new ScatterElementsOp()),
        new("ScatterElements", 11, new ScatterElementsOp()),
        new("ScatterND", 11, new ScatterNDOp()),
        new("Selu", 1, new SeluOp(), PassThrough),
        new("Shape", 1, new ShapeOp()),
        new("Sigmoid", 1, new UnaryOp(t => t.sigmoid()), PassThrough),
        new("Sign", 9, new UnaryOp(t => t.sign())),
        new("Sin", 7, new UnaryOp(t => t.sin())),
        new("Size", 1, new SizeOp()),
        new("Slice", 1, new SliceOp()),
        new("Softmax", 1, new SoftmaxOp((x, dim) => F.softmax(x, dim)), MixesAllPositions),
        new("Softplus", 1, new UnaryOp(t => F.softplus(t))),
        new("Softsign", 1, new UnaryOp(t => t / (t.abs() + 1))),
        new("SpaceToDepth", 1, new SpaceToDepthOp()),
        new("Split", 1, new SplitOp()),
        new("Sqrt", 1, new UnaryOp(t => t.sqrt())),
        new("Squeeze", 1, new SqueezeOp()),
        new("Sub", 1, new BinaryOp((a, b) => a - b)),
        new("Sum", 1, new VariadicOp((a, b) => a + b)),
        new("Tan", 7, new UnaryOp(t => t.tan())),
        new("Tanh", 1, new UnaryOp(t => t.tanh()), PassThrough),
        new("ThresholdedRelu", 10, new ThresholdedReluOp()),
        new("Tile", 6, new TileOp()),
        new("TopK", 1, new TopKOp()),
        new("Transpose", 1, new TransposeOp()),
        new("Trilu", 14, new TriluOp()),
        new("Unsqueeze", 1, new UnsqueezeOp()),
        new("Upsample", 7, new ResizeOp(upsample: true), Resamples),
        new("Where", 9, new WhereOp()),
        new("Xor", 1, new BinaryOp((a, b) => a.logical_xor(b))),
    ];

    private static readonly Dictionary<string, OpTraits> s_traits = Entries
        .GroupBy(e => e.Op, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Aggregate(OpTraits.None, (t, e) => t | e.Traits), StringComparer.Ordinal);

    /// <summary>Every row, for the registry-completeness test.</summary>
    public static IReadOnlyList<OpEntry> All => Entries;

    /// <summary>Distinct op types, sorted, for error messages, docs and the conformance selection.</summary>
    public static IReadOnlyList<string> SupportedOps { get; } = [.. Entries.Select(e => e.Op).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The implementation with the highest since-version ≤ <paramref name="opset"/>, or null.</summary>
    public static IOnnxOp? Resolve(string opType, int opset) => Entries
        .Where(e => e.Op == opType && e.Since <= opset)
        .OrderByDescending(e => e.Since)
        .Select(e => e.Impl)
        .FirstOrDefault();

    /// <summary>The traits of <paramref name="opType"/> (those of all its rows); <see cref="OpTraits.None"/> for unknown ops.</summary>
    public static OpTraits TraitsOf(string opType) => s_traits.GetValueOrDefault(opType);
}
