using System.Text.Json;

namespace ConvLens;

/// <summary>Reads the JSON documents ConvLens writes for itself to read back (statistics, cam states), each tagged with its format.</summary>
internal static class FormatTaggedJson
{
    /// <summary>The document in <paramref name="json"/>, checked to carry <paramref name="format"/>.</summary>
    /// <param name="json">The document text.</param>
    /// <param name="source">The file name, for error messages.</param>
    /// <param name="what">What such a file is called ("statistics file").</param>
    /// <param name="format">The format tag it must carry.</param>
    /// <param name="options">The serializer options it was written with.</param>
    /// <param name="formatOf">The tag a parsed document carries.</param>
    /// <exception cref="ConvLensException">The text does not parse, or carries another format.</exception>
    public static T Read<T>(string json, string source, string what, string format, JsonSerializerOptions options, Func<T, string?> formatOf)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        T? dto;
        try
        {
            dto = JsonSerializer.Deserialize<T>(json, options);
        }
        catch (JsonException e)
        {
            throw new ConvLensException($"'{source}' is not a ConvLens {what}: {e.Message}", e);
        }

        var found = dto is null ? null : formatOf(dto);
        return found == format
            ? dto!
            : throw new ConvLensException($"'{source}' is not a ConvLens {what} (expected format {format}, found {found ?? "none"})");
    }
}
