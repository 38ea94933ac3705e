using static TorchSharp.torch;

namespace ConvLens.Models;

/// <summary>One way of turning a model specification string into a <see cref="LoadedModel"/>.</summary>
public interface IModelSource
{
    /// <summary>A one-line description of the specifications this source accepts, for help and errors.</summary>
    string Syntax { get; }

    /// <summary>True when this source is responsible for <paramref name="spec"/>.</summary>
    bool CanLoad(string spec);

    /// <summary>Loads the model on <paramref name="device"/>.</summary>
    /// <exception cref="ConvLensException">The specification or the file behind it is invalid.</exception>
    LoadedModel Load(string spec, Device device);

    /// <summary>True when this source's models take an <see cref="InputSpec"/> (ONNX files); others bring their own preprocessing.</summary>
    bool AcceptsInput => false;

    /// <summary>Loads the model with its input made as <paramref name="input"/> says; only called when <see cref="AcceptsInput"/>.</summary>
    /// <exception cref="ConvLensException">The specification or the file behind it is invalid.</exception>
    LoadedModel Load(string spec, Device device, InputSpec input) => throw new NotSupportedException($"{GetType().Name} takes no input override");
}
