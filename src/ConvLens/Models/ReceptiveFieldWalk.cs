using TorchSharp;

namespace ConvLens.Models;

/// <summary>Accumulates the receptive field along the main path of a module tree visited in order.</summary>
internal sealed class ReceptiveFieldWalk
{
    private int _field = 1;
    private int _jump = 1;

    /// <summary>Visits one module (pre-order) and returns the receptive field after it.</summary>
    public int Visit(string path, torch.nn.Module module)
    {
        var onSideBranch = path.Split('.').Any(p => p is "downsample" or "shortcut");
        if (onSideBranch)
        {
            return _field;
        }

        var (kernel, stride, dilation) = module switch
        {
            TorchSharp.Modules.Conv2d c => ((int)c.kernel_size[1], (int)c.stride[1], (int)c.dilation[1]),
            TorchSharp.Modules.MaxPool2d p => ((int)p.kernel_size[1], (int)(p.stride?[1] ?? p.kernel_size[1]), (int)(p.dilation?[1] ?? 1)),
            TorchSharp.Modules.AvgPool2d p => ((int)p.kernel_size[1], (int)(p.stride?[1] ?? p.kernel_size[1]), 1),
            _ => (1, 1, 1),
        };
        _field += (kernel - 1) * dilation * _jump;
        _jump *= stride;
        return _field;
    }
}
