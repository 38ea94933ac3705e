using ConvLens.Models;
using ConvLens.Models.TorchVision;
using ConvLens.Web.Http;
using ConvLens.Web.Security;
using Microsoft.Extensions.Options;

namespace ConvLens.Web.Models;

/// <summary>
/// The models a client may name: the built-in one, ONNX files (and TorchVision weights) inside the models folder, and
/// TorchVision architectures. It turns an id into the specification <see cref="ModelCatalog"/> loads, never into a
/// path outside the models folder.
/// </summary>
internal sealed class ExplorerModels(IOptions<ServeOptions> options)
{
    private const string TorchVisionPrefix = "torchvision:";

    private static readonly string[] WeightExtensions = [".safetensors", ".pt", ".pth", ".bin", ".dat"];

    private string? Folder => options.Value.ModelsFolder;

    /// <summary>Every model on offer, the built-in one first.</summary>
    public IReadOnlyList<ModelEntry> List()
    {
        var entries = new List<ModelEntry> { new(ModelCatalog.DefaultModel, "built-in", "ResNet18 pretrained on ImageNet (embedded, no classifier head)") };
        foreach (var relative in FilesInFolder())
        {
            if (relative.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            {
                entries.Add(new(relative, "onnx", $"ONNX file {relative}"));
            }
            else if (WeightExtensions.Contains(Path.GetExtension(relative).ToLowerInvariant())
                && TorchVisionModelSource.Names.FirstOrDefault(n => Path.GetFileName(relative).StartsWith(n, StringComparison.OrdinalIgnoreCase)) is { } arch)
            {
                entries.Add(new($"{TorchVisionPrefix}{arch}:{relative}", "torchvision", $"TorchVision {arch} with weights {relative}"));
            }
        }

        entries.AddRange(TorchVisionModelSource.Names.Order(StringComparer.Ordinal)
            .Select(n => new ModelEntry(TorchVisionPrefix + n, "torchvision", $"TorchVision {n}, untrained (seed 0 weights)")));
        return entries;
    }

    /// <summary>The <see cref="ModelCatalog"/> specification for <paramref name="id"/>.</summary>
    /// <exception cref="ApiException">Unknown model (404).</exception>
    /// <exception cref="PathOutsideRootException">A path that leaves the models folder (400).</exception>
    public string Spec(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (string.Equals(id, ModelCatalog.DefaultModel, StringComparison.OrdinalIgnoreCase))
        {
            return ModelCatalog.DefaultModel;
        }

        if (id.StartsWith(TorchVisionPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var rest = id[TorchVisionPrefix.Length..];
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? rest : rest[..colon];
            if (!TorchVisionModelSource.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw Unknown(id);
            }

            return colon < 0 ? TorchVisionPrefix + name : $"{TorchVisionPrefix}{name}:{InFolder(rest[(colon + 1)..])}";
        }

        if (id.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            return InFolder(id);
        }

        throw Unknown(id);
    }

    private string InFolder(string relative) =>
        Folder is null
            ? throw new ApiException(StatusCodes.Status404NotFound, $"model '{relative}' not found: the server was started without --models")
            : ConfinedPath.Resolve(Folder, relative, "model");

    private ApiException Unknown(string id) => new(
        StatusCodes.Status404NotFound,
        $"unknown model '{id}'; available: {string.Join(", ", List().Select(m => m.Id).Take(12))} (GET /api/models lists them all)");

    // Files below the models folder that really are inside it (a link that leads out is not offered).
    private IEnumerable<string> FilesInFolder()
    {
        if (Folder is null || ConfinedPath.RealPath(Path.GetFullPath(Folder)) is not { } root)
        {
            return [];
        }

        return Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 4 })
            .Where(f => ConfinedPath.RealPath(f) is { } real && ConfinedPath.IsInside(root, real))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
    }
}
