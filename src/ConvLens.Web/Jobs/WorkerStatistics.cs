namespace ConvLens.Web.Jobs;

/// <summary>What one worker thread has done, read after each job: how many jobs, and the tensors still alive on it.</summary>
/// <param name="Worker">The worker's number.</param>
/// <param name="JobsRun">Jobs it finished, whatever their outcome.</param>
/// <param name="LiveTensors">TorchSharp's live tensor count on its thread after its last job (flat when nothing leaks).</param>
internal sealed record WorkerStatistics(int Worker, long JobsRun, long LiveTensors);
