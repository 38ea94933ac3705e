namespace ConvLens.Tests.Support;

/// <summary>
/// Tests that measure the whole process (managed heap, live tensors) run in this collection, after the parallel ones
/// and with nothing else running, so another class's allocations cannot pass for theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMeasurements
{
    public const string Name = "Process-wide measurements";
}
