namespace ConvLens.Web;

/// <summary>Everything <c>convlens serve</c> can be told: where models and datasets live, and the server's limits.</summary>
/// <remarks>Bound from the configuration section <c>ConvLens</c> (e.g. <c>--ConvLens:ModelsFolder=DIR</c>) or filled by the CLI.</remarks>
public sealed class ServeOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string Section = "ConvLens";

    /// <summary>Folder whose .onnx files (and TorchVision weight files) the page offers; null offers none.</summary>
    public string? ModelsFolder { get; set; }

    /// <summary>Folder whose sub-folders (image folders or list files) statistics jobs may read; null allows none.</summary>
    public string? DataFolder { get; set; }

    /// <summary>The host name or address the server listens on; the host filter accepts it and the loopback names.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Largest accepted upload in bytes (default 16 MiB).</summary>
    public long MaxUploadBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest accepted image in pixels, read from the header before decoding (default 40 megapixels).</summary>
    public long MaxUploadPixels { get; set; } = 40_000_000;

    /// <summary>Uploads accepted per client address and minute (default 30).</summary>
    public int UploadsPerMinute { get; set; } = 30;

    /// <summary>Uploaded images kept at once; the oldest is deleted first (default 64).</summary>
    public int MaxStoredImages { get; set; } = 64;

    /// <summary>Jobs that run at the same time (default 1: libtorch already uses every core for one job).</summary>
    public int Concurrency { get; set; } = 1;

    /// <summary>Jobs that may wait for a worker; one more is answered "queue full" (default 16).</summary>
    public int QueueCapacity { get; set; } = 16;

    /// <summary>How long a finished job's result and files are kept (default 30 minutes).</summary>
    public TimeSpan ResultRetention { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Finished jobs kept at once whatever their age; the oldest is deleted first (default 100).</summary>
    public int MaxKeptJobs { get; set; } = 100;

    /// <summary>Whether the built-in model is loaded in the background at start, so the first page load does not wait for it (default true).</summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>Where uploads and job files go; a fresh folder under the system temp folder when null. Deleted on shutdown.</summary>
    public string? WorkFolder { get; set; }

    /// <summary>Checks the ranges.</summary>
    /// <exception cref="ConvLensException">A value out of range or a folder that does not exist.</exception>
    public void Validate()
    {
        string? error = this switch
        {
            { MaxUploadBytes: < 1024 } => $"the upload limit must be at least 1024 bytes, got {MaxUploadBytes}",
            { MaxUploadPixels: < 1 } => $"the pixel limit must be positive, got {MaxUploadPixels}",
            { UploadsPerMinute: < 1 } => $"uploads per minute must be at least 1, got {UploadsPerMinute}",
            { Concurrency: < 1 or > 64 } => $"concurrency must be between 1 and 64, got {Concurrency}",
            { QueueCapacity: < 0 or > 10_000 } => $"queue capacity must be between 0 and 10000, got {QueueCapacity}",
            { MaxKeptJobs: < 1 } => $"kept jobs must be at least 1, got {MaxKeptJobs}",
            { MaxStoredImages: < 1 } => $"stored images must be at least 1, got {MaxStoredImages}",
            _ when ResultRetention < TimeSpan.Zero => $"result retention must not be negative, got {ResultRetention}",
            _ when ModelsFolder is not null && !Directory.Exists(ModelsFolder) => $"models folder '{ModelsFolder}' not found",
            _ when DataFolder is not null && !Directory.Exists(DataFolder) => $"data folder '{DataFolder}' not found",
            _ => null,
        };
        if (error is not null)
        {
            throw new ConvLensException(error);
        }
    }
}
