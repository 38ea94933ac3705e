using ConvLens.Web.Http;
using ConvLens.Web.Images;
using ConvLens.Web.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ConvLens.Web.Endpoints;

/// <summary><c>GET /api/images</c>, <c>POST /api/images</c> (multipart upload), <c>GET /api/images/{id}/file</c>.</summary>
internal static class ImageEndpoints
{
    /// <summary>Room for the multipart boundaries and headers around the file itself.</summary>
    private const long MultipartOverhead = 64 * 1024;

    public static IEndpointRouteBuilder MapImages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/images", (ImageStore store) => Results.Json(store.List().Select(Describe), ExplorerJson.Options));
        app.MapGet("/api/images/{id}", (string id, ImageStore store) => Results.Json(Describe(store.Get(id)), ExplorerJson.Options));
        app.MapGet("/api/images/{id}/file", (string id, ImageStore store) =>
        {
            var image = store.Get(id);
            return Results.File(image.Path, image.ContentType);
        });
        app.MapPost("/api/images", Upload).RequireRateLimiting(UploadRateLimit.Policy).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> Upload(HttpRequest request, ImageStore store, IOptions<ServeOptions> options, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxUploadBytes;
        if (request.ContentLength > limit + MultipartOverhead)
        {
            return TooLarge(request.ContentLength.Value, limit);
        }

        if (!request.HasFormContentType)
        {
            return ApiError.Result(StatusCodes.Status400BadRequest, "send the image as multipart/form-data with a field named 'file'");
        }

        // Kestrel stops reading a chunked body past the limit too, not only one that declares its length.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit + MultipartOverhead;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit + MultipartOverhead, ValueCountLimit = 16 }, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            return e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                ? TooLarge(null, limit)
                : ApiError.Result(StatusCodes.Status400BadRequest, $"malformed multipart upload: {e.Message}");
        }

        var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
        if (file is null)
        {
            return ApiError.Result(StatusCodes.Status400BadRequest, "no file in the upload: send it in a multipart field named 'file'");
        }

        if (file.Length > limit)
        {
            return TooLarge(file.Length, limit);
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancellationToken);
        var image = store.Save(buffer.ToArray(), file.FileName);
        return Results.Created($"/api/images/{image.Id}", Describe(image));
    }

    private static IResult TooLarge(long? bytes, long limit) => ApiError.Result(
        StatusCodes.Status413PayloadTooLarge,
        $"upload too large{(bytes is { } b ? $" ({b:N0} bytes)" : string.Empty)}: this server accepts images up to {limit:N0} bytes");

    private static object Describe(StoredImage image) =>
        new { image.Id, image.Name, image.Width, image.Height, image.Sample, url = $"/api/images/{image.Id}/file" };
}
