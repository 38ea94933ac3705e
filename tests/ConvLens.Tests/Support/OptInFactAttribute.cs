namespace ConvLens.Tests.Support;

/// <summary>
/// A fact for tools that live in the test project but are not tests (timings, fixture generators): it runs only
/// when an environment variable is set and otherwise reports itself skipped with the way to run it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OptInFactAttribute : FactAttribute
{
    public OptInFactAttribute(string variable, string purpose)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
        {
            Skip = $"{purpose}: set {variable} to run";
        }
    }
}
