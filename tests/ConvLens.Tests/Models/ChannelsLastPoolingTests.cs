using ConvLens.Models;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Tests.Models;

public class ChannelsLastPoolingTests
{
    [Fact]
    public void Should_pool_channels_last_off_the_gradient_path_and_leave_every_value_unchanged()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        var module = nn.Sequential(
            ("conv", nn.Conv2d(3, 8, 3, padding: 1)),
            ("relu", nn.ReLU()),
            ("pool", nn.MaxPool2d(3, 2, 1)),
            ("head", nn.Conv2d(8, 4, 3)));
        module.eval();
        var images = rand(2, 3, 21, 19);
        // The plain module first, before ModuleModel adds its hooks.
        var x = images.detach().requires_grad_(true);
        var expected = module.call(x);
        var expectedGrad = autograd.grad([expected.pow(2).sum()], [x])[0];
        var conv = (nn.Module<Tensor, Tensor>)module.named_children().First(c => c.name == "conv").module;
        var expectedPool = F.max_pool2d(F.relu(conv.call(images)), [3, 3], [2, 2], [1, 1]).detach();

        using var model = new ModuleModel("tiny", module, new Preprocessing { Height = 21, Width = 19 });
        var pool = (TorchSharp.Modules.MaxPool2d)module.named_children().First(c => c.name == "pool").module;
        var channelStrides = new List<long>();
        // Pre-hooks run in registration order: this one sees what the pool will get.
        pool.register_forward_pre_hook((_, input) =>
        {
            channelStrides.Add(input.stride(1));
            return input;
        });

        ModelRun inference;
        using (no_grad())
        {
            inference = model.Run(images, ["pool"]);
        }

        var y = images.detach().requires_grad_(true);
        var training = model.Run(y, ["pool"]);
        var grad = autograd.grad([training.Output!.pow(2).sum()], [y])[0];

        // Channels-last (neighbouring channels adjacent in memory) without gradients, NCHW on the gradient path.
        Assert.Equal([1L, 21L * 19], channelStrides);
        Assert.Equal(0f, (inference.Output! - expected).abs().max().item<float>());
        Assert.Equal(0f, (training.Output! - expected).abs().max().item<float>());
        Assert.Equal(0f, (grad - expectedGrad).abs().max().item<float>());
        Assert.True(inference["pool"].is_contiguous(), "the tapped pool output should be contiguous (NCHW)");
        Assert.Equal(0f, (inference["pool"] - expectedPool).abs().max().item<float>());
    }
}
