using System.Text.Json;
using ConvLens.Web.Http;
using ConvLens.Web.Images;
using ConvLens.Web.Models;

namespace ConvLens.Web.Jobs.Kinds;

/// <summary>The typed base of every job kind: reading the options once, so leaves only check and run.</summary>
internal abstract class JobKind<TOptions> : IJobKind
    where TOptions : class, new()
{
    public abstract string Id { get; }

    public abstract string Description { get; }

    public abstract JobInputs Inputs { get; }

    public Type OptionsType => typeof(TOptions);

    public object ReadOptions(JsonElement? json) =>
        json is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } element
            ? new TOptions()
            : element.ValueKind == JsonValueKind.Object
                ? element.Deserialize<TOptions>(ExplorerJson.Options) ?? new TOptions()
                : throw new ApiException(StatusCodes.Status400BadRequest, $"options must be a JSON object, got {element.ValueKind.ToString().ToLowerInvariant()}");

    public void Check(object options, ModelFacts model, ImageStore images) => Check((TOptions)options, model, images);

    public object Run(JobContext context, object options) => Run(context, (TOptions)options);

    protected abstract void Check(TOptions options, ModelFacts model, ImageStore images);

    protected abstract object Run(JobContext context, TOptions options);

    /// <summary>A 400 when <paramref name="value"/> is outside [<paramref name="min"/>, <paramref name="max"/>].</summary>
    protected static void Range(string name, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            throw new ApiException(StatusCodes.Status400BadRequest, $"option '{name}' must be between {min} and {max}, got {value}");
        }
    }

    /// <summary>A 400 when <paramref name="value"/> is not one of <paramref name="accepted"/>.</summary>
    protected static void OneOf(string name, string value, params string[] accepted)
    {
        if (!accepted.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            throw new ApiException(StatusCodes.Status400BadRequest, $"option '{name}' must be {string.Join(" or ", accepted)}, got '{value}'");
        }
    }
}
