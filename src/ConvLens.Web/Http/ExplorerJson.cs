using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConvLens.Web.Http;

/// <summary>The JSON settings of the API: camelCase, enums as strings, and no silently ignored request fields.</summary>
internal static class ExplorerJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // A misspelt option must be an error, not a default quietly used instead.
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            // Errors quote names ('conv9'): people read these answers, and \u0027 helps nobody. JSON answers are never
            // inlined into HTML (the page reads them with fetch, and nosniff keeps them JSON), so HTML escaping is not needed.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The JSON names a request type accepts, for "unknown option" errors.</summary>
    public static IReadOnlyList<string> PropertyNames(Type type) =>
        [.. Options.GetTypeInfo(type).Properties.Where(p => p.Set is not null).Select(p => p.Name)];
}
