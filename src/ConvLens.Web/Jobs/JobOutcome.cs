namespace ConvLens.Web.Jobs;

/// <summary>How a job ended: its final state, its typed result when it succeeded, and the error text otherwise.</summary>
internal sealed record JobOutcome(JobState State, object? Result, string? Error);
