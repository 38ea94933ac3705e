using ConvLens.Models;
using ConvLens.Web.Http;

namespace ConvLens.Web.Models;

/// <summary>What the page and request checks need to know of a model without holding it: names, input size, layer table.</summary>
/// <param name="Id">The id requests use.</param>
/// <param name="Name">The model's own name.</param>
/// <param name="InputHeight">Input height the model is described at.</param>
/// <param name="InputWidth">Input width.</param>
/// <param name="Layers">The inspect table (shapes, parameters, receptive field, stride).</param>
/// <param name="Aliases">Friendly names mapped to canonical layer names.</param>
/// <param name="HasLabels">Whether class names are known.</param>
/// <param name="Input">How photos become the model's input, for people (<see cref="Preprocessing.Describe"/>).</param>
internal sealed record ModelFacts(string Id, string Name, int InputHeight, int InputWidth, IReadOnlyList<LayerInfo> Layers, IReadOnlyDictionary<string, string> Aliases, bool HasLabels, string Input)
{
    /// <summary>Reads the facts of a loaded model.</summary>
    public static ModelFacts Of(string id, LoadedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var pre = model.Preprocessing;
        return new(id, model.Name, pre.Height, pre.Width, model.DescribeLayers(pre.Height, pre.Width), model.Aliases, model.Labels is not null, pre.Describe());
    }

    /// <summary>Throws a 400 naming the model and where to look when <paramref name="layer"/> is neither a layer nor an alias.</summary>
    public void CheckLayer(string? layer)
    {
        if (layer is null || Aliases.ContainsKey(layer) || Layers.Any(l => l.Name == layer))
        {
            return;
        }

        var hint = Aliases.Count > 0 ? $"aliases: {string.Join(", ", Aliases.Keys)}; " : string.Empty;
        throw new ApiException(
            StatusCodes.Status400BadRequest,
            $"unknown layer '{layer}' in model '{Name}'; {hint}GET /api/models/{Uri.EscapeDataString(Id)}/layers lists all {Layers.Count}");
    }
}
