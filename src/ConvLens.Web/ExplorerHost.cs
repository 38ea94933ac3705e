using ConvLens.Web.Data;
using ConvLens.Web.Endpoints;
using ConvLens.Web.Http;
using ConvLens.Web.Images;
using ConvLens.Web.Jobs;
using ConvLens.Web.Models;
using ConvLens.Web.Security;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace ConvLens.Web;

/// <summary>Builds the explorer: services, the security middleware, the JSON API and the embedded page.</summary>
public static class ExplorerHost
{
    /// <summary>Creates the web application.</summary>
    /// <param name="args">Host arguments (<c>--urls</c>, <c>--ConvLens:ModelsFolder=DIR</c>, ...).</param>
    /// <param name="options">The CLI's options; when null they are bound from the <c>ConvLens</c> configuration section.</param>
    /// <exception cref="ConvLensException">An option out of range or a folder that does not exist.</exception>
    public static WebApplication Create(string[] args, ServeOptions? options = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // The CLI prints the address itself; request logging would drown it.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Microsoft.Hosting", LogLevel.Warning);
        var serve = builder.Services.AddOptions<ServeOptions>().Bind(builder.Configuration.GetSection(ServeOptions.Section));
        if (options is not null)
        {
            serve.Configure(o => Copy(options, o));
        }

        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            foreach (var converter in ExplorerJson.Options.Converters)
            {
                json.SerializerOptions.Converters.Add(converter);
            }

            json.SerializerOptions.DefaultIgnoreCondition = ExplorerJson.Options.DefaultIgnoreCondition;
        });
        builder.Services.AddSingleton<IConfigureOptions<HostFilteringOptions>, AllowedHosts>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ExplorerFolders>();
        builder.Services.AddSingleton<ExplorerModels>();
        builder.Services.AddSingleton<ExplorerData>();
        builder.Services.AddSingleton<ModelPool>();
        builder.Services.AddSingleton<ImageStore>();
        builder.Services.AddSingleton<CatalogDocument>();
        builder.Services.AddSingleton<JobStore>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddSingleton<JobQueue>();
        builder.Services.AddHostedService(s => s.GetRequiredService<JobQueue>());
        builder.Services.AddHostedService<JobRetention>();
        builder.Services.AddHostedService<ModelWarmup>();
        builder.Services.AddSingleton<JobSubmission>();
        builder.Services.AddUploadRateLimit();

        var app = builder.Build();
        app.Services.GetRequiredService<IOptions<ServeOptions>>().Value.Validate();
        app.UseHostFiltering();
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<ApiErrorMiddleware>();
        app.UseMiddleware<OriginCheck>();
        app.UseRateLimiter();
        var page = new EmbeddedFileProvider(typeof(ExplorerHost).Assembly, "ConvLens.Web.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = page });
        app.MapHealth().MapCatalog().MapModels().MapImages().MapJobs();
        // A plain RequestDelegate: the build-time request delegate generator turns a Delegate fallback into one that
        // also matches "/" (the page), which then answered 400.
        app.MapFallback("/api/{**rest}", context => ApiError.Write(context, StatusCodes.Status404NotFound, $"no API endpoint {context.Request.Path}; see docs/web.md"));
        return app;
    }

    private static void Copy(ServeOptions from, ServeOptions to)
    {
        foreach (var property in typeof(ServeOptions).GetProperties().Where(p => p.CanWrite))
        {
            property.SetValue(to, property.GetValue(from));
        }
    }
}
