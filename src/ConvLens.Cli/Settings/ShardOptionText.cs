namespace ConvLens.Cli.Settings;

/// <summary>The help of <c>--shard</c> and <c>--shards</c>, shared by every command that can run in shards (option descriptions must be constants).</summary>
internal static class ShardOptionText
{
    public const string Shard = "Process only shard I of N (1-based, contiguous whole batches), or 'auto': read it from a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, count from --shards or CONVLENS_SHARDS) or a Slurm job array (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT). Combine the parts with `merge` (docs/scaling.md).";

    public const string Shards = "How many shards there are, for --shard auto under a Kubernetes Indexed Job (its completions); checked against the scheduler's count otherwise.";
}
