namespace ConvLens.Web.Models;

/// <summary>A model the page can pick.</summary>
/// <param name="Id">What requests name it by: <c>resnet18-featurizer</c>, a path inside the models folder, or <c>torchvision:NAME[:WEIGHTS]</c>.</param>
/// <param name="Kind"><c>built-in</c>, <c>onnx</c> or <c>torchvision</c>.</param>
/// <param name="Description">One line for the picker.</param>
internal sealed record ModelEntry(string Id, string Kind, string Description);
