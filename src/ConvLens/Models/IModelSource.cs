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

    /// <summary>Loads the model with its input made as <paramref name="input"/> says; sources whose models bring their own preprocessing refuse.</summary>
    /// <exception cref="ConvLensException">The specification is invalid, or this source's models take no input override.</exception>
    LoadedModel Load(string spec, Device device, InputSpec input) =>
        throw new ConvLensException($"model '{spec}' brings its own preprocessing; an input override ('{input?.Text}') applies to ONNX files only");
}
