using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace ConvLens.Cli.Console;

/// <summary>
/// Spectre's help, followed by a section for each value placeholder of the command that stands for a registry
/// (<see cref="HelpSections"/>): option descriptions are constant attributes, so the choices come in here.
/// </summary>
internal sealed class RegistryHelpProvider(ICommandAppSettings settings) : HelpProvider(settings)
{
    private readonly Style _header = settings.HelpProviderStyles?.Options?.Header ?? Style.Plain;

    public override IEnumerable<IRenderable> GetFooter(ICommandModel model, ICommandInfo? command)
    {
        var placeholders = command?.Parameters.Select(p => p switch
        {
            ICommandArgument a => a.Value,
            ICommandOption o => o.ValueName,
            _ => null,
        });
        foreach (var name in (placeholders ?? []).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (HelpSections.For(name) is { } section)
            {
                yield return Render(name, section);
            }
        }
    }

    private Rows Render(string name, HelpSection section)
    {
        var forms = new Grid()
            .AddColumn(new GridColumn { Padding = new Padding(4, 0, 4, 0), NoWrap = true })
            .AddColumn(new GridColumn { Padding = new Padding(0, 0) });
        foreach (var form in section.Forms)
        {
            forms.AddRow(new Text(form.Syntax), new Text(form.Description));
        }

        IEnumerable<IRenderable> lines = section.Lines.Select(l => new Padder(new Text(l), new Padding(4, 0, 0, 0)));
        return new Rows([new Text(string.Empty), new Text($"{name}:", _header), .. lines, .. section.Forms.Count > 0 ? [forms] : Array.Empty<IRenderable>()]);
    }
}
