using ConvLens.Reports.Atlas;
using ConvLens.Visualize.Atlas;
using ConvLens.Visualize.Statistics;
using ConvLens.Visualize.Statistics.Output;
using Spectre.Console;

namespace ConvLens.Cli.Console;

/// <summary>
/// Writes an atlas site as a whole: every file goes into a fresh folder beside the target, which then takes the
/// target's place, so an interrupted run leaves the previous site (or none), never a half-written one.
/// </summary>
public static class AtlasOutput
{
    /// <summary>The cache of finished unit images for the site at <paramref name="folder"/>: a sibling folder, so replacing the site keeps it.</summary>
    public static FolderImageCache CacheFor(string folder) => new(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + ".cache");

    /// <summary>Renders <paramref name="atlas"/> (with the statistics it came from) and puts the site at <paramref name="folder"/>.</summary>
    public static void Write(IAnsiConsole console, string folder, AtlasContent atlas, DatasetStatisticsResult statistics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        var target = WriteSite(folder, atlas, statistics, cancellationToken);
        foreach (var s in atlas.Skipped)
        {
            console.MarkupLine($"[yellow]warning:[/] skipped {Markup.Escape(s.Path)}: {Markup.Escape(s.Reason)}");
        }

        var units = atlas.Layers.Sum(l => l.Units.Count);
        console.MarkupLine($"atlas of {units} units in {atlas.Layers.Count} layer(s): [green]{Markup.Escape(Path.Combine(target, AtlasPaths.Index))}[/]");
    }

    /// <summary>Renders the site into a fresh folder and swaps it in at <paramref name="folder"/>; returns the full path.</summary>
    public static string WriteSite(string folder, AtlasContent atlas, DatasetStatisticsResult statistics, CancellationToken cancellationToken)
    {
        var files = AtlasSite.Render(atlas, cancellationToken).Append(("stats.json", System.Text.Encoding.UTF8.GetBytes(StatisticsJson.Serialize(statistics))));
        var target = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        var fresh = $"{target}.tmp-{Guid.NewGuid():N}";
        try
        {
            foreach (var (name, data) in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var path = Path.Combine(fresh, name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, data);
            }

            Swap(fresh, target);
            return target;
        }
        catch
        {
            if (Directory.Exists(fresh))
            {
                Directory.Delete(fresh, recursive: true);
            }

            throw;
        }
    }

    private static void Swap(string fresh, string target)
    {
        try
        {
            if (!Directory.Exists(target))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                Directory.Move(fresh, target);
                return;
            }

            if (Directory.EnumerateFileSystemEntries(target).Any() && !File.Exists(Path.Combine(target, AtlasPaths.Manifest)))
            {
                throw new ConvLensException($"'{target}' exists and is not an atlas (no {AtlasPaths.Manifest}); give an empty or new --out folder, an atlas is replaced as a whole");
            }

            var old = $"{target}.old-{Guid.NewGuid():N}";
            Directory.Move(target, old);
            Directory.Move(fresh, target);
            Directory.Delete(old, recursive: true);
        }
        catch (IOException e)
        {
            throw new ConvLensException($"cannot put the atlas at '{target}': {e.Message}", e);
        }
    }
}
