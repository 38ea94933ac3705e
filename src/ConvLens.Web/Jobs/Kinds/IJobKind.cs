using System.Text.Json;
using ConvLens.Web.Images;
using ConvLens.Web.Models;

namespace ConvLens.Web.Jobs.Kinds;

/// <summary>One kind of job: how its options are read and checked, and how it calls the library.</summary>
internal interface IJobKind
{
    /// <summary>The kind's id in requests (<c>cam</c>).</summary>
    string Id { get; }

    /// <summary>One line for the catalog.</summary>
    string Description { get; }

    /// <summary>What it needs besides the model.</summary>
    JobInputs Inputs { get; }

    /// <summary>The options type (its JSON names are the accepted options).</summary>
    Type OptionsType { get; }

    /// <summary>Reads the options; unknown names and wrong types are errors.</summary>
    /// <exception cref="JsonException">Malformed, unknown option or wrong type (400).</exception>
    object ReadOptions(JsonElement? json);

    /// <summary>Checks what can be checked before the job is queued: layers, methods, colormaps, ranges.</summary>
    /// <exception cref="ConvLensException">A bad value (400).</exception>
    /// <exception cref="Http.ApiException">A bad value with its own status.</exception>
    void Check(object options, ModelFacts model, ImageStore images);

    /// <summary>Runs the job on the worker thread; returns the result (also written as result.json).</summary>
    object Run(JobContext context, object options);
}
