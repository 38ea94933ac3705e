namespace ConvLens.Models.Onnx;

/// <summary>
/// What the layer tools need to know about an op beyond running it: how it maps positions and channels. Each op
/// declares its traits in its <see cref="OpRegistry"/> row, so no list of op types is kept elsewhere.
/// </summary>
[Flags]
internal enum OpTraits
{
    /// <summary>Element-wise on positions, and nothing the layer tools need to walk through.</summary>
    None = 0,

    /// <summary>
    /// Output channel c comes from channel c of input 0 at the same position (activations, batch and instance
    /// normalization, Dropout, Identity): the filters and the batch-norm scale of a layer are found by walking back
    /// through these ops to the convolution that feeds them.
    /// </summary>
    PassThrough = 1,

    /// <summary>Slides a kernel over the input (convolution, pooling): grows the receptive field by its dilated kernel and stride.</summary>
    SlidingWindow = 2,

    /// <summary>Every output can see every input position (global pools, Flatten, Gemm, reductions, Softmax): the receptive field is the whole input.</summary>
    MixesAllPositions = 4,

    /// <summary>Resamples positions (Resize, transposed convolution): receptive field and stride are left undetermined.</summary>
    Resamples = 8,
}
