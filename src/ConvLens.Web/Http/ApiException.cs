namespace ConvLens.Web.Http;

/// <summary>A request that cannot be served, with the HTTP status that says why (404 unknown id, 413 too large, ...).</summary>
internal sealed class ApiException(int status, string message) : Exception(message)
{
    /// <summary>The HTTP status code of the answer.</summary>
    public int Status { get; } = status;
}
