using System.IO.Compression;
using System.Text.Json;
using ConvLens.Cli.Console;
using ConvLens.Tests.Support;
using static ConvLens.Tests.Packaging.DotnetProcess;

namespace ConvLens.Tests.Packaging;

/// <summary>
/// The installable tool, end to end as a user gets it: `dotnet pack` the built CLI, `dotnet tool install` it into a
/// private tool path from that folder, and run the installed `convlens`.
/// </summary>
public sealed class ToolPackageTests
{
    [Fact]
    public async Task Should_pack_install_and_run_the_convlens_tool_from_a_local_folder()
    {
        using var folder = new TempFolder();
        var feed = folder.File("feed");
        var tools = folder.File("tools");

        // --no-build: the test run has just built the CLI in Release; packing reuses that build.
        await Dotnet("pack", Path.Combine(RepoRoot, "src", "ConvLens.Cli"), "-c", "Release", "--no-build", "-o", feed);
        var package = Assert.Single(Directory.GetFiles(feed, "*.nupkg"));
        Assert.Equal($"convlens.{CliApp.Version}.nupkg", Path.GetFileName(package));
        AssertPackageContents(package);

        await Dotnet("tool", "install", "convlens", "--tool-path", tools, "--add-source", feed, "--version", CliApp.Version, "--ignore-failed-sources");
        var convlens = Path.Combine(tools, OperatingSystem.IsWindows() ? "convlens.exe" : "convlens");

        Assert.Equal(CliApp.Version, (await Run(convlens, "--version")).Trim());

        var layers = JsonDocument.Parse(await Run(convlens, "inspect", "resnet18-featurizer", "--json")).RootElement;
        var stage4 = layers.GetProperty("layers").EnumerateArray().Single(l => l.GetProperty("alias").GetString() == "stage4");
        Assert.Equal("1,512,7,7", string.Join(',', stage4.GetProperty("outputShape").EnumerateArray().Select(d => d.GetInt64())));
    }

    // Metadata, readme and licence, the built-in model, and libtorch natives only for the platforms it runs on.
    private static void AssertPackageContents(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("README.md", names);
        Assert.Contains("LICENSE", names);
        Assert.Contains(names, n => n.EndsWith("DnnImageModels/ResNet18Onnx/ResNet18.onnx", StringComparison.Ordinal));
        Assert.Contains(names, n => n.EndsWith("runtimes/linux-x64/native/libtorch_cpu.so", StringComparison.Ordinal));
        var platforms = names.Select(n => n.Split('/')).Where(p => p.Length > 5 && p[^4] == "runtimes").Select(p => p[^3]).ToHashSet();
        Assert.Subset(new HashSet<string> { "linux-x64", "win-x64", "osx-arm64" }, platforms);

        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var text = nuspec.ReadToEnd();
        Assert.Contains("<license type=\"expression\">MIT</license>", text, StringComparison.Ordinal);
        Assert.Contains("<readme>README.md</readme>", text, StringComparison.Ordinal);
        Assert.Contains("<packageType name=\"DotnetTool\" />", text, StringComparison.Ordinal);
    }
}
