using ConvLens.Models.Onnx.Ops;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Models.Onnx;

/// <summary>
/// Every supported ONNX op, one line each: op type, the since-version its semantics start at, implementation.
/// <see cref="Resolve"/> picks the highest since-version at or below the model's opset.
/// </summary>
internal static class OpRegistry
{
    private static readonly (string Op, int Since, IOnnxOp Impl)[] Entries =
    [
        ("Abs", 1, new UnaryOp(t => t.abs())),
        ("Acos", 7, new UnaryOp(t => t.acos())),
        ("Add", 1, new BinaryOp((a, b) => a + b)),
        ("And", 1, new BinaryOp((a, b) => a.logical_and(b))),
        ("ArgMax", 1, new ArgOp(max: true)),
        ("ArgMin", 1, new ArgOp(max: false)),
        ("Asin", 7, new UnaryOp(t => t.asin())),
        ("Atan", 7, new UnaryOp(t => t.atan())),
        ("AveragePool", 1, new AveragePoolOp()),
        ("BatchNormalization", 1, new BatchNormalizationOp()),
        ("Cast", 1, new CastOp()),
        ("CastLike", 15, new CastLikeOp()),
        ("Ceil", 1, new UnaryOp(t => t.ceil())),
        ("Celu", 12, new CeluOp()),
        ("Clip", 1, new ClipOp()),
        ("Concat", 1, new ConcatOp()),
        ("Constant", 1, new ConstantOp()),
        ("ConstantOfShape", 9, new ConstantOfShapeOp()),
        ("Conv", 1, new ConvOp()),
        ("ConvTranspose", 1, new ConvTransposeOp()),
        ("Cos", 7, new UnaryOp(t => t.cos())),
        ("DepthToSpace", 1, new DepthToSpaceOp()),
        ("Div", 1, new BinaryOp(BinaryOp.Div)),
        ("Dropout", 1, new DropoutOp()),
        ("Elu", 1, new EluOp()),
        ("Equal", 1, new BinaryOp((a, b) => a.eq(BinaryOp.Same(a, b)))),
        ("Erf", 9, new UnaryOp(t => t.erf())),
        ("Exp", 1, new UnaryOp(t => t.exp())),
        ("Expand", 8, new ExpandOp()),
        ("Flatten", 1, new FlattenOp()),
        ("Floor", 1, new UnaryOp(t => t.floor())),
        ("Gather", 1, new GatherOp()),
        ("GatherElements", 11, new GatherElementsOp()),
        ("Gelu", 20, new GeluOp()),
        ("Gemm", 1, new GemmOp()),
        ("GlobalAveragePool", 1, new GlobalAveragePoolOp()),
        ("GlobalMaxPool", 1, new GlobalMaxPoolOp()),
        ("Greater", 1, new BinaryOp((a, b) => a.gt(BinaryOp.Same(a, b)))),
        ("GreaterOrEqual", 12, new BinaryOp((a, b) => a.ge(BinaryOp.Same(a, b)))),
        ("Hardmax", 1, new SoftmaxOp("Hardmax")),
        ("HardSigmoid", 1, new HardSigmoidOp()),
        ("HardSwish", 14, new UnaryOp(t => F.hardswish(t))),
        ("Identity", 1, new IdentityOp()),
        ("InstanceNormalization", 1, new InstanceNormalizationOp()),
        ("LayerNormalization", 17, new LayerNormalizationOp()),
        ("LeakyRelu", 1, new LeakyReluOp()),
        ("Less", 1, new BinaryOp((a, b) => a.lt(BinaryOp.Same(a, b)))),
        ("LessOrEqual", 12, new BinaryOp((a, b) => a.le(BinaryOp.Same(a, b)))),
        ("Log", 1, new UnaryOp(t => t.log())),
        ("LogSoftmax", 1, new SoftmaxOp("LogSoftmax")),
        ("LRN", 1, new LrnOp()),
        ("MatMul", 1, new MatMulOp()),
        ("Max", 1, new VariadicOp(maximum)),
        ("MaxPool", 1, new MaxPoolOp()),
        ("Mean", 1, new VariadicOp((a, b) => a + b, mean: true)),
        ("Min", 1, new VariadicOp(minimum)),
        ("Mod", 10, new ModOp()),
        ("Mul", 1, new BinaryOp((a, b) => a * b)),
        ("Neg", 1, new UnaryOp(t => t.neg())),
        ("Not", 1, new UnaryOp(t => t.logical_not())),
        ("Or", 1, new BinaryOp((a, b) => a.logical_or(b))),
        ("Pad", 1, new PadOp()),
        ("Pow", 1, new BinaryOp(BinaryOp.Pow)),
        ("PRelu", 1, new PReluOp()),
        ("Range", 11, new RangeOp()),
        ("Reciprocal", 1, new UnaryOp(t => t.reciprocal())),
        ("ReduceL1", 1, new ReduceOp("ReduceL1")),
        ("ReduceL2", 1, new ReduceOp("ReduceL2")),
        ("ReduceLogSum", 1, new ReduceOp("ReduceLogSum")),
        ("ReduceLogSumExp", 1, new ReduceOp("ReduceLogSumExp")),
        ("ReduceMax", 1, new ReduceOp("ReduceMax")),
        ("ReduceMean", 1, new ReduceOp("ReduceMean")),
        ("ReduceMin", 1, new ReduceOp("ReduceMin")),
        ("ReduceProd", 1, new ReduceOp("ReduceProd")),
        ("ReduceSum", 1, new ReduceOp("ReduceSum")),
        ("ReduceSumSquare", 1, new ReduceOp("ReduceSumSquare")),
        ("Relu", 1, new UnaryOp(t => F.relu(t))),
        ("Reshape", 1, new ReshapeOp()),
        ("Resize", 10, new ResizeOp(upsample: false)),
        ("Selu", 1, new SeluOp()),
        ("Shape", 1, new ShapeOp()),
        ("Sigmoid", 1, new UnaryOp(t => t.sigmoid())),
        ("Sign", 9, new UnaryOp(t => t.sign())),
        ("Sin", 7, new UnaryOp(t => t.sin())),
        ("Size", 1, new SizeOp()),
        ("Slice", 1, new SliceOp()),
        ("Softmax", 1, new SoftmaxOp("Softmax")),
        ("Softplus", 1, new UnaryOp(t => F.softplus(t))),
        ("Softsign", 1, new UnaryOp(t => t / (t.abs() + 1))),
        ("SpaceToDepth", 1, new SpaceToDepthOp()),
        ("Split", 1, new SplitOp()),
        ("Sqrt", 1, new UnaryOp(t => t.sqrt())),
        ("Squeeze", 1, new SqueezeOp()),
        ("Sub", 1, new BinaryOp((a, b) => a - b)),
        ("Sum", 1, new VariadicOp((a, b) => a + b)),
        ("Tan", 7, new UnaryOp(t => t.tan())),
        ("Tanh", 1, new UnaryOp(t => t.tanh())),
        ("ThresholdedRelu", 10, new ThresholdedReluOp()),
        ("Tile", 6, new TileOp()),
        ("Transpose", 1, new TransposeOp()),
        ("Unsqueeze", 1, new UnsqueezeOp()),
        ("Upsample", 7, new ResizeOp(upsample: true)),
        ("Where", 9, new WhereOp()),
        ("Xor", 1, new BinaryOp((a, b) => a.logical_xor(b))),
    ];

    /// <summary>Distinct op types, sorted, for error messages, docs and the conformance selection.</summary>
    public static IReadOnlyList<string> SupportedOps { get; } = [.. Entries.Select(e => e.Op).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Every registered implementation type (for the registry-completeness test).</summary>
    public static IEnumerable<Type> ImplementationTypes => Entries.Select(e => e.Impl.GetType()).Distinct();

    /// <summary>The implementation with the highest since-version ≤ <paramref name="opset"/>, or null.</summary>
    public static IOnnxOp? Resolve(string opType, int opset) => Entries
        .Where(e => e.Op == opType && e.Since <= opset)
        .OrderByDescending(e => e.Since)
        .Select(e => e.Impl)
        .FirstOrDefault();
}
