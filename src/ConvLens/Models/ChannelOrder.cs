namespace ConvLens.Models;

/// <summary>The order of the colour channels a model expects.</summary>
public enum ChannelOrder
{
    /// <summary>Red, green, blue (most PyTorch models).</summary>
    Rgb,

    /// <summary>Blue, green, red (Caffe and CNTK models).</summary>
    Bgr,
}
