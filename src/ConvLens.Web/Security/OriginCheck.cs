using ConvLens.Web.Http;

namespace ConvLens.Web.Security;

/// <summary>
/// Refuses state-changing requests (POST, PUT, PATCH, DELETE) that a browser sends on behalf of another site: their
/// <c>Origin</c> must be this server's own origin. Requests without an Origin (curl, scripts) are not cross-site forgeries.
/// </summary>
/// <remarks>The <c>Host</c> header itself is checked for every request by ASP.NET Core's host filtering (DNS rebinding).</remarks>
internal sealed class OriginCheck(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return next(context);
        }

        var served = $"{request.Scheme}://{request.Host}";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, served, StringComparison.OrdinalIgnoreCase))
        {
            return ApiError.Write(context, StatusCodes.Status403Forbidden, $"cross-origin request refused: Origin '{origin}' is not this server ({served})");
        }

        if (string.Equals(request.Headers["Sec-Fetch-Site"].ToString(), "cross-site", StringComparison.OrdinalIgnoreCase))
        {
            return ApiError.Write(context, StatusCodes.Status403Forbidden, "cross-site request refused (Sec-Fetch-Site: cross-site)");
        }

        return next(context);
    }
}
