using ConvLens.Models;
using ConvLens.Visualize.Statistics;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Statistics;

public class WeightHintsTests
{
    [Fact]
    public void Should_find_kernel_norms_and_batchnorm_gamma_on_the_builtin_model()
    {
        using var model = ModelCatalog.Load(ModelCatalog.DefaultModel);

        var hints = WeightHints.FromModel(model, "conv1", 64);

        Assert.Equal(64, hints.KernelNorms!.Count);
        Assert.Equal(64, hints.BatchNormGamma!.Count);
        Assert.All(hints.KernelNorms, n => Assert.True(n > 0));
        Assert.True(hints.BatchNormGamma.Distinct().Count() > 32, "gamma should be the learned per-channel scales");
    }

    [Fact]
    public void Should_read_gamma_of_a_torchvision_batchnorm_by_module_path()
    {
        using var scope = NewDisposeScope();
        using var model = ModelCatalog.Load("torchvision:resnet18");

        var gamma = model.BatchNormScale("layer1.0.bn1");

        Assert.NotNull(gamma);
        Assert.Equal(new long[] { 64 }, gamma.shape);
        Assert.Null(model.BatchNormScale("layer1.0.conv1"));
    }
}
