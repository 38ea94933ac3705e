using System.ComponentModel;
using System.Net;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of <c>convlens serve</c>.</summary>
public sealed class ServeSettings : CommandSettings
{
    [CommandOption("--host <HOST>")]
    [Description("Address to listen on. Default 127.0.0.1 (this machine only); anything else is reachable from the network and prints a warning (every address: --host 0.0.0.0, spelled out).")]
    [DefaultValue("127.0.0.1")]
    public string Host { get; init; } = "127.0.0.1";

    [CommandOption("--port <PORT>")]
    [Description("TCP port (0: any free port).")]
    [DefaultValue(5391)]
    public int Port { get; init; } = 5391;

    [CommandOption("--models <DIR>")]
    [Description("Folder whose .onnx files (and torchvision weight files named after their architecture) the page offers.")]
    public string? Models { get; init; }

    [CommandOption("--data <DIR>")]
    [Description("Folder whose image folders and list files statistics jobs may read. Nothing outside it is ever read.")]
    public string? Data { get; init; }

    [CommandOption("--open")]
    [Description("Open the page in the default browser.")]
    public bool Open { get; init; }

    [CommandOption("--concurrency <N>")]
    [Description("Jobs running at once (libtorch already uses every core for one).")]
    [DefaultValue(1)]
    public int Concurrency { get; init; } = 1;

    [CommandOption("--queue <N>")]
    [Description("Jobs that may wait; one more is answered 503 \"queue full\".")]
    [DefaultValue(16)]
    public int Queue { get; init; } = 16;

    [CommandOption("--keep <MINUTES>")]
    [Description("Minutes a finished job's result and files are kept before they are deleted.")]
    [DefaultValue(30.0)]
    public double Keep { get; init; } = 30;

    [CommandOption("--max-upload-mb <MB>")]
    [Description("Largest accepted upload, in MiB (larger: 413).")]
    [DefaultValue(16.0)]
    public double MaxUploadMb { get; init; } = 16;

    [CommandOption("--max-pixels <N>")]
    [Description("Largest accepted image in pixels, read from its header before decoding (larger: 413).")]
    [DefaultValue(40_000_000L)]
    public long MaxPixels { get; init; } = 40_000_000;

    [CommandOption("--uploads-per-minute <N>")]
    [Description("Uploads accepted per client address and minute (more: 429).")]
    [DefaultValue(30)]
    public int UploadsPerMinute { get; init; } = 30;

    /// <summary>True when only this machine can connect.</summary>
    public bool IsLoopback => Host is "localhost" || (IPAddress.TryParse(Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    public override ValidationResult Validate()
    {
        string? error = this switch
        {
            { Port: < 0 or > 65535 } => $"--port must be between 0 and 65535, got {Port}",
            { Concurrency: < 1 or > 64 } => $"--concurrency must be between 1 and 64, got {Concurrency}",
            { Queue: < 1 or > 10_000 } => $"--queue must be between 1 and 10000, got {Queue}",
            { Keep: < 0 } => $"--keep must not be negative, got {Keep}",
            { MaxUploadMb: <= 0 } => $"--max-upload-mb must be positive, got {MaxUploadMb}",
            { MaxPixels: < 1 } => $"--max-pixels must be positive, got {MaxPixels}",
            { UploadsPerMinute: < 1 } => $"--uploads-per-minute must be at least 1, got {UploadsPerMinute}",
            _ when Uri.CheckHostName(Host.Trim('[', ']')) == UriHostNameType.Unknown => $"--host must be a host name or an IP address, got '{Host}'",
            _ when Models is not null && !Directory.Exists(Models) => $"--models folder '{Models}' not found",
            _ when Data is not null && !Directory.Exists(Data) => $"--data folder '{Data}' not found",
            _ => null,
        };
        return error is null ? ValidationResult.Success() : ValidationResult.Error(error);
    }
}
