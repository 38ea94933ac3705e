using Microsoft.ML.OnnxRuntime;

namespace ConvLens.Models.Ort;

/// <summary>ONNX Runtime session options that match how libtorch runs in this process.</summary>
internal static class OrtSessionSettings
{
    /// <summary>Options for a session on <paramref name="threads"/> intra-op threads (libtorch's <c>get_num_threads</c>).</summary>
    /// <remarks>
    /// One pool of the same width as libtorch's, and no inter-op parallelism, so the two engines never ask for more
    /// cores than libtorch alone would. When <c>OMP_WAIT_POLICY=PASSIVE</c> tells libtorch's OpenMP threads to sleep
    /// between ops (the advice for shared machines, docs/performance.md), ONNX Runtime's threads stop spinning too:
    /// a spinning pool on oversubscribed cores starves the decode threads and libtorch's work between runs.
    /// Session logs stay at errors, which also arrive as exceptions: the library writes nothing to the console.
    /// </remarks>
    public static SessionOptions Create(int threads)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (string.Equals(Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"), "PASSIVE", StringComparison.OrdinalIgnoreCase))
        {
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        }

        return options;
    }
}
