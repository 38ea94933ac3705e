namespace ConvLens.Web.Jobs.Kinds;

/// <summary>What a job kind needs besides a model.</summary>
internal enum JobInputs
{
    /// <summary>Only the model (filters, maximize).</summary>
    None,

    /// <summary>One image (maps, cam, dream).</summary>
    Image,

    /// <summary>A dataset inside the data folder (stats).</summary>
    Dataset,
}
