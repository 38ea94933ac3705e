namespace ConvLens.Web.Jobs;

/// <summary>What <c>GET /api/jobs/{id}</c> answers: state, progress, the result and links to its files.</summary>
internal sealed record JobStatus(
    string Id,
    string Kind,
    string Model,
    JobState State,
    JobProgress Progress,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    object? Result,
    IReadOnlyList<JobFile> Files,
    string Url,
    string Events);
