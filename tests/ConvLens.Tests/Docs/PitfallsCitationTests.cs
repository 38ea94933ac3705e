using System.Text.RegularExpressions;

namespace ConvLens.Tests.Docs;

/// <summary>Code comments and docs cite the ONNX pitfalls guide by section; every cited section exists in it.</summary>
public partial class PitfallsCitationTests
{
    private const string Guide = "onnx-import-pitfalls.md";

    private static readonly string[] CitingFolders = ["src", "tests", "docs"];

    [Fact]
    public void Should_cite_only_sections_the_pitfalls_guide_has()
    {
        var root = RepositoryRoot();
        var headings = Heading().Matches(File.ReadAllText(Path.Combine(root, "docs", "contributing", Guide)))
            .Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var citing = CitingFolders
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.EndsWith(Guide, StringComparison.Ordinal))
            .Select(f => (File: f, Text: File.ReadAllText(f)))
            .Where(f => f.Text.Contains(Guide, StringComparison.Ordinal))
            .ToList();

        var cited = citing.SelectMany(f => Section().Matches(f.Text).Select(m => (f.File, Section: m.Groups[1].Value))).ToList();

        Assert.NotEmpty(cited);
        Assert.All(cited, c => Assert.True(headings.Contains(c.Section), $"{Path.GetRelativePath(root, c.File)} cites §{c.Section}, which {Guide} does not have"));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConvLens.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("ConvLens.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"(?m)^#{2,3} (\d+(?:\.\d+)?)\.? ")]
    private static partial Regex Heading();

    [GeneratedRegex(@"§(\d+(?:\.\d+)?)")]
    private static partial Regex Section();
}
