using System.Text.RegularExpressions;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Models.TorchVision;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Targets;
using ConvLens.Visualize.Maximize;

namespace ConvLens.Tests.Cli;

/// <summary>The help lists what the library registries hold; nothing here is typed by hand.</summary>
public class HelpTests
{
    public static TheoryData<string> CommandsWithAColormap => ["cam", "maps", "filters"];

    public static TheoryData<string> CommandsWithAModel => ["inspect", "maps", "filters", "stats run", "cam", "maximize", "dream"];

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

    [Theory]
    [MemberData(nameof(CommandsWithAColormap))]
    public void Should_list_every_colormap(string command)
    {
        var help = Help(command);

        Assert.Contains("--colormap <COLORMAP>", help, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", Colormaps.Ids), help, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CommandsWithAModel))]
    public void Should_list_every_model_source_and_torchvision_architecture(string command)
    {
        var help = Help(command);

        Assert.All(ModelCatalog.Sources, s => Assert.Contains(s.Syntax, help, StringComparison.Ordinal));
        Assert.All(TorchVisionModelSource.Names, n => Assert.Contains(n, help, StringComparison.Ordinal));
    }

    [Fact]
    public void Should_add_no_registry_section_to_a_command_without_registry_values()
    {
        var help = Help("primer");

        Assert.DoesNotContain("MODEL:", help, StringComparison.Ordinal);
        Assert.DoesNotContain("METHODS:", help, StringComparison.Ordinal);
    }

    private static string Help(string command)
    {
        var result = CliRunner.Run([.. command.Split(' '), "--help"]);
        Assert.Equal(0, result.ExitCode);
        return result.Output;
    }
}
