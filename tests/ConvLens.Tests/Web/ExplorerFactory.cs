using ConvLens.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConvLens.Tests.Web;

/// <summary>The explorer in memory (ASP.NET Core's TestServer), on an <see cref="ExplorerSite"/>, with options a test may change.</summary>
/// <remarks>
/// <c>ConvLens.Web.Program</c> is spelt out: the CLI's top-level statements make a global <c>Program</c>, which C# prefers
/// over the one the using brings in, and the factory would start the CLI instead.
/// </remarks>
internal sealed class ExplorerFactory(ExplorerSite site, Action<ServeOptions>? configure = null) : WebApplicationFactory<ConvLens.Web.Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureServices(services => services.Configure<ServeOptions>(o =>
        {
            o.ModelsFolder = site.Models;
            o.DataFolder = site.Data;
            o.WorkFolder = site.Work;
            // The tests work on the tiny ONNX net; loading ResNet18 in every test server would only cost time.
            // ModelWarmupTests turns it back on.
            o.WarmUp = false;
            configure?.Invoke(o);
        }));
    }
}
