using System.IO.Compression;
using ConvLens.Cli.Console;
using ConvLens.Tests.Support;
using static ConvLens.Tests.Packaging.DotnetProcess;

namespace ConvLens.Tests.Packaging;

/// <summary>
/// The library package as a user's project gets it: a new console project outside this repository references
/// ConvLens.Library from a local folder, builds, and runs libtorch through the library with the woven TorchSharp.
/// </summary>
public sealed class LibraryPackageTests
{
    private const string Program = """
        using System.Reflection;
        var woven = typeof(TorchSharp.torch).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "ConvLens.KeepAliveWeave")?.Value ?? "none";
        var image = new float[6, 6];
        for (var i = 0; i < 6; i++) { image[i, 3] = 1; }
        var map = ConvLens.Visualize.Primer.CrossCorrelation2D.FeatureMap(image, new float[,] { { -1, 0, 1 }, { -1, 0, 1 }, { -1, 0, 1 } });
        Console.WriteLine($"woven={woven} libtorch={ConvLens.EngineInfo.LibTorchVersion()} map={map.GetLength(0)}x{map.GetLength(1)} row0={string.Join(',', Enumerable.Range(0, 4).Select(j => map[0, j]))}");
        using var t = TorchSharp.torch.ones(3, 3).add(TorchSharp.torch.ones(3, 3));
        Console.WriteLine($"sum={t.sum().item<float>()}");
        """;

    [Fact]
    public async Task Should_build_and_run_a_project_that_references_the_library_package()
    {
        using var folder = new TempFolder();
        var feed = folder.File("feed");
        await Dotnet("pack", Path.Combine(RepoRoot, "src", "ConvLens"), "-c", "Release", "--no-build", "-o", feed);
        var package = Assert.Single(Directory.GetFiles(feed, "*.nupkg"));
        Assert.Equal($"ConvLens.Library.{CliApp.Version}.nupkg", Path.GetFileName(package));
        using (var zip = ZipFile.OpenRead(package))
        {
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            Assert.Contains("lib/net10.0/ConvLens.dll", names);
            Assert.Contains("lib/net10.0/ConvLens.xml", names);
            Assert.Contains("buildTransitive/ConvLens.Library.targets", names);
            Assert.Contains("buildTransitive/TorchSharpKeepAlive/KeepAliveWeaver.cs", names);
        }

        var app = folder.File("app");
        Directory.CreateDirectory(app);
        await File.WriteAllTextAsync(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ConvLens.Library" Version="{CliApp.Version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), Program);
        // The local folder next to the sources this machine already uses (add, never clear).
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><add key="convlens-local" value="{feed}" /></packageSources></configuration>
            """);

        var output = await Dotnet("run", "--project", app, "-c", "Release");

        // The primer's vertical-edge kernel on a one-pixel vertical line: [0, 3, 0, -3] in every row (docs/primer.md).
        Assert.Contains($"woven=1 libtorch={EngineInfo.LibTorchVersion()} map=4x4 row0=0,3,0,-3", output, StringComparison.Ordinal);
        Assert.Contains("sum=18", output, StringComparison.Ordinal);
    }
}
