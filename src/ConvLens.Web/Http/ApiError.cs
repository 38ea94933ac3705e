namespace ConvLens.Web.Http;

/// <summary>The one shape of every error answer: <c>{"error":"one line that says what was wrong"}</c>.</summary>
/// <param name="Error">What was wrong and what would be accepted, on one line.</param>
internal sealed record ApiError(string Error)
{
    /// <summary>An error result with <paramref name="status"/>.</summary>
    public static IResult Result(int status, string message) =>
        Results.Json(new ApiError(OneLine(message)), ExplorerJson.Options, statusCode: status);

    /// <summary>Writes the error straight to the response (middleware that has no endpoint result to return).</summary>
    public static Task Write(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ApiError(OneLine(message)), ExplorerJson.Options);
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
