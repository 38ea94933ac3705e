using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>The one list of convlens commands: one line per command.</summary>
internal static class CommandRegistry
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<DemoCommand>("demo").WithDescription("Run every method on the built-in model and sample photos; writes OUT/index.html.");
        config.AddCommand<PrimerCommand>("primer").WithDescription("The teaching primer: a 6x6 image (x) 3x3 kernel feature map, and a dreamed filter pattern (PNG + GIF).");
        config.AddCommand<MapsCommand>("maps").WithDescription("Feature maps of an image at one or more layers: a labelled grid per layer, a mean-activation overlay and JSON.");
        config.AddCommand<FiltersCommand>("filters").WithDescription("A convolution's filters as images: RGB tiles for a first layer, kernel strips and norm heat strips deeper.");
        config.AddBranch("stats", stats =>
        {
            stats.SetDescription("Per-channel activation statistics over a dataset, with dead and rarely active filters.");
            stats.AddCommand<StatsCommand>("run").WithDescription("Measure layers over a dataset (also reached as `convlens stats MODEL DATASET ...`).");
            stats.AddCommand<StatsMergeCommand>("merge").WithDescription("Combine the parts of a sharded `stats` run into one result (identical to an unsharded run).");
        });
        config.AddBranch("atlas", atlas =>
        {
            atlas.SetDescription("A static site with a page per unit: maximized image, top and bottom dataset exemplars, statistics, kernel.");
            atlas.AddCommand<AtlasCommand>("run").WithDescription("Build the atlas of layers over a dataset (also reached as `convlens atlas MODEL DATASET ...`).");
            atlas.AddCommand<AtlasMergeCommand>("merge").WithDescription("Join the parts of a sharded `atlas` run and write the site.");
        });
        config.AddBranch("cam", cam =>
        {
            cam.SetDescription("Why a prediction happened: Grad-CAM family and gradient heatmaps on photos or over a dataset, with faithfulness metrics.");
            cam.AddCommand<CamCommand>("run").WithDescription("Explain photos or a dataset (also reached as `convlens cam MODEL IMAGE...`); `cam merge` joins the shards of a dataset run.");
            cam.AddCommand<CamMergeCommand>("merge").WithDescription("Join the parts of a sharded dataset `cam` run into what one unsharded run writes.");
        });
        config.AddCommand<SanityCommand>("sanity").WithDescription("Model-randomisation sanity check: randomise weight layers from the top and compare the maps (Spearman, SSIM), as a table and a strip.");
        config.AddCommand<InspectCommand>("inspect").WithDescription("List a model's layers with output shapes, parameters and receptive fields.");
        config.AddCommand<MaximizeCommand>("maximize").WithDescription("Synthesize the images that excite chosen channels most (feature visualization).");
        config.AddCommand<DreamCommand>("dream").WithDescription("DeepDream: amplify what a layer sees in a photograph.");
        config.AddCommand<ServeCommand>("serve").WithDescription("The web explorer: every method in the browser, with live progress (loopback only by default).");
    }

    /// <summary>
    /// Lets <c>convlens stats MODEL DATASET</c> reach <c>stats run</c> (and <c>atlas</c>, <c>cam</c> likewise): Spectre cannot give a branch a default
    /// command with arguments next to a sub-command (<c>stats merge</c>, <c>atlas merge</c>, <c>cam merge</c>), so the implied word is inserted here.
    /// <c>cam --help</c> shows the help of <c>cam run</c>, whose sections list the methods, targets and metrics from the registries.
    /// </summary>
    public static string[] Normalize(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var help = args.Length >= 2 && args[1] is "-h" or "--help";
        return args.Length >= 2 && args[0] is "stats" or "atlas" or "cam" && args[1] is not ("run" or "merge") && (!help || args[0] == "cam")
            ? [args[0], "run", .. args[1..]]
            : args;
    }
}
