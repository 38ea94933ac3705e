using System.Threading.RateLimiting;
using ConvLens.Web.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ConvLens.Web.Security;

/// <summary>Uploads per client address and minute, with ASP.NET Core's rate limiter; over the limit is a 429 with Retry-After.</summary>
internal static class UploadRateLimit
{
    public const string Policy = "uploads";

    public static IServiceCollection AddUploadRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<ServeOptions>>().Value.UploadsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "local",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            limiter.OnRejected = (rejected, _) =>
            {
                var perMinute = rejected.HttpContext.RequestServices.GetRequiredService<IOptions<ServeOptions>>().Value.UploadsPerMinute;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                {
                    rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return new ValueTask(ApiError.Write(rejected.HttpContext, StatusCodes.Status429TooManyRequests, $"too many uploads: this server accepts {perMinute} per minute from one address; try again shortly"));
            };
        });
}
