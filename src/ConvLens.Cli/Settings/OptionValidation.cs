using Spectre.Console;

namespace ConvLens.Cli.Settings;

/// <summary>
/// Validates an option with the library's own parser, so the accepted syntax lives in one place; the library's error
/// says what is wrong, and this adds which option it came from.
/// </summary>
internal static class OptionValidation
{
    /// <summary>Success when <paramref name="parse"/> accepts the value of <paramref name="option"/>, else its error prefixed with the option.</summary>
    public static ValidationResult Of(string option, Action parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        try
        {
            parse();
            return ValidationResult.Success();
        }
        catch (ConvLensException e)
        {
            return ValidationResult.Error($"{option}: {e.Message}");
        }
    }

    /// <summary>The first failing check, running no check after it; success when all pass.</summary>
    public static ValidationResult FirstError(params Func<ValidationResult>[] checks) =>
        checks.Select(check => check()).FirstOrDefault(r => !r.Successful) ?? ValidationResult.Success();
}
