namespace ConvLens.Cli.Console;

/// <summary>Adapts any library progress type to one progress bar (fraction done and a status text).</summary>
public sealed class ProgressReporter
{
    private readonly Action<double, string?> _report;

    internal ProgressReporter(Action<double, string?> report) => _report = report;

    /// <summary>Reports a fraction in 0..1 and an optional status.</summary>
    public void Report(double fraction, string? status = null) => _report(Math.Clamp(fraction, 0, 1), status);

    /// <summary>An <see cref="IProgress{T}"/> that maps library progress to this bar synchronously.</summary>
    public IProgress<T> For<T>(Func<T, (double Fraction, string? Status)> map) => new Mapped<T>(this, map);

    private sealed class Mapped<T>(ProgressReporter owner, Func<T, (double, string?)> map) : IProgress<T>
    {
        public void Report(T value)
        {
            var (fraction, status) = map(value);
            owner.Report(fraction, status);
        }
    }
}
