using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Tests.Support;
using ConvLens.Visualize.Primer;

namespace ConvLens.Tests.Visualize.Primer;

[Collection("Sequential")]
public class PrimerLeakTests
{
    [Fact]
    public void Should_leave_no_live_tensors_after_dreaming()
    {
        TensorLeakGuard.AssertNoLeaks(() =>
            FilterDream.GradientAscentFilter(PrimerKernels.SobelX.Weights, new FilterDreamOptions { Steps = 100 }));
    }

    [Fact]
    public void Should_leave_no_live_tensors_after_heatmap_and_image_conversions()
    {
        var image = TestImages.Noise(12, 9);

        TensorLeakGuard.AssertNoLeaks(() =>
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            var chw = ImageTensor.ToTensor(image);
            ImageTensor.FromTensor(ModelInput.FromPhoto(image, new Preprocessing { Height = 6, Width = 6, Resize = ResizeMode.ShorterSideThenCenterCrop, ResizeShorterTo = 8 }).Input);
            Heatmap.FromTensor(chw[0]);
        });
    }
}
