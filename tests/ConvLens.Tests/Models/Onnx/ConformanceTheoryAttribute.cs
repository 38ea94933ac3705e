using Xunit.Abstractions;
using Xunit.Sdk;

namespace ConvLens.Tests.Models.Onnx;

/// <summary>
/// A theory over the libonnx-testdata cases: skipped as a whole (with the reason) when the package is not
/// installed, and each case on <see cref="OnnxConformanceCases.SkipList"/> is reported as skipped with its reason.
/// </summary>
[XunitTestCaseDiscoverer("ConvLens.Tests.Models.Onnx.ConformanceTheoryDiscoverer", "ConvLens.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ConformanceTheoryAttribute : TheoryAttribute
{
    public ConformanceTheoryAttribute()
    {
        if (!Directory.Exists(OnnxConformanceCases.Root))
        {
            Skip = $"libonnx-testdata is not installed ({OnnxConformanceCases.Root} is missing); install it with `apt-get install libonnx-testdata` (.ci/run does)";
        }
    }
}

/// <summary>Turns skip-listed data rows into skipped test cases that carry their reason.</summary>
public sealed class ConformanceTheoryDiscoverer(IMessageSink sink) : TheoryDiscoverer(sink)
{
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute, object[] dataRow)
    {
        ArgumentNullException.ThrowIfNull(dataRow);
        // The reason repeats the case and its ops in full: xunit cuts long arguments in display names.
        return OnnxConformanceCases.SkipReason((string)dataRow[0]) is { } reason
            ? CreateTestCasesForSkippedDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow, $"{reason} [case {dataRow[0]} ops {dataRow[1]}]")
            : base.CreateTestCasesForDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow);
    }
}
