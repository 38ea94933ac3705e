using System.Diagnostics;
using ConvLens.Cli.Settings;
using ConvLens.Web;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary><c>convlens serve</c>: the web explorer on this machine until Ctrl+C, which cancels jobs and removes temporary files.</summary>
public sealed class ServeCommand(IAnsiConsole console) : Command<ServeSettings>
{
    public override int Execute(CommandContext context, ServeSettings settings, CancellationToken cancellationToken)
    {
        if (!settings.IsLoopback)
        {
            console.MarkupLine($"[yellow]warning:[/] listening on {Markup.Escape(settings.Host)}: other machines can reach this server, and it has no login. Use the default 127.0.0.1 unless you mean it.");
        }

        var options = new ServeOptions
        {
            ModelsFolder = settings.Models is null ? null : Path.GetFullPath(settings.Models),
            DataFolder = settings.Data is null ? null : Path.GetFullPath(settings.Data),
            Host = settings.Host, Concurrency = settings.Concurrency, QueueCapacity = settings.Queue,
            ResultRetention = TimeSpan.FromMinutes(settings.Keep), MaxUploadBytes = (long)(settings.MaxUploadMb * 1024 * 1024),
            MaxUploadPixels = settings.MaxPixels, UploadsPerMinute = settings.UploadsPerMinute,
        };
        var host = settings.Host.Contains(':', StringComparison.Ordinal) && !settings.Host.StartsWith('[') ? $"[{settings.Host}]" : settings.Host;
        using var app = ExplorerHost.Create([], options);
        app.Urls.Add($"http://{host}:{settings.Port}");
        app.StartAsync(cancellationToken).GetAwaiter().GetResult();
        var url = app.Services.GetService(typeof(IServer)) is IServer server && server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } bound
            ? bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal)
            : $"http://{host}:{settings.Port}";
        console.MarkupLine($"ConvLens explorer at [link]{Markup.Escape(url)}[/] (Ctrl+C stops it)");
        if (settings.Open)
        {
            OpenBrowser(url);
        }

        WaitHandle.WaitAny([cancellationToken.WaitHandle, app.Lifetime.ApplicationStopping.WaitHandle]);
        app.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        console.MarkupLine("stopped: jobs cancelled, temporary files removed");
        return 0;
    }

    private void OpenBrowser(string url)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(OperatingSystem.IsWindows() ? "explorer" : OperatingSystem.IsMacOS() ? "open" : "xdg-open", url) { UseShellExecute = false });
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            console.MarkupLine($"[yellow]note:[/] could not open a browser ({Markup.Escape(e.Message)}); open {Markup.Escape(url)} yourself");
        }
    }
}
