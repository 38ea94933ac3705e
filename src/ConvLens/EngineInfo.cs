namespace ConvLens;

/// <summary>Describes the tensor engine ConvLens runs on.</summary>
public static class EngineInfo
{
    /// <summary>Returns the libtorch version TorchSharp reports, loading the native engine if needed.</summary>
    public static string LibTorchVersion() => TorchSharp.torch.__version__;
}
