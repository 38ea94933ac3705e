using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ConvLens.Cli.Settings;

/// <summary>
/// Reads an enum option from the lower-case, hyphenated name of one of its members (<c>heat-map</c> for
/// <c>HeatMap</c>), so the enum is the one list of accepted values. Spectre's default enum converter would also take
/// numbers and comma lists, and print the members capitalised.
/// </summary>
internal sealed class ChoiceConverter<TEnum> : TypeConverter
    where TEnum : struct, Enum
{
    private static readonly TEnum[] Values = Enum.GetValues<TEnum>();

    /// <summary>The accepted names, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Values.Select(v => Regex.Replace(v.ToString(), "(?<=.)([A-Z])", "-$1").ToLowerInvariant())];

    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string);

    public override object ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        var given = value as string ?? string.Empty;
        var text = given.Trim();
        for (var i = 0; i < Values.Length; i++)
        {
            if (Names[i].Equals(text, StringComparison.OrdinalIgnoreCase))
            {
                return Values[i];
            }
        }

        throw new ChoiceException(given, Names);
    }

    public override bool GetStandardValuesSupported(ITypeDescriptorContext? context) => true;

    public override StandardValuesCollection GetStandardValues(ITypeDescriptorContext? context) => new(Names.ToArray());
}
