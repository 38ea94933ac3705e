namespace ConvLens.Web.Jobs;

/// <summary>A file a job wrote, served by <c>GET /api/jobs/{id}/files/{name}</c>.</summary>
/// <param name="Name">The file name inside the job's folder.</param>
/// <param name="Url">Where to get it.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="Bytes">Its size.</param>
internal sealed record JobFile(string Name, string Url, string ContentType, long Bytes);
