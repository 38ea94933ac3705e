using System.Text.Json;
using System.Text.RegularExpressions;

namespace ConvLens.Web.Http;

/// <summary>Rewrites System.Text.Json's messages into the API's words: which field, what was wrong, what is accepted.</summary>
internal static partial class JsonErrors
{
    /// <summary>A one-line description of why the body could not be read.</summary>
    public static string Describe(JsonException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var unmapped = UnmappedProperty().Match(e.Message);
        if (unmapped.Success)
        {
            var type = Type.GetType(unmapped.Groups["type"].Value);
            var accepted = type is null ? string.Empty : $"; accepted: {string.Join(", ", ExplorerJson.PropertyNames(type))}";
            return $"unknown option '{unmapped.Groups["name"].Value}'{accepted}";
        }

        var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? string.Empty : $" at {e.Path}";
        return e.InnerException is FormatException or InvalidOperationException || e.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? $"a value has the wrong type{where}: {FirstSentence(e.Message)}"
            : $"malformed JSON{where}: {FirstSentence(e.Message)}";
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    [GeneratedRegex("The JSON property '(?<name>[^']*)' could not be mapped to any \\.NET member contained in type '(?<type>[^']*)'")]
    private static partial Regex UnmappedProperty();
}
