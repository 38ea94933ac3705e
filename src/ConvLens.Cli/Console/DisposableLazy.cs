namespace ConvLens.Cli.Console;

/// <summary>A lazily created value that is disposed only if it was created.</summary>
public sealed class DisposableLazy<T>(Func<T> factory) : IDisposable
    where T : IDisposable
{
    /// <summary>The lazy value.</summary>
    public Lazy<T> Lazy { get; } = new(factory);

    /// <summary>Disposes the value if it was created.</summary>
    public void Dispose()
    {
        if (Lazy.IsValueCreated)
        {
            Lazy.Value.Dispose();
        }
    }
}
