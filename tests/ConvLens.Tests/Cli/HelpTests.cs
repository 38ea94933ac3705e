using System.Text.RegularExpressions;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Models.TorchVision;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Targets;
using ConvLens.Visualize.Maximize;

namespace ConvLens.Tests.Cli;

/// <summary>The help lists what the library registries hold; nothing here is typed by hand, not even the commands.</summary>
public partial class HelpTests
{
    [Fact]
    public void Should_list_every_registered_method_with_its_description_in_cam_help()
    {
        var help = Help("cam");

        Assert.All(AttributionMethods.CreateAll(), m => Assert.Matches($@"\n\s+{Regex.Escape(m.Id)}\s+{Regex.Escape(m.DisplayName)}: {Regex.Escape(m.Description)}", help));
    }

    [Fact]
    public void Should_list_every_target_form_in_cam_help()
    {
        var help = Help("cam");

        Assert.All(TargetSpec.Forms, f => Assert.Matches($@"\n\s+{Regex.Escape(f.Syntax)}\s+{Regex.Escape(f.Description)}", help));
    }

    [Fact]
    public void Should_list_every_objective_term_form_in_maximize_help()
    {
        var help = Help("maximize");

        Assert.Contains(Objective.Grammar, help, StringComparison.Ordinal);
        Assert.All(Objective.TermForms, f => Assert.Matches($@"\n\s+{Regex.Escape(f.Syntax)}\s+{Regex.Escape(f.Description)}", help));
    }

    [Fact]
    public void Should_list_every_model_source_and_colormap_wherever_a_command_takes_one()
    {
        var helps = Commands().ToDictionary(c => c, Help);

        Assert.Contains(helps.Values, h => h.Contains("<MODEL>", StringComparison.Ordinal));
        Assert.Contains(helps.Values, h => h.Contains("<COLORMAP>", StringComparison.Ordinal));
        foreach (var (command, help) in helps)
        {
            var placeholders = Placeholder().Matches(help).Select(m => m.Groups[1].Value).ToHashSet();
            Assert.True(!placeholders.Contains("MODEL") || ModelCatalog.Sources.All(s => help.Contains(s.Syntax, StringComparison.Ordinal)), $"{command}: model sources");
            Assert.True(!placeholders.Contains("MODEL") || TorchVisionModelSource.Names.All(n => help.Contains(n, StringComparison.Ordinal)), $"{command}: torchvision names");
            Assert.True(!placeholders.Contains("COLORMAP") || help.Contains(string.Join(", ", Colormaps.Ids), StringComparison.Ordinal), $"{command}: colormaps");
        }
    }

    [Fact]
    public void Should_add_no_registry_section_to_a_command_without_registry_values()
    {
        var help = Help("primer");

        Assert.DoesNotContain("MODEL:", help, StringComparison.Ordinal);
        Assert.DoesNotContain("METHODS:", help, StringComparison.Ordinal);
    }

    /// <summary>Every command of the app, found through the help itself (branches such as <c>stats</c> included).</summary>
    private static IEnumerable<string> Commands(string prefix = "")
    {
        var help = Help(prefix);
        var block = help[(help.IndexOf("COMMANDS:", StringComparison.Ordinal) is var i and >= 0 ? i : help.Length)..];
        foreach (var name in CommandLine().Matches(block).Select(m => m.Groups[1].Value))
        {
            var command = (prefix + " " + name).Trim();
            var sub = Help(command);
            var children = sub.Contains("COMMANDS:", StringComparison.Ordinal) ? Commands(command).ToList() : [];
            foreach (var c in children.Count > 0 ? children : [command])
            {
                yield return c;
            }
        }
    }

    private static string Help(string command)
    {
        var result = CliRunner.Run([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
        Assert.Equal(0, result.ExitCode);
        return result.Output;
    }

    [GeneratedRegex(@"<([A-Z]+)>")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\n {4}([a-z][a-z-]*)\b")]
    private static partial Regex CommandLine();
}
