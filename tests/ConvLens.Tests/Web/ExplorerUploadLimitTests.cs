using System.Net;
using ConvLens.Imaging;
using ConvLens.Tests.Support;

namespace ConvLens.Tests.Web;

/// <summary>Uploads are limited by bytes, pixels and count per minute, each answered with its status and one JSON line.</summary>
public sealed class ExplorerUploadLimitTests : IDisposable
{
    private readonly ExplorerSite _site = new();

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task Should_answer_413_when_the_file_has_more_bytes_than_allowed()
    {
        using var factory = new ExplorerFactory(_site, o => o.MaxUploadBytes = 4096);
        using var client = factory.CreateClient();
        var png = ImageEncoder.EncodePng(TestImages.Noise(64, 64));

        var error = await (await client.Upload(png)).Error(HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("upload too large", error, StringComparison.Ordinal);
        Assert.Contains("4,096 bytes", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(_site.Work, "images")));
    }

    [Fact]
    public async Task Should_answer_413_when_the_image_has_more_pixels_than_allowed()
    {
        using var factory = new ExplorerFactory(_site, o => o.MaxUploadPixels = 1000);
        using var client = factory.CreateClient();
        // Few bytes, many pixels: the header is read before anything is decoded.
        var png = ImageEncoder.EncodePng(TestImages.Solid(50, 40, (10, 20, 30)));

        var error = await (await client.Upload(png)).Error(HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("50x40 = 2,000 pixels", error, StringComparison.Ordinal);
        Assert.Contains("at most 1,000", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_answer_429_with_retry_after_beyond_the_uploads_per_minute()
    {
        using var factory = new ExplorerFactory(_site, o => o.UploadsPerMinute = 2);
        using var client = factory.CreateClient();
        var png = ImageEncoder.EncodePng(TestImages.Gradient(8, 8));

        var first = await client.Upload(png);
        var second = await client.Upload(png);
        var third = await client.Upload(png);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Contains("2 per minute", await third.Error(HttpStatusCode.TooManyRequests), StringComparison.Ordinal);
        Assert.True(third.Headers.RetryAfter is not null);
    }

    [Fact]
    public async Task Should_answer_400_for_an_upload_without_a_file()
    {
        using var factory = new ExplorerFactory(_site);
        using var client = factory.CreateClient();
        using var form = new MultipartFormDataContent { { new StringContent("hello"), "note" } };

        var error = await (await client.PostAsync("/api/images", form)).Error(HttpStatusCode.BadRequest);

        Assert.Contains("'file'", error, StringComparison.Ordinal);
    }
}
