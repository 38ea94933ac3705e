namespace ConvLens.Cli.Settings;

/// <summary>An option value that is none of the accepted names; the error reporter adds the option it was given to.</summary>
internal sealed class ChoiceException(string value, IReadOnlyList<string> choices)
    : Exception($"'{value}' is not one of {string.Join(", ", choices)}")
{
    /// <summary>The rejected text, as given.</summary>
    public string Value { get; } = value;
}
