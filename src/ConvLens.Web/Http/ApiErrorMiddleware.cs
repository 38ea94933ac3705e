using System.Text.Json;
using ConvLens.Web.Security;

namespace ConvLens.Web.Http;

/// <summary>
/// Turns every failure into a one-line JSON error with a 4xx status when the request was at fault, so the server keeps
/// serving and a client always learns what to change.
/// </summary>
internal sealed class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && Classify(e) is { } answer)
        {
            if (answer.Status >= 500)
            {
                Log.RequestFailed(logger, e, context.Request.Path);
            }

            context.Response.Clear();
            await ApiError.Write(context, answer.Status, answer.Message);
        }
    }

    private static (int Status, string Message)? Classify(Exception e) => e switch
    {
        ApiException api => (api.Status, api.Message),
        PathOutsideRootException path => (StatusCodes.Status400BadRequest, path.Message),
        ConvLensException convLens => (StatusCodes.Status400BadRequest, convLens.Message),
        JsonException json => (StatusCodes.Status400BadRequest, JsonErrors.Describe(json)),
        BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? "the request body is larger than this server accepts"
            : $"bad request: {bad.Message}"),
        OperationCanceledException => null, // the client went away; nothing to answer
        _ => (StatusCodes.Status500InternalServerError, $"internal error ({e.GetType().Name}); the server keeps running"),
    };
}
