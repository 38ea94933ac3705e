using System.Globalization;

namespace ConvLens.Visualize.Statistics;

/// <summary>
/// Finds which shard a process is from what the scheduler that started it sets in its environment: a Kubernetes
/// Indexed Job (<c>JOB_COMPLETION_INDEX</c>, with the count given or in <c>CONVLENS_SHARDS</c>) or a Slurm job array
/// (<c>SLURM_ARRAY_TASK_ID</c>, <c>SLURM_ARRAY_TASK_COUNT</c>).
/// </summary>
/// <remarks>The environment is read through a lookup, so a test can play a whole job array in one process.</remarks>
public static class ShardEnvironment
{
    /// <summary>The word that asks for the shard to be read from the environment.</summary>
    public const string Auto = "auto";

    /// <summary>Kubernetes Indexed Job: the pod's 0-based completion index.</summary>
    public const string KubernetesIndex = "JOB_COMPLETION_INDEX";

    /// <summary>The shard count when the scheduler does not say it (Kubernetes does not pass <c>completions</c>).</summary>
    public const string ShardCount = "CONVLENS_SHARDS";

    /// <summary>Slurm job array: this task's id.</summary>
    public const string SlurmTaskId = "SLURM_ARRAY_TASK_ID";

    /// <summary>Slurm job array: the number of tasks.</summary>
    public const string SlurmTaskCount = "SLURM_ARRAY_TASK_COUNT";

    /// <summary>Slurm job array: the lowest task id (ids are numbered from it, e.g. 1 for <c>--array=1-4</c>).</summary>
    public const string SlurmTaskMin = "SLURM_ARRAY_TASK_MIN";

    /// <summary>Slurm job array: the id step (only 1 gives contiguous shards).</summary>
    public const string SlurmTaskStep = "SLURM_ARRAY_TASK_STEP";

    /// <summary>The shard <paramref name="text"/> names: null for the whole dataset, "I/N", or "auto" to read it from <paramref name="environment"/>.</summary>
    /// <param name="text">null, "I/N" (1-based) or "auto".</param>
    /// <param name="count">A shard count given explicitly (e.g. on the command line), or null; it must agree with what else says a count.</param>
    /// <param name="environment">Looks a variable up (null when unset); <see cref="Environment.GetEnvironmentVariable(string)"/> in a real run.</param>
    /// <exception cref="ConvLensException">The text or the variables do not name one shard, or they disagree with <paramref name="count"/>.</exception>
    public static Shard Resolve(string? text, int? count, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (count is < 1)
        {
            throw new ConvLensException($"a shard count must be at least 1, got {count}");
        }

        if (text is null)
        {
            return count is null or 1 ? Shard.Whole : throw new ConvLensException($"a shard count ({count}) needs a shard: give I/{count} or 'auto'");
        }

        if (!string.Equals(text, Auto, StringComparison.OrdinalIgnoreCase))
        {
            var shard = Shard.Parse(text);
            return count is null || count == shard.Count
                ? shard
                : throw new ConvLensException($"shard {shard} is out of {shard.Count} but the shard count given is {count}");
        }

        var kubernetes = environment(KubernetesIndex);
        var slurm = environment(SlurmTaskId);
        if (kubernetes is not null && slurm is not null)
        {
            throw new ConvLensException($"both {KubernetesIndex} (Kubernetes) and {SlurmTaskId} (Slurm) are set; 'auto' cannot tell which scheduler started this process, give the shard as I/N");
        }

        if (kubernetes is not null)
        {
            return FromKubernetes(kubernetes, count, environment(ShardCount));
        }

        if (slurm is not null)
        {
            return FromSlurm(slurm, count, environment);
        }

        throw new ConvLensException($"shard 'auto' found no scheduler: set {KubernetesIndex} (Kubernetes Indexed Job, with the count in {ShardCount} or given) or {SlurmTaskId} and {SlurmTaskCount} (Slurm job array), or give the shard as I/N");
    }

    private static Shard FromKubernetes(string indexText, int? count, string? countText)
    {
        var index = Number(KubernetesIndex, indexText, minimum: 0);
        var fromVariable = countText is null ? (int?)null : Number(ShardCount, countText, minimum: 1);
        if (count is not null && fromVariable is not null && count != fromVariable)
        {
            throw new ConvLensException($"the shard count given ({count}) differs from {ShardCount}={fromVariable}");
        }

        var n = count ?? fromVariable ?? throw new ConvLensException($"{KubernetesIndex}={index} says which shard this is but not how many there are: give the count (the Job's completions) or set {ShardCount}");
        return index < n
            ? new Shard(index + 1, n)
            : throw new ConvLensException($"{KubernetesIndex}={index} is not below the shard count {n} (indices run 0..{n - 1})");
    }

    private static Shard FromSlurm(string idText, int? count, Func<string, string?> environment)
    {
        var id = Number(SlurmTaskId, idText, minimum: 0);
        var n = environment(SlurmTaskCount) is { } countText
            ? Number(SlurmTaskCount, countText, minimum: 1)
            : throw new ConvLensException($"{SlurmTaskId}={id} is set but {SlurmTaskCount} is not; is this a Slurm job array (sbatch --array)?");
        if (environment(SlurmTaskStep) is { } step && Number(SlurmTaskStep, step, minimum: 1) != 1)
        {
            throw new ConvLensException($"{SlurmTaskStep}={step}: shards must be a contiguous array such as --array=0-{n - 1}");
        }

        var min = environment(SlurmTaskMin) is { } minText ? Number(SlurmTaskMin, minText, minimum: 0) : 0;
        if (count is not null && count != n)
        {
            throw new ConvLensException($"the shard count given ({count}) differs from {SlurmTaskCount}={n}");
        }

        var index = id - min;
        return index >= 0 && index < n
            ? new Shard(index + 1, n)
            : throw new ConvLensException($"{SlurmTaskId}={id} is outside the array {min}..{min + n - 1} ({SlurmTaskMin}={min}, {SlurmTaskCount}={n})");
    }

    private static int Number(string variable, string text, int minimum) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new ConvLensException($"{variable}='{text}' is not a whole number of at least {minimum}");
}
