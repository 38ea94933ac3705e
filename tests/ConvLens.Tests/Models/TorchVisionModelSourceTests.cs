using ConvLens.Models;
using ConvLens.Models.TorchVision;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace ConvLens.Tests.Models;

public sealed class TorchVisionModelSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("convlens-tv").FullName;

    [Theory]
    [InlineData("resnet18", ".safetensors")]
    [InlineData("resnet18", ".pt")]
    [InlineData("resnet18", ".dat")]
    [InlineData("mobilenet_v2", ".safetensors")]
    [InlineData("alexnet", ".pt")]
    public void Should_load_saved_random_weights_and_give_identical_outputs(string arch, string ext)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(7);
        using var original = ModelCatalog.Load($"torchvision:{arch}");
        var module = ((ModuleModel)original).Module;
        var path = Path.Combine(_dir, arch + ext);
        switch (ext)
        {
            case ".safetensors": module.save_safetensors(path); break;
            case ".pt": module.save_py(path); break;
            default: module.save(path); break;
        }

        random.manual_seed(99);
        using var loaded = ModelCatalog.Load($"torchvision:{arch}:{path}");
        var images = rand(2, 3, 224, 224);
        using var noGrad = no_grad();
        var expected = original.Run(images).Output!;
        var actual = loaded.Run(images).Output!;

        Assert.Equal(0f, (expected - actual).abs().max().item<float>());
    }

    [Fact]
    public void Should_address_layers_by_module_path()
    {
        using var scope = NewDisposeScope();
        using var model = ModelCatalog.Load("torchvision:resnet18");

        var run = model.Run(rand(1, 3, 224, 224), [model.ResolveLayer("layer4.1.conv2"), model.ResolveLayer("stage3")]);

        Assert.Equal(new long[] { 1, 512, 7, 7 }, run["layer4.1.conv2"].shape);
        Assert.Equal(new long[] { 1, 256, 14, 14 }, run["layer3"].shape);
        Assert.Equal(new long[] { 64, 3, 7, 7 }, model.ConvolutionWeight("conv1")!.shape);
    }

    [Fact]
    public void Should_reject_weights_that_do_not_match_the_architecture()
    {
        using var vgg = ModelCatalog.Load("torchvision:alexnet");
        var path = Path.Combine(_dir, "alexnet.safetensors");
        ((ModuleModel)vgg).Module.save_safetensors(path);

        var error = Assert.Throws<ConvLensException>(() => ModelCatalog.Load($"torchvision:resnet18:{path}"));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
